import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { receptiveField } from '../../src/core/math/receptiveField';
import { getPreset } from '../../src/core/editing/presets';
import { expect, openReadyApp, readOutput, test } from './fixtures';

const featureMaps = (page: Page) => page.getByRole('region', { name: 'Feature maps' });
const filters = (page: Page) => page.getByRole('region', { name: 'Filters' });
const mapsList = (page: Page) => featureMaps(page).locator('ol.layer-maps-list');

/** A canvas' pixels in short: how many distinct colours, and a hash of all of them. */
async function canvasPixels(canvas: Locator): Promise<{ colours: number; hash: number; width: number }> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    const colours = new Set<number>();
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) {
      const rgb = ((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0);
      colours.add(rgb);
      hash = (Math.imul(hash, 31) + rgb) | 0;
    }
    return { colours: colours.size, hash, width: c.width };
  });
}

/** Waits until the maps show a snapshot drawn after `draws` earlier ones, and returns the new count. */
async function waitForDraw(page: Page, after = 0): Promise<number> {
  await expect.poll(async () => Number(await mapsList(page).getAttribute('data-draws')), { timeout: 60_000 }).toBeGreaterThan(after);
  // The canvases draw on the next animation frame.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return Number(await mapsList(page).getAttribute('data-draws'));
}

/** Opens one of the inside view's tabs. */
async function showTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

test.use({ viewport: { width: 1440, height: 900 } });

test('draws every layer of the untrained network, then follows training', async ({ page }) => {
  await openReadyApp(page);

  // Every layer of the default network, before any training: not a flat picture.
  const spec = getPreset('small-cnn')?.spec;
  if (!spec) throw new Error('small-cnn preset missing');
  await waitForDraw(page);
  const groups = featureMaps(page).getByRole('group');
  await expect(groups).toHaveCount(spec.layers.length + 1);
  await expect(featureMaps(page).getByRole('group', { name: 'Layer 1, Conv2D: 8 feature maps of 24x24' })).toBeVisible();
  await expect(featureMaps(page).getByRole('group', { name: 'Layer 4, MaxPool2D: 16 feature maps of 4x4' })).toBeVisible();
  const before: number[] = [];
  for (let i = 1; i <= spec.layers.length - 1; i++) {
    // Layers off screen draw once scrolled into view.
    const canvas = groups.nth(i).locator('canvas');
    await canvas.scrollIntoViewIfNeeded();
    await expect.poll(async () => (await canvasPixels(canvas)).colours, { message: `layer ${i} has a picture` }).toBeGreaterThan(2);
    before.push((await canvasPixels(canvas)).hash);
  }
  await expect(featureMaps(page).getByText(/^Predicts \d \(\d+(\.\d)?%\)/)).toBeVisible();

  // The first conv layer's filters, chosen from its feature maps, in the Filters tab.
  await featureMaps(page).getByRole('button', { name: 'Layer 1, Conv2D' }).click();
  await expect(page.getByRole('list', { name: 'Network' }).getByRole('listitem', { name: /^1\. Conv2D/ })).toHaveAttribute('aria-current', 'true');
  await showTab(page, 'Filters');
  const kernels = filters(page).getByRole('img', { name: /^Kernels: 8 of 5x5/ });
  await expect(kernels).toBeVisible();
  await expect(filters(page).getByRole('img', { name: 'Histogram of the layer’s weights' })).toHaveAttribute('data-count', '200');
  await expect.poll(async () => (await canvasPixels(kernels)).colours).toBeGreaterThan(8);
  const kernelsBefore = await canvasPixels(kernels);

  // The summary table selects layers too, and the choice shows everywhere.
  await page.getByText('Summary as a table, in Keras or in PyTorch').click();
  await page.getByRole('table', { name: 'Network layers' }).getByRole('button', { name: 'MaxPool2D' }).first().click();
  await expect(filters(page).getByText(/has no weights/)).toBeVisible();
  await showTab(page, 'Feature maps');
  await expect(featureMaps(page).getByRole('group', { name: /^Layer 2, MaxPool2D/ })).toHaveClass(/selected/);
  await featureMaps(page).getByRole('button', { name: 'Layer 1, Conv2D' }).click();

  // One colour scale for the whole network: every layer's legend spans the same range.
  const range = async (name: RegExp) => /values from (.*)$/.exec((await featureMaps(page).getByRole('group', { name }).locator('canvas').getAttribute('aria-label')) ?? '')?.[1];
  await page.getByRole('combobox', { name: 'Colour scale' }).selectOption('network');
  await expect.poll(async () => (await range(/^Layer 1,/)) === (await range(/^Layer 3,/))).toBe(true);
  await page.getByRole('combobox', { name: 'Colour scale' }).selectOption('layer');
  await expect.poll(async () => (await range(/^Layer 1,/)) !== (await range(/^Layer 3,/))).toBe(true);

  // 100+ batches later the maps and the filters have changed.
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 180_000, intervals: [1000] }).toBeGreaterThanOrEqual(120);
  // Live: the maps follow the training steps; frozen, they hold still while training goes on.
  await expect.poll(async () => Number(await mapsList(page).getAttribute('data-step')), { timeout: 30_000 }).toBeGreaterThanOrEqual(100);
  await page.getByRole('button', { name: 'Freeze' }).click();
  await expect(page.getByRole('button', { name: 'Freeze' })).toHaveAttribute('aria-pressed', 'true');
  const frozenAt = Number(await mapsList(page).getAttribute('data-draws'));
  const batchAtFreeze = await readOutput(page, 'Batch');
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 60_000 }).toBeGreaterThan(batchAtFreeze + 60);
  expect(Number(await mapsList(page).getAttribute('data-draws'))).toBeLessThanOrEqual(frozenAt + 1);
  await page.getByRole('button', { name: 'Freeze' }).click();
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByText('Paused', { exact: true })).toBeVisible();
  await expect.poll(async () => Number(await mapsList(page).getAttribute('data-step')), { timeout: 30_000 }).toBeGreaterThanOrEqual(batchAtFreeze + 60);
  await waitForDraw(page, Number(await mapsList(page).getAttribute('data-draws')) - 1);
  for (let i = 1; i <= spec.layers.length - 1; i++) {
    const canvas = groups.nth(i).locator('canvas');
    await canvas.scrollIntoViewIfNeeded();
    await expect.poll(async () => (await canvasPixels(canvas)).hash, { message: `layer ${i} changed with training` }).not.toBe(before[i - 1]);
  }
  await showTab(page, 'Filters');
  await expect.poll(async () => (await canvasPixels(kernels)).hash, { message: 'the kernels changed with training' }).not.toBe(kernelsBefore.hash);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByText('Stopped', { exact: true })).toBeVisible();
});

