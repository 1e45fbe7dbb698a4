import type { Page } from '@playwright/test';
import { expect, openReadyApp, readOutput, test } from './fixtures';

/** A fixed 28x28 image (a thick diagonal stroke), so predictions before and after can be compared. */
async function predictStroke(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const pixels = new Float32Array(28 * 28);
    for (let r = 4; r < 24; r++) for (let c = r - 2; c <= r + 2; c++) pixels[r * 28 + c] = 1;
    const probabilities = await window.kernelscope!.predict(pixels);
    return Array.from(probabilities ?? []);
  });
}

async function trainAndPause(page: Page, batches: number): Promise<void> {
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 120_000, intervals: [500] }).toBeGreaterThanOrEqual(batches);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
}

function expectClose(actual: number[], expected: number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  const worst = Math.max(...actual.map((v, i) => Math.abs(v - (expected[i] ?? NaN))));
  expect(worst).toBeLessThanOrEqual(tolerance);
}

test('a trained model survives a reload: the same weights, predictions, progress and curves', async ({ page }) => {
  await openReadyApp(page);
  await trainAndPause(page, 40);
  await expect(page.getByText(/^Kept in this browser: step [\d,]+/)).toBeVisible();
  const batch = await readOutput(page, 'Batch');
  const before = await predictStroke(page);
  expect(before).toHaveLength(10);

  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: /^Restored the trained model: epoch 1 of 3, no validation yet, saved \d\d:\d\d\.$/ })).toBeVisible({ timeout: 60_000 });
  expectClose(await predictStroke(page), before, 1e-5);
  expect(await readOutput(page, 'Batch')).toBe(batch);
  await expect(page.getByRole('img', { name: 'Loss chart' })).toHaveAttribute('data-points', String(batch));
  // Continue trains the restored model on from the next batch, with the curve carrying on.
  await expect(page.getByText(`Continue goes on from epoch 1, batch ${batch + 1}; Train starts again from scratch.`)).toBeVisible();
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 60_000 }).toBeGreaterThan(batch + 5);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  const points = Number(await page.getByRole('img', { name: 'Loss chart' }).getAttribute('data-points'));
  expect(points).toBe(await readOutput(page, 'Batch'));

  // An edit now would throw the restored weights away, so it asks first.
  await page.getByRole('combobox', { name: 'Preset' }).selectOption('lenet5');
  await expect(page.getByRole('dialog', { name: 'Discard the trained model?' })).toBeVisible();
  await page.getByRole('button', { name: 'Keep the model' }).click();
});

test('My models: Save, Rename, Delete with undo, Load, and a full quota keeps the earlier saves', async ({ page }) => {
  await openReadyApp(page);
  await page.getByText('My models', { exact: true }).click();
  const myModels = page.getByRole('region', { name: 'My models' });
  await expect(myModels.getByText('No saved models yet.')).toBeVisible();
  await expect(myModels.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();

  await trainAndPause(page, 30);
  const savedBatch = await readOutput(page, 'Batch');
  const saved = await predictStroke(page);
  // A name carrying markup is kept as text, never run as HTML.
  const hostile = '<img src=x onerror="window.hacked=1">First';
  await myModels.getByRole('textbox', { name: 'Name' }).fill(hostile);
  await myModels.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(myModels.getByRole('status')).toHaveText(`Saved "${hostile}".`);
  const list = myModels.getByRole('list', { name: 'Saved models' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByText(hostile, { exact: true })).toBeVisible();
  await expect(list.getByText(/5,994 parameters · not validated yet/)).toBeVisible();
  expect(await page.evaluate(() => (window as { hacked?: number }).hacked)).toBeUndefined();

  await myModels.getByRole('button', { name: `Rename ${hostile}` }).click();
  await myModels.getByRole('textbox', { name: `New name for ${hostile}` }).fill('Small CNN, 30 batches');
  await myModels.getByRole('button', { name: 'Save name' }).click();
  await expect(list.getByText('Small CNN, 30 batches', { exact: true })).toBeVisible();

  // The storage is full: the new save is refused with a message, the earlier one is untouched.
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    (window as { restorePut?: () => void }).restorePut = () => (IDBObjectStore.prototype.put = put);
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await myModels.getByRole('textbox', { name: 'Name' }).fill('Second');
  await myModels.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(myModels.getByRole('alert')).toContainText(`The browser's storage for this page is full, so "Second" was not saved. Everything saved before is kept.`);
  await page.evaluate(() => (window as { restorePut?: () => void }).restorePut?.());
  await expect(list.getByRole('listitem')).toHaveCount(1);

  // Delete, then Undo puts it back.
  await myModels.getByRole('button', { name: 'Delete Small CNN, 30 batches' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(0);
  await myModels.getByRole('button', { name: 'Undo delete' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);

  // Train on: the model changes; Load brings the saved weights back, after asking.
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 60_000 }).toBeGreaterThan(savedBatch + 10);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByText('Stopped', { exact: true })).toBeVisible();
  await myModels.getByRole('button', { name: 'Load Small CNN, 30 batches' }).click();
  await page.getByRole('dialog', { name: 'Discard the trained model?' }).getByRole('button', { name: 'Discard and change' }).click();
  await expect(myModels.getByRole('status')).toHaveText('Loaded "Small CNN, 30 batches".');
  expectClose(await predictStroke(page), saved, 1e-6);
  expect(await readOutput(page, 'Batch')).toBe(savedBatch);

  // The loaded model is the one a reload brings back, and the list survives it.
  await expect(page.getByText(new RegExp(`^Kept in this browser: step ${savedBatch},`))).toBeVisible();
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: /^Restored the trained model: epoch 1 of 3/ })).toBeVisible({ timeout: 60_000 });
  expectClose(await predictStroke(page), saved, 1e-6);
  await page.getByText(/^My models/).click();
  await expect(page.getByRole('region', { name: 'My models' }).getByText('Small CNN, 30 batches', { exact: true })).toBeVisible();
});
