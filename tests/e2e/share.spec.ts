import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { decodeSafetensors } from '../../src/core/export/safetensors';
import { expect, openReadyApp, readOutput, test } from './fixtures';

async function predictStroke(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const pixels = new Float32Array(28 * 28);
    for (let r = 4; r < 24; r++) for (let c = r - 2; c <= r + 2; c++) pixels[r * 28 + c] = 1;
    return Array.from((await window.kernelscope!.predict(pixels)) ?? []);
  });
}

const worst = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - (b[i] ?? NaN))));

async function downloaded(page: Page, click: () => Promise<void>, count = 1): Promise<{ name: string; bytes: Buffer }[]> {
  const downloads: Promise<Download>[] = [];
  const listener = (d: Download) => downloads.push(Promise.resolve(d));
  page.on('download', listener);
  const first = page.waitForEvent('download');
  await click();
  await first;
  await expect.poll(() => downloads.length).toBe(count);
  page.off('download', listener);
  return Promise.all(downloads.map(async (d) => ({ name: (await d).suggestedFilename(), bytes: await readFile((await (await d).path())!) })));
}

async function trainMore(page: Page, beyond: number): Promise<void> {
  await page.getByRole('button', { name: /^(Resume|Continue)$/ }).click();
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 60_000 }).toBeGreaterThan(beyond + 10);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
}

test('model files: both formats download and open again (picker and drop); a corrupt file is refused and changes nothing', async ({ page }) => {
  await openReadyApp(page);
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 120_000 }).toBeGreaterThanOrEqual(30);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  const batch = await readOutput(page, 'Batch');
  const saved = await predictStroke(page);

  await page.getByText(/^My models/).click();
  const files = page.getByRole('group', { name: 'Model files' });
  const [kernelscope] = await downloaded(page, () => files.getByRole('button', { name: 'Download model' }).click());
  expect(kernelscope!.name).toBe('small-cnn-fast-on-cpu.kernelscope');
  const [json, bin] = await downloaded(page, () => files.getByRole('button', { name: 'Download for tfjs' }).click(), 2);
  expect([json!.name, bin!.name]).toEqual(['model.json', 'model.weights.bin']);
  expect(JSON.parse(json!.bytes.toString('utf8')).format).toBe('layers-model');

  await trainMore(page, batch);
  const trainedOn = await predictStroke(page);
  expect(worst(trainedOn, saved)).toBeGreaterThan(1e-4);

  // A damaged file: refused with what is wrong, and the model is as it was.
  const upload = page.getByLabel('Upload model');
  await upload.setInputFiles({ name: 'broken.kernelscope', mimeType: 'application/octet-stream', buffer: kernelscope!.bytes.subarray(0, 500) });
  const myModels = page.getByRole('region', { name: 'My models' });
  await expect(myModels.getByRole('alert')).toHaveText(/^Nothing was changed\. This is not a Kernelscope model file: /);
  expect(worst(await predictStroke(page), trainedOn)).toBe(0);

  // The .kernelscope file, through the picker.
  await upload.setInputFiles({ name: 'small-cnn.kernelscope', mimeType: 'application/octet-stream', buffer: kernelscope!.bytes });
  await page.getByRole('dialog', { name: 'Discard the trained model?' }).getByRole('button', { name: 'Discard and change' }).click();
  await expect(myModels.getByRole('status').filter({ hasText: 'Opened' })).toHaveText('Opened "Small CNN (fast on CPU)" from the file.');
  expect(worst(await predictStroke(page), saved)).toBeLessThanOrEqual(1e-6);
  expect(await readOutput(page, 'Batch')).toBe(batch);

  // tfjs's model.json and weights, dropped onto the page together.
  await trainMore(page, batch);
  await page.evaluate(
    ([jsonText, binBytes]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([jsonText], 'model.json', { type: 'application/json' }));
      transfer.items.add(new File([new Uint8Array(binBytes)], 'model.weights.bin'));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    [json!.bytes.toString('utf8'), Array.from(bin!.bytes)] as const,
  );
  await page.getByRole('dialog', { name: 'Discard the trained model?' }).getByRole('button', { name: 'Discard and change' }).click();
  await expect(myModels.getByRole('status').filter({ hasText: 'Opened' })).toHaveText('Opened "Small CNN (fast on CPU)" from the file.');
  expect(worst(await predictStroke(page), saved)).toBeLessThanOrEqual(1e-6);
});

test('a copied link opens the same network and settings in a fresh browser; a bad link says so and falls back', async ({ page, browser }) => {
  await openReadyApp(page);
  await page.getByRole('combobox', { name: 'Preset' }).selectOption('lenet5');
  await page.getByRole('spinbutton', { name: 'Epochs' }).fill('5');
  const params = await page.getByRole('status', { name: 'Total parameters' }).textContent();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText('The network and training settings; no trained weights.')).toBeVisible();
  const link = await page.getByRole('textbox', { name: 'Link to this network' }).inputValue();
  expect(link).toMatch(/#net=2;mnist;28x28x1;conv2d\(/);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  try {
    await other.goto(link);
    await expect(other.getByRole('status').filter({ hasText: /^Opened the network from the link \(\d+ layers, with its training settings\)\./ })).toBeVisible();
    await expect(other.getByRole('status', { name: 'Total parameters' })).toHaveText(params!);
    await expect(other.getByRole('spinbutton', { name: 'Epochs' })).toHaveValue('5');
    // The link is read once: the address bar drops it, so a reload shows later edits.
    expect(new URL(other.url()).hash).toBe('');

    // A new document (a query as well), as a link clicked elsewhere would open.
    await other.goto('/?from=chat#net=9;28x28x1;dense(10,softmax,1);adam,0.001,32,3');
    await expect(other.getByRole('alert').filter({ hasText: /^This link could not be opened: .*newer Kernelscope.* Your saved network is shown instead\.$/ })).toBeVisible();
    await expect(other.getByRole('status', { name: 'Total parameters' })).toHaveText(params!);
  } finally {
    await fresh.close();
  }
});

test('export: PyTorch and TensorFlow.js code, coloured, and the weights in PyTorch’s layout', async ({ page }) => {
  await openReadyApp(page);
  await page.getByText('Export to PyTorch or TensorFlow.js').click();
  const panel = page.getByRole('region', { name: 'Export' });
  const python = panel.getByLabel('PyTorch code');
  await expect(python).toContainText('class KernelscopeNet(nn.Module):');
  await expect(python).toContainText('nn.Linear(256, 10)');
  await expect(python.locator('.hljs-keyword').first()).toBeVisible();

  const [code] = await downloaded(page, () => panel.getByRole('button', { name: 'Download kernelscope_net.py' }).click());
  expect(code!.bytes.toString('utf8')).toContain('def load_weights(model, path):');
  const [weights] = await downloaded(page, () => panel.getByRole('button', { name: 'Download weights (.safetensors)' }).click());
  const decoded = decodeSafetensors(new Uint8Array(weights!.bytes));
  expect(decoded.ok).toBe(true);
  if (decoded.ok) {
    const shapes = Object.fromEntries(decoded.value.tensors.map((t) => [t.name, t.shape]));
    expect(shapes['layers.0.weight']).toEqual([8, 1, 5, 5]);
    expect(shapes['layers.7.weight']).toEqual([10, 256]);
  }
  await expect(panel.getByRole('status')).toHaveText(/^Downloaded model\.safetensors \([\d.]+ MB, untrained\)\.$/);

  await panel.getByRole('radio', { name: 'TensorFlow.js' }).check();
  await expect(panel.getByLabel('TensorFlow.js code')).toContainText('tf.layers.conv2d(');
});