test('a probe image, receptive fields on hover, a zoomed map by keyboard, weights per layer, and no leaks', async ({ page }) => {
  await openReadyApp(page);
  await waitForDraw(page);
  const probe = page.getByRole('region', { name: 'Probe image' });
  await expect(probe.getByRole('status', { name: 'Probe label' })).toHaveText('7');
  await probe.getByRole('button', { name: 'Next' }).click();
  await expect(probe.getByRole('status', { name: 'Probe index' })).toHaveText('2');
  await expect(probe.getByRole('status', { name: 'Probe label' })).toHaveText('2');
  await probe.getByRole('combobox', { name: 'Show a digit' }).selectOption('4');
  await expect(probe.getByRole('status', { name: 'Probe label' })).toHaveText('4');
  await expect(probe.getByRole('img', { name: /a handwritten 4/ })).toBeVisible();

  // Hover cell (row 3, col 4) of the first map of layer 3 (a conv on 12x12): 7 px cells in 56 px tiles.
  const spec = getPreset('small-cnn')?.spec;
  if (!spec) throw new Error('small-cnn preset missing');
  const field = receptiveField(spec, 2, 2, 3);
  if (!field) throw new Error('no receptive field');
  const size = `${field.input.rowEnd - field.input.rowStart + 1}x${field.input.colEnd - field.input.colStart + 1}`;
  const layer3 = featureMaps(page).getByRole('group', { name: /^Layer 3, Conv2D/ }).locator('canvas');
  await layer3.scrollIntoViewIfNeeded();
  const readout = featureMaps(page).locator('.readout');
  // The layer's canvas can still be taking its size and place (it starts at the default 300x150):
  // measure it and move there again until the readout is the cell's.
  await expect
    .poll(async () => {
      const box = await layer3.boundingBox();
      if (!box) return 'layer 3 is not drawn';
      await page.mouse.move(box.x + 3 * 7 + 3, box.y + 2 * 7 + 3);
      return readout.textContent();
    })
    .toMatch(/^Layer 3, Conv2D, map 1, row 3, column 4: -?[\d.e+-]+; it sees input rows/);
  await expect(readout).toHaveAttribute('data-receptive-field', size);
  expect(size).toBe('14x14');

  // Keyboard: arrows move between maps, Enter opens one large.
  await layer3.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  const zoom = page.getByRole('dialog', { name: 'Layer 3, Conv2D, map 3 of 16' });
  await expect(zoom).toBeVisible();
  await expect(zoom.getByRole('img', { name: /^Layer 3, Conv2D, map 3 of 16: 8x8 values from/ })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('dialog', { name: 'Layer 3, Conv2D, map 4 of 16' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Network' }).getByRole('listitem', { name: /^3\. Conv2D/ })).toHaveAttribute('aria-current', 'true');

  // The dense classifier's weights, pictured as the 4x4 maps it reads.
  await page.getByRole('list', { name: 'Network' }).getByRole('button', { name: /^6\. Dense/ }).click();
  await expect(featureMaps(page).getByRole('group', { name: /^Layer 6, Dense/ })).toHaveClass(/selected/);
  await showTab(page, 'Filters');
  await expect(filters(page).getByRole('img', { name: /^Each unit’s weights, as the map it reads: 10 of 4x4/ })).toBeVisible();

  // What map 1 of layer 1 responds to most, among the first 1,000 test images; one becomes the probe.
  await page.getByRole('list', { name: 'Network' }).getByRole('button', { name: /^1\. Conv2D/ }).click();
  await filters(page).getByRole('button', { name: 'Find the 9 strongest images' }).click();
  const strongest = filters(page).getByRole('list', { name: 'Images that excite map 1 most' }).getByRole('button');
  await expect(strongest).toHaveCount(9);
  const first = (await strongest.first().getAttribute('aria-label')) ?? '';
  const index = /Test image (\d+)/.exec(first)?.[1];
  await strongest.first().click();
  await expect(probe.getByRole('status', { name: 'Probe index' })).toHaveText(Number(index).toLocaleString('en-US'));

  // 200 refreshes leave the engine's tensor count where it was.
  const counts = await page.evaluate(async () => {
    const api = (await window.kernelscope!.handle).api;
    const before = await api.tensorCount();
    for (let i = 0; i < 200; i++) await api.inspect({ probe: { kind: 'test', index: i }, weightsOf: [0, 2] });
    return [before, await api.tensorCount()];
  });
  expect(counts[1]).toBe(counts[0]);

  await expectNoSeriousAxeViolations(page);
});
