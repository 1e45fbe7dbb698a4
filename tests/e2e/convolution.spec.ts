import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, openReadyApp, readOutput, test } from './fixtures';

const animation = (page: Page) => page.getByRole('region', { name: 'Convolution animation' });

/** Parses the animation's numbers back ("−0.0123" uses a minus sign; a negative factor is in brackets). */
const parse = (text: string) => Number(text.replace('−', '-').replace(/[()]/g, ''));

/** The products "value×weight" of the arithmetic's "Input channel 1: …" line whose two numbers are both non-zero. */
async function nonZeroProducts(region: Locator): Promise<number> {
  const line = region.getByRole('group', { name: 'The arithmetic at this position' }).locator('p').filter({ hasText: /^Input channel 1: / });
  if ((await line.count()) === 0) return 0;
  const text = (await line.first().textContent()) ?? '';
  return [...text.matchAll(/(\(?[−\-\d.e+]+\)?)×(\(?[−\-\d.e+]+\)?)/g)].filter(([, value = '', weight = '']) => parse(value) !== 0 && parse(weight) !== 0).length;
}

/** The 0-based row and column the Position slider says the window is at. */
async function positionOf(region: Locator): Promise<[number, number]> {
  const text = (await region.getByRole('slider', { name: 'Position' }).getAttribute('aria-valuetext')) ?? '';
  const [, row, col] = /^Row (\d+), column (\d+)$/.exec(text) ?? [];
  if (row === undefined || col === undefined) throw new Error(`no position in "${text}"`);
  return [Number(row) - 1, Number(col) - 1];
}

test.use({ viewport: { width: 1440, height: 900 } });

