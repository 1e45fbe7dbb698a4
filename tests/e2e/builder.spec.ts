import type { Locator, Page } from '@playwright/test';
import { expect, openReadyApp, readOutput, test } from './fixtures';

const palette = (page: Page) => page.getByRole('region', { name: 'Layer palette' });
const network = (page: Page) => page.getByRole('list', { name: 'Network' });
const settings = (page: Page) => page.getByRole('region', { name: 'Layer settings' });
const layerNames = async (page: Page) =>
  (await network(page).getByRole('listitem').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label') ?? ''))).map((name) => name.split(':')[0]);

/** Drags with a real mouse: press, move in steps (dnd-kit starts after a few pixels), release. */
async function dragWithMouse(page: Page, source: Locator, target: Locator, where: 'top' | 'bottom'): Promise<void> {
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('Drag source or target is not visible.');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 8, from.y + from.height / 2 + 8, { steps: 4 });
  const y = where === 'top' ? to.y + to.height * 0.25 : to.y + to.height * 0.75;
  await page.mouse.move(to.x + to.width / 2, y, { steps: 12 });
  await page.mouse.up();
}

// Tall enough that the palette and the network are both in view for the mouse drags.
test.use({ viewport: { width: 1400, height: 1400 } });

test('builds a network from the palette by keyboard and mouse, edits it, fixes it, undoes and trains it', async ({ page }) => {
  await openReadyApp(page);
  await page.getByRole('button', { name: 'New empty network' }).click();
  await expect(network(page).getByRole('listitem')).toHaveCount(0);
  await expect(page.getByText(/The network has no layers yet/).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Train' })).toBeDisabled();

  // Keyboard: Enter on a palette entry adds it at the end, selected in the inspector.
  await palette(page).getByRole('button', { name: 'Conv2D', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(network(page).getByRole('listitem', { name: /^1\. Conv2D: output 26x26x8, 80 parameters/ })).toBeVisible();
  await expect(settings(page).getByRole('status', { name: 'Output shape' })).toHaveText('26x26x8');

  // Edits update shapes and counts at once.
  await settings(page).getByRole('spinbutton', { name: 'Filters' }).fill('16');
  await expect(settings(page).getByRole('status', { name: 'Parameters' })).toHaveText('160');
  await settings(page).getByRole('combobox', { name: 'Padding', exact: true }).selectOption('same');
  await expect(settings(page).getByRole('status', { name: 'Output shape' })).toHaveText('28x28x16');
  await settings(page).getByRole('spinbutton', { name: 'Kernel height' }).fill('5');
  await settings(page).getByRole('spinbutton', { name: 'Kernel width' }).fill('5');
  await expect(settings(page).getByRole('status', { name: 'Parameters' })).toHaveText('416');
  await settings(page).getByRole('spinbutton', { name: 'Stride', exact: true }).fill('2');
  await expect(network(page).getByRole('listitem', { name: /^1\. Conv2D: output 14x14x16, 416 parameters/ })).toBeVisible();

  // A mouse click adds MaxPool2D; the network still lacks a classifier, and says how to fix that.
  await palette(page).getByRole('button', { name: 'MaxPool2D', exact: true }).click();
  await expect(network(page).getByRole('listitem', { name: /^2\. MaxPool2D: output 7x7x16/ })).toBeVisible();
  const fix = page.getByRole('group', { name: 'Network problems' }).getByRole('button', { name: 'Add Flatten + Dense(10) + softmax' });
  await expect(page.getByRole('button', { name: 'Train' })).toBeDisabled();
  await fix.click();
  expect(await layerNames(page)).toEqual(['1. Conv2D', '2. MaxPool2D', '3. Flatten', '4. Dense']);
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled();
  await expect(page.getByRole('status', { name: 'Total parameters' })).toHaveText('8,266');

  // Undo and redo, with the buttons and the keyboard.
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  expect(await layerNames(page)).toEqual(['1. Conv2D', '2. MaxPool2D']);
  await page.getByRole('button', { name: 'Redo' }).click();
  expect(await layerNames(page)).toEqual(['1. Conv2D', '2. MaxPool2D', '3. Flatten', '4. Dense']);
  await page.locator('body').press('Control+z');
  expect(await layerNames(page)).toEqual(['1. Conv2D', '2. MaxPool2D']);
  await page.locator('body').press('Control+Shift+z');
  expect(await layerNames(page)).toEqual(['1. Conv2D', '2. MaxPool2D', '3. Flatten', '4. Dense']);

  // Keyboard drag and drop: pick up MaxPool2D, move it up one place, drop it.
  const handle = network(page).getByRole('button', { name: 'Reorder 2. MaxPool2D' });
  await handle.focus();
  // The handle shows it is held; dnd-kit announces each step, and the test waits for what a screen reader hears.
  await page.keyboard.press('Space');
  await expect(handle).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('ArrowUp');
  await expect(page.getByText('2. MaxPool2D is over position 1 of 4.')).toBeAttached();
  await page.keyboard.press('Space');
  await expect.poll(() => layerNames(page)).toEqual(['1. MaxPool2D', '2. Conv2D', '3. Flatten', '4. Dense']);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  expect(await layerNames(page)).toEqual(['1. Conv2D', '2. MaxPool2D', '3. Flatten', '4. Dense']);

  // Mouse drag from the palette into the middle of the network.
  await dragWithMouse(page, palette(page).getByRole('button', { name: 'Dropout', exact: true }), network(page).getByRole('listitem').nth(3), 'top');
  await expect.poll(() => layerNames(page)).toEqual(['1. Conv2D', '2. MaxPool2D', '3. Flatten', '4. Dropout', '5. Dense']);
  // Mouse drag to reorder: Dropout's handle onto Flatten's upper half.
  await dragWithMouse(page, network(page).getByRole('button', { name: 'Reorder 4. Dropout' }), network(page).getByRole('listitem').nth(2), 'top');
  await expect.poll(() => layerNames(page)).toEqual(['1. Conv2D', '2. MaxPool2D', '3. Dropout', '4. Flatten', '5. Dense']);

  // An invalid stack is marked where it breaks, Train says why, and the quick fix repairs it.
  await network(page).getByRole('button', { name: /^1\. Conv2D/ }).click();
  await settings(page).getByRole('spinbutton', { name: 'Stride', exact: true }).fill('4');
  await expect(settings(page).getByRole('status', { name: 'Output shape' })).toHaveText('7x7x16');
  await network(page).getByRole('button', { name: /^2\. MaxPool2D/ }).click();
  await settings(page).getByRole('spinbutton', { name: 'Pool size', exact: true }).fill('8');
  const pool = network(page).getByRole('listitem', { name: /^2\. MaxPool2D: .*has a problem/ });
  await expect(pool).toBeVisible();
  await expect(page.getByText(/Fix the network first: /)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Train' })).toBeDisabled();
  await pool.getByRole('button', { name: "Use padding 'same'" }).click();
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled();

  // Summaries in the two familiar formats.
  await page.getByText('Summary as a table, in Keras or in PyTorch').click();
  await page.getByRole('radio', { name: 'Keras' }).check();
  const total = await page.getByRole('status', { name: 'Total parameters' }).textContent();
  await expect(page.getByLabel('Keras summary')).toContainText(`Total params: ${total}`);
  await page.getByRole('radio', { name: 'PyTorch' }).check();
  await expect(page.getByLabel('PyTorch summary')).toContainText('Conv2d(1, 16, kernel_size=(5, 5), stride=(4, 4)');
  await page.getByRole('radio', { name: 'Table' }).check();

  // The built network trains.
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 120_000 }).toBeGreaterThanOrEqual(5);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled();

  // Editing a trained network asks first; keeping the model changes nothing.
  await network(page).getByRole('button', { name: 'Remove 3. Dropout' }).click();
  const dialog = page.getByRole('dialog', { name: 'Discard the trained model?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Keep the model' }).click();
  await expect(dialog).toBeHidden();
  expect(await layerNames(page)).toHaveLength(5);
  expect(await readOutput(page, 'Batch')).toBeGreaterThanOrEqual(5);
  await network(page).getByRole('button', { name: 'Remove 3. Dropout' }).click();
  await dialog.getByRole('button', { name: 'Discard and change' }).click();
  await expect.poll(() => layerNames(page)).toEqual(['1. Conv2D', '2. MaxPool2D', '3. Flatten', '4. Dense']);
  await expect(dialog).toBeHidden();
});

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true, viewport: { width: 1400, height: 1400 } });

  /** A finger drag: press and hold until dnd-kit picks the item up (`pickedUp` shows it), move, lift. */
  async function dragWithFinger(page: Page, source: Locator, pickedUp: Locator, target: Locator): Promise<void> {
    const from = await source.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error('Drag source or target is not visible.');
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
    const [x0, y0] = [from.x + from.width / 2, from.y + from.height / 2];
    await touch('touchStart', x0, y0);
    await expect(pickedUp).toBeAttached();
    const [x1, y1] = [to.x + to.width / 2, to.y + to.height * 0.25];
    for (let i = 1; i <= 12; i++) await touch('touchMove', x0 + ((x1 - x0) * i) / 12, y0 + ((y1 - y0) * i) / 12);
    await touch('touchEnd', x1, y1);
  }

  test('adds and reorders layers with a finger', async ({ page }) => {
    await openReadyApp(page);
    expect(await layerNames(page)).toEqual(['1. Conv2D', '2. MaxPool2D', '3. Conv2D', '4. MaxPool2D', '5. Flatten', '6. Dense']);
    // dnd-kit announces the pick-up, then at once where the item is over.
    const dropoutPickedUp = page.getByText(/^(Picked up Dropout\.|Dropout is over)/);
    await dragWithFinger(page, palette(page).getByRole('button', { name: 'Dropout', exact: true }), dropoutPickedUp, network(page).getByRole('listitem').nth(5));
    await expect.poll(() => layerNames(page)).toEqual(['1. Conv2D', '2. MaxPool2D', '3. Conv2D', '4. MaxPool2D', '5. Flatten', '6. Dropout', '7. Dense']);
    const handle = network(page).getByRole('button', { name: 'Reorder 6. Dropout' });
    await dragWithFinger(page, handle, handle.and(page.locator('[aria-pressed="true"]')), network(page).getByRole('listitem').nth(4));
    await expect.poll(() => layerNames(page)).toEqual(['1. Conv2D', '2. MaxPool2D', '3. Conv2D', '4. MaxPool2D', '5. Dropout', '6. Flatten', '7. Dense']);
  });
});

test('keeps the network the user built across a reload', async ({ page }) => {
  await openReadyApp(page);
  await palette(page).getByRole('button', { name: 'Dropout', exact: true }).click();
  await network(page).getByRole('button', { name: /^7\. Dropout/ }).click();
  await settings(page).getByRole('spinbutton', { name: 'Rate' }).fill('0.3');
  await expect(network(page).getByRole('button', { name: /^7\. Dropout rate 0\.3/ })).toBeVisible();

  await page.reload();
  await expect(page.getByText(/MNIST ready/)).toBeVisible({ timeout: 60_000 });
  expect(await layerNames(page)).toEqual(['1. Conv2D', '2. MaxPool2D', '3. Conv2D', '4. MaxPool2D', '5. Flatten', '6. Dense', '7. Dropout']);
  await expect(network(page).getByRole('button', { name: /^7\. Dropout rate 0\.3/ })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Preset' })).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toBeDisabled();
});
