import { expect, openReadyApp, readOutput, test } from './fixtures';

test('a lost WebGL context loses nothing: training goes on from the last good weights on wasm, and the page says so', async ({ page }) => {
  await openReadyApp(page, '/?backend=webgl');
  const backend = page.getByRole('status', { name: 'Backend' });
  await expect(backend).toHaveText('webgl');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 120_000, intervals: [500] }).toBeGreaterThanOrEqual(8);

  const lost = await page.evaluate(async () => (await window.kernelscope!.handle).api.loseContextForTest());
  expect(lost).toBe(true);
  await expect(page.getByRole('alert')).toHaveText(/^The WebGL context was lost \(the GPU was reset or ran out of memory\)\. Training goes on from the weights of step \d+ on wasm; nothing you made was lost\.$/, { timeout: 60_000 });
  await expect(backend).toHaveText('wasm');
  const resumedAt = await readOutput(page, 'Batch');
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 60_000 }).toBeGreaterThan(resumedAt + 10);
  await expect(page.getByRole('contentinfo', { name: 'Status' }).getByText('Training', { exact: true })).toBeVisible();
  // The curve never runs backwards: the batches after the copy were replaced, not repeated, so it
  // holds one point per step.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  const batch = await readOutput(page, 'Batch');
  await expect(page.getByRole('img', { name: 'Loss chart' })).toHaveAttribute('data-points', String(batch));
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByText('Stopped', { exact: true })).toBeVisible();
});
