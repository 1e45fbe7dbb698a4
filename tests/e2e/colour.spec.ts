import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { expect, openReadyApp, readOutput, test } from './fixtures';

async function showTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

/** How many of a canvas's pixels are plainly red, green or blue: none in a grey image or a viridis map. */
async function primaries(canvas: Locator): Promise<{ red: number; green: number; blue: number }> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    const counts = { red: 0, green: 0, blue: 0 };
    for (let i = 0; i < data.length; i += 4) {
      const [r = 0, g = 0, b = 0] = [data[i], data[i + 1], data[i + 2]];
      if (r > 150 && g < 100 && b < 100) counts.red++;
      if (g > 150 && r < 100 && b < 100) counts.green++;
      if (b > 150 && r < 100 && g < 110) counts.blue++;
    }
    return counts;
  });
}

test('a colour dataset: 32x32x3 in the builder, trained past 95%, and drawn in colour in the probe, the input map, the first filters, the convolution (three channel tiles) and saliency; its file opens again on MNIST, which moves to Colour shapes and says so', async ({ page }) => {
  test.setTimeout(300_000);
  await openReadyApp(page);
  const dataset = page.getByRole('combobox', { name: 'Dataset' });
  await dataset.selectOption({ label: 'Colour shapes' });
  await expect(page.getByText(/Colour shapes ready: 9,000 train, 900 validation, 900 test/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('Input: 32 × 32 × 3 (one Colour shapes image)')).toBeVisible();
  // Nine classes: the Small CNN's ten-way classifier no longer fits, and the analysis offers the fix.
  // The inside view says so too, rather than running the MNIST network on the colour images.
  await expect(page.getByText(/^Fix the network to see inside it: The network must end with 9 class probabilities/)).toBeVisible();
  await page.getByRole('button', { name: 'Set the last Dense layer to 9 units' }).first().click();
  await expect(page.getByRole('button', { name: 'Set the last Dense layer to 9 units' })).toHaveCount(0);

  // The probe is a test image, in colour.
  await page.getByRole('combobox', { name: 'Show a coloured shape' }).selectOption({ label: 'Show a green triangle' });
  await expect(page.getByRole('status', { name: 'Probe label' })).toHaveText('green triangle');
  const probe = page.getByRole('img', { name: /^Test image \d+, a green triangle$/ });
  await expect.poll(async () => (await primaries(probe)).green).toBeGreaterThan(20);

  // The preset made for it: three epochs (about 45 s here).
  await page.getByRole('combobox', { name: 'Preset' }).selectOption({ label: 'Colour CNN' });
  await expect(page.getByRole('spinbutton', { name: 'Epochs' })).toHaveValue('3');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByRole('tab', { name: /^Test set/ })).toHaveText(/^Test set \d+\.\d%$/, { timeout: 240_000 });
  const validation = await readOutput(page, 'Validation accuracy');
  test.info().annotations.push({ type: 'validation accuracy', description: `${validation}%` });
  expect(validation).toBeGreaterThan(95);

  // The input map: the colour image first, then its red, green and blue channels.
  await showTab(page, 'Feature maps');
  const maps = page.getByRole('region', { name: 'Feature maps' });
  const input = maps.getByRole('img', { name: /^Input: the colour image and its red, green and blue channels, 32x32/ });
  await expect.poll(async () => (await primaries(input)).green).toBeGreaterThan(20);
  await expect(maps.getByRole('group', { name: 'Layer 1, Conv2D: 16 feature maps of 28x28' })).toBeVisible();

  // The first layer's filters as colour pictures, and per channel.
  await maps.getByRole('button', { name: 'Layer 1, Conv2D' }).click();
  await showTab(page, 'Filters');
  const filters = page.getByRole('region', { name: 'Filters' });
  await expect(filters.getByRole('img', { name: /^Kernels as colour images \(grey is 0\): 16 of 5x5/ })).toBeVisible();
  await expect(filters.getByRole('img', { name: /^Kernels per channel \(red, green, blue\): 48 of 5x5/ })).toBeVisible();

  // The convolution sums over the three channels: the colour input and a tile per channel, the products by name.
  await showTab(page, 'Convolution');
  const convolution = page.getByRole('region', { name: 'Convolution animation' });
  await expect(convolution.getByRole('combobox', { name: 'Input channel' }).locator('option:checked')).toHaveText('All 3');
  const tiles = convolution.getByRole('img', { name: 'The colour input of 32x32 and its red, green and blue channels, the window outlined on each' });
  await expect.poll(async () => (await primaries(tiles)).green).toBeGreaterThan(5);
  const arithmetic = convolution.getByRole('group', { name: 'The arithmetic at this position' });
  await expect(arithmetic).toContainText(/Red channel: (\S+×\S+ \+ ){24}\S+×\S+ = /);
  await expect(arithmetic).toContainText(/The other 2 input channels \(green: \S+, blue: \S+\) add /);
  await convolution.getByRole('combobox', { name: 'Input channel' }).selectOption({ label: 'blue (3 of 3)' });
  await expect(convolution.getByText('Input: the blue channel (3 of 3)')).toBeVisible();
  await expect(arithmetic).toContainText(/Blue channel: /);

  // Saliency over the channels (the largest of the three per pixel), and Grad-CAM over the colour image.
  await showTab(page, 'Why this answer');
  const saliency = page.getByRole('img', { name: /^Saliency map for class / });
  // A signature of '0' would be an all-zero map.
  await expect(saliency).toHaveAttribute('data-signature', /^(?!0$)\d/);
  expect(await saliency.evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height])).toEqual(await page.evaluate(() => [Math.round(32 * 6 * devicePixelRatio), Math.round(32 * 6 * devicePixelRatio)]));
  const gradCam = page.getByRole('img', { name: /^Grad-CAM map over the probe image, for class / });
  await expect(gradCam).toHaveAttribute('data-signature', /^(?!0$)\d/);

  // The trained colour model as a file, opened again on MNIST: the page moves to Colour shapes, says so, and answers as before.
  const answer = page.getByRole('region', { name: 'Prediction' }).getByText(/^Prediction: /);
  const before = await answer.textContent();
  await page.getByText(/^My models/).click();
  const download = page.waitForEvent('download');
  await page.getByRole('group', { name: 'Model files' }).getByRole('button', { name: 'Download model' }).click();
  const file = await readFile((await (await download).path())!);
  await dataset.selectOption({ label: 'MNIST' });
  await page.getByRole('dialog', { name: 'Discard the trained model?' }).getByRole('button', { name: 'Discard and change' }).click();
  await expect(page.getByText(/MNIST ready: 55,000 train/)).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('Upload model').setInputFiles({ name: 'colour.kernelscope', mimeType: 'application/octet-stream', buffer: file });
  await expect(page.getByRole('region', { name: 'My models' }).getByRole('status').filter({ hasText: 'Opened' })).toHaveText(
    'Opened "Colour CNN" from the file. It is a network for Colour shapes: the page now uses that dataset.',
  );
  await expect(dataset).toHaveValue('colour-shapes');
  await expect(page.getByText(/Colour shapes ready: 9,000 train/)).toBeVisible({ timeout: 60_000 });
  await expect(answer).toHaveText(before ?? '');
});
