import { writePatternFolder } from './helpers/imageFolder';
import { expect, openReadyApp, readOutput, test } from './fixtures';

/**
 * The app from Vite's dev server (the "dev-server" project in playwright.config.ts), where React
 * runs its development-only checks (invalid DOM nesting, missing keys, ...) and logs what it finds.
 * The fixture fails the test on any console error or warning, so a walk through load, training and
 * the export dialog keeps those checks in CI.
 */
test('dev server: loads, trains a batch, draws, opens every tab and the export with a clean console', async ({ page }) => {
  await openReadyApp(page);
  // Really the dev server (not a build), and cross-origin isolated as `npm start` is.
  await expect(page.locator('script[src="/@vite/client"]')).toHaveCount(1);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  const training = page.getByRole('region', { name: 'Training' });
  await training.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 120_000, intervals: [500] }).toBeGreaterThan(0);
  await training.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByText('Stopped', { exact: true })).toBeVisible();

  // A drawing as the probe, and every tab of the inside view and the results.
  await page.getByRole('radio', { name: 'My drawing' }).check();
  const pad = page.getByRole('application', { name: 'Drawing pad: draw a digit' });
  const box = await pad.boundingBox();
  if (!box) throw new Error('The drawing pad is not on screen.');
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.15 + 0.035 * i));
  await page.mouse.up();
  await expect(page.getByRole('region', { name: 'Prediction' }).getByText(/^Prediction: \d/)).toBeVisible();
  for (const tab of ['Why this answer', 'Filters', 'Convolution', 'Feature maps', 'Test set', 'Learning curves']) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
  }

  await page.getByRole('button', { name: 'Export to PyTorch or TensorFlow.js' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog.getByLabel('PyTorch code')).toContainText('class KernelscopeNet(nn.Module):');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // The own-images dialog, with a folder read into it: its classes, pictures and messages render.
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'Add or manage my images…' });
  const own = page.getByRole('dialog', { name: 'Your own images' });
  await own.getByLabel('Choose a folder…').setInputFiles(writePatternFolder(4));
  await expect(own.getByRole('status').filter({ hasText: /classes,/ })).toHaveText('3 classes, 12 images: 6 train, 3 validation, 3 test', { timeout: 60_000 });
  await own.getByRole('button', { name: 'Leave out "dots"' }).click();
  await own.getByRole('button', { name: 'Leave out "stripes across"' }).click();
  await expect(own.getByText(/^A classifier needs at least two classes\.$/)).toBeVisible();
  await expect(own.getByRole('button', { name: 'Use these images' })).toBeDisabled();
  // The ways in made in the dialog: the pad, and the (fake) camera.
  await own.getByRole('button', { name: 'Draw examples' }).click();
  await expect(own.getByRole('application', { name: 'Drawing pad: draw an example' })).toBeVisible();
  await own.getByRole('button', { name: 'Use the camera' }).click();
  await expect(own.getByRole('region', { name: 'Camera' }).getByText(/Hold a button to capture frames/)).toBeVisible();
  await own.getByRole('button', { name: 'Cancel' }).click();
  await expect(own).toBeHidden();
});
