import { expect, openReadyApp, readOutput, test } from './fixtures';

test('trains on the page thread and the CPU backend when asked to, as the fallback does', async ({ page }) => {
  await openReadyApp(page, '/?thread=main&backend=cpu');
  await expect(page.getByText(/on the page thread/)).toBeVisible();
  await expect(page.getByRole('status', { name: 'Backend' })).toHaveText('cpu');

  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 120_000, intervals: [500] }).toBeGreaterThanOrEqual(5);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByText('Stopped', { exact: true })).toBeVisible();
  expect(await readOutput(page, 'Training loss')).toBeGreaterThan(0);
});
