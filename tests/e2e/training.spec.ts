import { expect, openReadyApp, readOutput, test } from './fixtures';

test('trains the small preset on real MNIST in a worker, pauses and resumes', async ({ page }) => {
  await openReadyApp(page);

  const preset = page.getByRole('combobox', { name: 'Preset' });
  await expect(preset).toHaveValue('small-cnn');
  await expect(page.getByRole('status', { name: 'Total parameters' })).toHaveText('5,994');
  await expect(page.getByText(/in a worker/)).toBeVisible();
  await expect(page.getByRole('status', { name: 'Backend' })).toHaveText(/webgl|wasm|cpu/);

  await page.getByRole('combobox', { name: 'Batch size' }).selectOption('32');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeEnabled();

  // At least 100 batches, and the curve drawn from them.
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 180_000, intervals: [1000] }).toBeGreaterThanOrEqual(100);
  const lossChart = page.getByRole('img', { name: 'Loss chart' });
  await expect(lossChart).toHaveAttribute('data-points', /^\d{3,}$/);
  const smoothedLoss = lossChart.locator('path[data-series="loss (smoothed)"]');
  await expect(smoothedLoss).toHaveAttribute('d', /^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){50,}/);
  expect(await readOutput(page, 'Training accuracy')).toBeGreaterThan(60);
  expect(await readOutput(page, 'Examples per second')).toBeGreaterThan(0);

  // Pause: the batch counter stops; Resume: it moves on.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByText('Paused', { exact: true })).toBeVisible();
  const pausedAt = await readOutput(page, 'Batch');
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  expect(await readOutput(page, 'Batch')).toBe(pausedAt);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 60_000 }).toBeGreaterThan(pausedAt);

  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByText('Stopped', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled();
});
