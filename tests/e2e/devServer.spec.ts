import { expect, openReadyApp, readOutput, test } from './fixtures';

/**
 * The app from Vite's dev server (the "dev-server" project in playwright.config.ts), where React
 * runs its development-only checks (invalid DOM nesting, missing keys, ...) and logs what it finds.
 * The fixture fails the test on any console error or warning, so a walk through load, training and
 * the export dialog keeps those checks in CI.
 */
test('dev server: loads, trains a batch and opens the export with a clean console', async ({ page }) => {
  await openReadyApp(page);
  // Really the dev server (not a build), and cross-origin isolated as `npm start` is.
  await expect(page.locator('script[src="/@vite/client"]')).toHaveCount(1);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  const training = page.getByRole('region', { name: 'Training' });
  await training.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 120_000, intervals: [500] }).toBeGreaterThan(0);
  await training.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByText('Stopped', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Export to PyTorch or TensorFlow.js' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog.getByLabel('PyTorch code')).toContainText('class KernelscopeNet(nn.Module):');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
