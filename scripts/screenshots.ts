/**
 * `npm run screenshots`: pictures of the real app, for the README and for looking at a change.
 * Builds the app (as the benchmark does, into its own folder), serves it cross-origin isolated,
 * and photographs the workspace in Debian's Chromium at each size: on load, while training, and
 * while drawing. Writes PNGs to docs/screenshots/ (or `--out=DIR`); `--sizes=1440x900,390x844`
 * picks the sizes; `--fashion` adds Fashion-MNIST trained for an epoch and its test set, `--colour`
 * the Colour shapes trained with their preset (maps, colour filters, the convolution over three
 * channels, why this answer); `--datasets-only` skips the MNIST pictures. The README's
 * picture is `workspace-training-1440x900.png`.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { openApp, startTraining, trainingControls } from '../bench/lib/appDriver';
import { launchBrowser, newContext } from '../bench/lib/browser';
import { buildSite } from '../bench/lib/build';
import { DIGITS } from '../bench/lib/drawing';
import { serveStatic } from '../bench/lib/server';

const DEFAULT_SIZES = ['1440x900', '1280x800', '820x1180', '390x844'];

function option(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** Draws a 7 on the probe's pad (switching the probe to "My drawing" first), the pen lifted at the end. */
async function drawSeven(page: Page): Promise<void> {
  await page.getByRole('radio', { name: 'My drawing' }).check();
  const pad = page.getByRole('application', { name: /Drawing pad/ });
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('The drawing pad is not on screen.');
  for (const stroke of DIGITS[2] ?? []) {
    const [first, ...rest] = stroke;
    if (!first) continue;
    await page.mouse.move(box.x + first[0] * box.width, box.y + first[1] * box.height);
    await page.mouse.down();
    for (const [x, y] of rest) await page.mouse.move(box.x + x * box.width, box.y + y * box.height);
    await page.mouse.up();
  }
  await page.getByRole('region', { name: 'Prediction' }).getByText(/^Prediction: /).waitFor();
}

/** Fashion-MNIST with its preset, trained to its first validation figure, and the test set evaluated. */
async function shootFashion(page: Page, out: string, size: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'Fashion-MNIST' });
  const discard = page.getByRole('button', { name: 'Discard and change' });
  if (await discard.isVisible()) await discard.click();
  await page.getByText(/Fashion-MNIST ready/).waitFor({ timeout: 60_000 });
  await page.getByRole('combobox', { name: 'Preset' }).selectOption({ label: 'Fashion CNN' });
  await page.getByRole('combobox', { name: 'Show a kind of clothing' }).selectOption({ label: 'Show a Sneaker' });
  await page.getByRole('spinbutton', { name: 'Epochs' }).fill('1');
  await startTraining(page);
  await page.getByRole('tab', { name: /^Test set \d/ }).waitFor({ timeout: 240_000 });
  await page.screenshot({ path: `${out}/fashion-trained-${size}.png` });
  await page.getByRole('tab', { name: /^Test set/ }).click();
  await page.getByRole('region', { name: 'Confusion matrix' }).waitFor();
  await page.screenshot({ path: `${out}/fashion-test-set-${size}.png` });
}

/** The generated colour dataset with its preset, trained, then each inside tab that shows colour. */
async function shootColour(page: Page, out: string, size: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'Colour shapes' });
  const discard = page.getByRole('button', { name: 'Discard and change' });
  if (await discard.isVisible()) await discard.click();
  await page.getByText(/Colour shapes ready/).waitFor({ timeout: 60_000 });
  await page.getByRole('combobox', { name: 'Preset' }).selectOption({ label: 'Colour CNN' });
  await page.getByRole('combobox', { name: 'Show a coloured shape' }).selectOption({ label: 'Show a green triangle' });
  await startTraining(page);
  await page.getByRole('tab', { name: /^Test set \d/ }).waitFor({ timeout: 240_000 });
  await page.screenshot({ path: `${out}/colour-trained-${size}.png` });
  const maps = page.getByRole('region', { name: 'Feature maps' });
  await maps.getByRole('button', { name: 'Layer 1, Conv2D' }).click();
  for (const [tab, name] of [['Filters', 'filters'], ['Convolution', 'convolution'], ['Why this answer', 'why']] as const) {
    await page.getByRole('tab', { name: tab }).click();
    await page.getByRole('tab', { name: tab }).and(page.locator('[aria-selected="true"]')).waitFor();
    // The explanation comes a moment after its tab opens.
    if (name === 'why') await page.waitForFunction(() => /^(?!0$)\d/.test(document.querySelector('.explanation-saliency')?.getAttribute('data-signature') ?? ''));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: `${out}/colour-${name}-${size}.png` });
  }
}

async function main(): Promise<void> {
  const out = option('out') ?? fileURLToPath(new URL('../docs/screenshots', import.meta.url));
  const sizes = (option('sizes') ?? DEFAULT_SIZES.join(',')).split(',');
  await mkdir(out, { recursive: true });
  const site = await buildSite();
  const server = await serveStatic(site);
  const browser = await launchBrowser();
  try {
    for (const size of sizes) {
      const [width, height] = size.split('x').map(Number);
      if (!width || !height) throw new Error(`--sizes: "${size}" is not WIDTHxHEIGHT`);
      const context = await newContext(browser, { viewport: { width, height } });
      const page = await openApp(context, server.origin);
      if (process.argv.includes('--datasets-only')) {
        if (process.argv.includes('--fashion')) await shootFashion(page, out, size);
        if (process.argv.includes('--colour')) await shootColour(page, out, size);
        await context.close();
        continue;
      }
      // The maps of the untrained network, drawn.
      await page.waitForFunction(() => Number(document.querySelector('ol.layer-maps-list')?.getAttribute('data-draws') ?? 0) > 0);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await page.screenshot({ path: `${out}/workspace-load-${size}.png` });
      await startTraining(page);
      // Half an epoch in: curves with a shape, maps with structure.
      await page.waitForFunction(() => Number.parseFloat(document.querySelector('output[aria-label="Validation accuracy"]')?.textContent ?? 'NaN') > 0, undefined, { timeout: 180_000 }).catch(() => undefined);
      await page.screenshot({ path: `${out}/workspace-training-${size}.png` });
      await drawSeven(page);
      await page.screenshot({ path: `${out}/workspace-drawing-${size}.png` });
      await trainingControls(page).getByRole('button', { name: 'Stop' }).click();
      if (process.argv.includes('--fashion')) await shootFashion(page, out, size);
      if (process.argv.includes('--colour')) await shootColour(page, out, size);
      await context.close();
      console.log(`screenshots at ${size} written to ${out}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