test('the kernel slides over layer 1’s real input; the arithmetic ends in the value tfjs computed and the feature map shows', async ({ page }) => {
  await openReadyApp(page);
  await page.getByRole('tab', { name: 'Convolution' }).click();
  const region = animation(page);
  await region.getByRole('combobox', { name: 'Layer', exact: true }).selectOption({ label: 'Layer 1, Conv2D' });
  await region.getByRole('combobox', { name: 'Channel' }).selectOption({ label: 'Map 1 of 8' });
  const arithmetic = region.getByRole('group', { name: 'The arithmetic at this position' });
  const position = region.getByRole('slider', { name: 'Position' });
  // It opens on the first window that covers the digit, not on the blank corner at row 1, column 1
  // (a 5x5 valid conv reads only background there): a product of two non-zero numbers.
  await expect(position).not.toHaveAttribute('aria-valuetext', 'Row 1, column 1');
  await expect.poll(() => nonZeroProducts(region)).toBeGreaterThan(0);
  const [startRow, startCol] = await positionOf(region);
  await expect(arithmetic).toContainText(`Output map 1, row ${startRow + 1}, column ${startCol + 1}:`);
  for (let i = 0; i < 5; i++) await region.getByRole('button', { name: 'Step forward' }).click();
  const [row, col] = [Math.floor((startRow * 24 + startCol + 5) / 24), (startCol + 5) % 24];
  await expect(position).toHaveAttribute('aria-valuetext', `Row ${row + 1}, column ${col + 1}`);
  await expect(arithmetic).toContainText(`Output map 1, row ${row + 1}, column ${col + 1}:`);
  // 25 products of the 5x5 kernel on the one input channel, the bias, ReLU.
  await expect(arithmetic).toContainText(/Input channel 1: (\S+×\S+ \+ ){24}\S+×\S+ = /);
  await expect(arithmetic).toContainText(/Sum \S+ \+ bias \S+ = \S+/);
  const last = (await arithmetic.locator('p').last().textContent()) ?? '';
  const [, total, tfjs] = /^= (\S+); tfjs computed (\S+) here$/.exec(last) ?? [];
  expect(total, last).toBeDefined();
  expect(total).toBe(tfjs);

  // The value shown above the output map is tfjs's, and it is the feature map's cell (that row and column, map 0).
  const shown = region.getByRole('status', { name: 'Output value' });
  await expect(shown).toHaveText(total ?? '');
  const computed = Number(await shown.getAttribute('data-computed'));
  const fromTfjs = Number(await shown.getAttribute('data-value'));
  expect(Math.abs(computed - fromTfjs)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(fromTfjs)));
  const mapValue = await page.evaluate(async (cell) => {
    const api = (await window.kernelscope!.handle).api;
    const snapshot = await api.inspect({ probe: { kind: 'test', index: 0 }, weightsOf: [] });
    return snapshot?.layers[0]?.values[cell * 8 + 0];
  }, row * 24 + col);
  expect(mapValue).toBeCloseTo(fromTfjs, 6);
  expect(parse(total ?? '')).toBeCloseTo(fromTfjs, 3);

  // Arrow keys move the kernel: down one row.
  await region.getByRole('img', { name: `The layer's input with the window at row ${row + 1}, column ${col + 1}; arrow keys move it` }).press('ArrowDown');
  await expect(position).toHaveAttribute('aria-valuetext', `Row ${row + 2}, column ${col + 1}`);
  await expect(region.getByRole('status').filter({ hasText: new RegExp(`^Row ${row + 2}, column ${col + 1}: `) })).toHaveCount(1);

  const axe = await new AxeBuilder({ page }).include('.inside-panel').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // Play moves it by itself; Pause holds it.
  await region.getByRole('button', { name: 'Play' }).click();
  await expect(position).not.toHaveAttribute('aria-valuetext', `Row ${row + 2}, column ${col + 1}`);
  await region.getByRole('button', { name: 'Pause' }).click();
  await expect(region.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('a click on a feature-map cell opens the animation there; a pool marks its max; reduced motion never plays by itself', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openReadyApp(page);
  // Layer 3 (a conv on 12x12, 8x8 out) draws 7-pixel cells: click row 3, column 4 of map 1.
  const maps = page.getByRole('region', { name: 'Feature maps' });
  const layer3 = maps.getByRole('group', { name: /^Layer 3, Conv2D/ }).locator('canvas');
  await expect(page.locator('ol.layer-maps-list')).not.toHaveAttribute('data-draws', '0');
  await layer3.scrollIntoViewIfNeeded();
  // The canvas takes its real size and place only once drawn in view: click once it holds still.
  let box: { x: number; y: number; width: number; height: number } | null = null;
  await expect(async () => {
    const first = await layer3.boundingBox();
    await page.evaluate(() => new Promise(requestAnimationFrame));
    box = await layer3.boundingBox();
    expect(box).not.toBeNull();
    expect(box).toEqual(first);
    expect(box!.width).toBeGreaterThan(8 * 7);
  }).toPass({ timeout: 20_000 });
  if (!box) throw new Error('layer 3 is not drawn');
  const { x, y } = box;
  await page.mouse.click(x + 3 * 7 + 3, y + 2 * 7 + 3);
  await expect(page.getByRole('tab', { name: 'Convolution' })).toHaveAttribute('aria-selected', 'true');
  const region = animation(page);
  await expect(region.getByRole('combobox', { name: 'Layer', exact: true })).toHaveValue(/./);
  await expect(region.getByRole('combobox', { name: 'Layer', exact: true }).locator('option:checked')).toHaveText('Layer 3, Conv2D');
  await expect(region.getByRole('slider', { name: 'Position' })).toHaveAttribute('aria-valuetext', 'Row 3, column 4');
  await expect(region.getByRole('group', { name: 'The arithmetic at this position' })).toContainText(/The other 7 input channels/);
  await expect(region.getByRole('button', { name: 'Play' })).toBeDisabled();
  // All 8 input channels at once, the window on each.
  await region.getByRole('combobox', { name: 'Input channel' }).selectOption({ label: 'All 8' });
  await expect(region.getByRole('img', { name: 'All 8 input channels of 12x12, the window outlined on each' })).toBeVisible();

  await region.getByRole('combobox', { name: 'Layer', exact: true }).selectOption({ label: 'Layer 2, MaxPool2D' });
  await expect(region.getByRole('group', { name: 'The arithmetic at this position' })).toContainText(/Max of 4 cells: .* → \S+ \(marked\)/);
  await expect(page.getByRole('list', { name: 'Network' }).getByRole('listitem', { name: /^2\. MaxPool2D/ })).toHaveAttribute('aria-current', 'true');
});

test('the sandbox works the output size out with the student’s numbers, explains a window that does not fit, and slides over typed values', async ({ page }) => {
  await openReadyApp(page);
  await page.getByRole('tab', { name: 'Convolution' }).click();
  const region = animation(page);
  await region.getByRole('button', { name: 'Sandbox' }).click();
  await expect(region.getByRole('button', { name: 'Sandbox' })).toHaveAttribute('aria-pressed', 'true');
  await region.getByRole('spinbutton', { name: 'Input size' }).fill('7');
  await region.getByRole('spinbutton', { name: 'Kernel size' }).fill('3');
  await region.getByRole('spinbutton', { name: 'Stride' }).fill('2');
  await region.getByRole('combobox', { name: 'Padding', exact: true }).selectOption('1');
  await region.getByRole('spinbutton', { name: 'Dilation' }).fill('1');
  await expect(region.getByText('floor((7 + 2*1 - 1*(3-1) - 1) / 2) + 1 = 4')).toBeVisible();
  await expect(region.getByRole('img', { name: /^Output map 1, filled in/ })).toBeVisible();
  // 16 positions: the slider runs 0..15, the last one row 4, column 4.
  const position = region.getByRole('slider', { name: 'Position' });
  await expect(position).toHaveAttribute('max', '15');
  await position.fill('15');
  await expect(position).toHaveAttribute('aria-valuetext', 'Row 4, column 4');

  // A typed input value shows up in the arithmetic: an identity kernel passes the centre through.
  await region.getByRole('combobox', { name: 'Kernel preset' }).selectOption({ label: 'Identity' });
  await position.fill('0');
  await region.getByRole('spinbutton', { name: 'Input row 1, column 1' }).fill('0.75');
  await expect(region.getByRole('group', { name: 'The arithmetic at this position' })).toContainText('= 0.75');

  // "Use in my network": the selected conv takes the sandbox's window, in one undoable edit.
  await page.getByRole('list', { name: 'Network' }).getByRole('listitem').first().locator('button.layer-select').click();
  await region.getByRole('spinbutton', { name: 'Kernel size' }).fill('3');
  await region.getByRole('button', { name: 'Use in my network' }).click();
  const first = page.getByRole('list', { name: 'Network' }).getByRole('listitem').first();
  await expect(first).toContainText('8 filters 3×3, stride 2×2, padding 1, relu');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(first).toContainText('8 filters 5×5, valid');

  // Kernel 7 on a 3-wide input without padding: no output, a reason and a fix, never an error.
  await region.getByRole('spinbutton', { name: 'Input size' }).fill('3');
  await region.getByRole('spinbutton', { name: 'Kernel size' }).fill('7');
  await region.getByRole('combobox', { name: 'Padding', exact: true }).selectOption('0');
  await expect(region.getByRole('alert')).toHaveText(/The kernel spans 7 inputs, but the padded input is only 3 wide: pad by at least 2 on each side, or use a smaller kernel/);
  await expect(region.getByRole('slider', { name: 'Position' })).toHaveCount(0);
});

test('a stride-2, dilation-2, reflect-padded conv built in the builder: the kernel jumps by 2 with gaps, the border mirrors the input, and it trains on wasm', async ({ page }) => {
  await openReadyApp(page);
  await page.getByRole('list', { name: 'Network' }).getByRole('listitem').first().locator('button.layer-select').click();
  const settings = page.getByRole('region', { name: 'Layer settings' });
  await settings.getByRole('combobox', { name: 'Padding', exact: true }).selectOption('explicit');
  await settings.getByRole('spinbutton', { name: 'Padding cells on each side' }).fill('2');
  await settings.getByRole('combobox', { name: 'Padding mode' }).selectOption('reflect');
  await settings.getByRole('spinbutton', { name: 'Stride', exact: true }).fill('2');
  await settings.getByRole('spinbutton', { name: 'Dilation', exact: true }).fill('2');
  // floor((28 + 2*2 - 2*(5-1) - 1) / 2) + 1 = 12
  await expect(settings.getByRole('status', { name: 'Output shape' })).toHaveText('12x12x8');
  await expect(page.getByRole('alert')).toHaveCount(0);

  await page.getByRole('tab', { name: 'Convolution' }).click();
  const region = animation(page);
  await expect(region.getByRole('combobox', { name: 'Layer', exact: true }).locator('option:checked')).toHaveText('Layer 1, Conv2D');
  const stage = region.locator('.window-stage');
  // Opened from the tab, it starts where the window first covers the digit: its arithmetic has a non-zero product.
  await expect.poll(() => nonZeroProducts(region)).toBeGreaterThan(0);
  // The 5x5 kernel with dilation 2 spans 9x9 cells; at the first position it starts in the 2-cell border.
  await region.getByRole('slider', { name: 'Position' }).fill('0');
  await expect(region.getByRole('slider', { name: 'Position' })).toHaveAttribute('aria-valuetext', 'Row 1, column 1');
  await expect(stage).toHaveAttribute('data-kernel-span', '9x9');
  await expect(stage).toHaveAttribute('data-window', '-2,-2');
  await region.getByRole('button', { name: 'Step forward' }).click();
  await expect(stage).toHaveAttribute('data-window', '-2,0');
  const arithmetic = region.getByRole('group', { name: 'The arithmetic at this position' });
  const last = (await arithmetic.locator('p').last().textContent()) ?? '';
  const [, total, tfjs] = /^= (\S+); tfjs computed (\S+) here$/.exec(last) ?? [];
  expect(total, last).toBe(tfjs);

  // The top-left border cell mirrors input row 3, column 3 (reflect skips the edge itself).
  const input = region.getByRole('img', { name: /^The layer's input with the window/ });
  // The controls can lie far below the input: stepping may have scrolled it out of view.
  await input.scrollIntoViewIfNeeded();
  const box = await input.boundingBox();
  if (!box) throw new Error('the input is not drawn');
  await page.mouse.move(box.x + 2, box.y + 2);
  await expect(region.locator('.readout')).toHaveText(/^Border cell \(row -1, column -1\): a copy of input row 3, column 3 \(reflect padding\): /);

  await page.getByRole('region', { name: 'Training' }).getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 120_000, intervals: [500] }).toBeGreaterThanOrEqual(10);
  const early = await readOutput(page, 'Training loss');
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 180_000, intervals: [1000] }).toBeGreaterThanOrEqual(120);
  expect(await readOutput(page, 'Training loss')).toBeLessThan(early * 0.8);
  await expect(page.getByRole('status', { name: 'Backend' })).toHaveText('wasm');
  await page.getByRole('region', { name: 'Training' }).getByRole('button', { name: 'Stop' }).click();
});
