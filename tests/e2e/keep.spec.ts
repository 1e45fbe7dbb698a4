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
  // An edit now would throw the restored weights away, so it asks first.
  await page.getByRole('combobox', { name: 'Preset' }).selectOption('lenet5');
  await expect(page.getByRole('dialog', { name: 'Discard the trained model?' })).toBeVisible();
  await page.getByRole('button', { name: 'Keep the model' }).click();
});
