import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { readImageHeader } from '../../src/data/own/imageHeader';
import { encodePng } from '../unit/data/own/imageFiles';
import { expect, openReadyApp, readOutput, test } from './fixtures';
import { badFiles } from './helpers/badFiles';
import { writePatternFolder } from './helpers/imageFolder';

/** The pattern folder with files the importer must leave out, each for its own reason. */
function folderWithBadFiles(): string {
  const root = writePatternFolder(150);
  fs.writeFileSync(path.join(root, 'dots', 'notes.txt'), 'not a picture');
  fs.writeFileSync(path.join(root, 'dots', 'empty.png'), new Uint8Array());
  fs.writeFileSync(path.join(root, 'dots', 'bomb.png'), encodePng(30_000, 30_000, undefined, true));
  fs.writeFileSync(path.join(root, 'stripes down', 'cut.png'), encodePng(40, 30, () => [9, 9, 9]).subarray(0, 60));
  fs.writeFileSync(path.join(root, 'stripes down', 'text.png'), 'plain text with a .png name');
  fs.copyFileSync(path.join(root, 'dots', '000.png'), path.join(root, 'stripes across', 'copy of a dot.png'));
  fs.mkdirSync(path.join(root, 'empty class'));
  fs.writeFileSync(path.join(root, '.DS_Store'), 'x');
  return root;
}

test('own images: a folder of class folders is read with what was left out and why, trains past 90% on its test set with the classes named, and a reload keeps the dataset and the trained model', async ({ page }) => {
  test.setTimeout(240_000);
  await openReadyApp(page);
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'Add or manage my images…' });
  const dialog = page.getByRole('dialog', { name: 'Your own images' });
  await dialog.getByLabel('Choose a folder…').setInputFiles(folderWithBadFiles());

  await expect(dialog.getByRole('status').filter({ hasText: /classes,/ })).toHaveText('3 classes, 450 images: 312 train, 69 validation, 69 test', { timeout: 60_000 });
  const classes = dialog.getByRole('list', { name: 'Classes' }).getByRole('listitem');
  await expect(classes).toHaveCount(3);
  await expect(dialog.getByRole('textbox', { name: 'Name of class 1' })).toHaveValue('dots');
  await expect(classes.nth(0)).toContainText('150 images');
  const stripesDown = dialog.getByRole('group', { name: 'Pictures of "stripes down"' });
  await expect(stripesDown.getByRole('button', { name: /^Remove / })).toHaveCount(16);
  await stripesDown.getByRole('button', { name: 'Show 64 more of 134' }).click();
  await expect(stripesDown.getByRole('button', { name: /^Remove / })).toHaveCount(80);
  // Each bad file by name, with its reason; the system file silently.
  await dialog.getByText('6 files left out').click();
  const skipped = dialog.locator('.own-skipped li');
  await expect(skipped.filter({ hasText: 'patterns/dots/notes.txt' })).toContainText('it is not an image file (.txt)');
  await expect(skipped.filter({ hasText: 'patterns/dots/empty.png' })).toContainText('the file is empty (0 bytes)');
  await expect(skipped.filter({ hasText: 'patterns/dots/bomb.png' })).toContainText('it is 30,000 x 30,000 pixels (900 megapixels): too large to decode safely');
  await expect(skipped.filter({ hasText: 'patterns/stripes down/cut.png' })).toContainText(/damaged or cut short|cut short or damaged/);
  await expect(skipped.filter({ hasText: 'patterns/stripes down/text.png' })).toContainText('it is not an image this page reads');
  await expect(skipped.filter({ hasText: 'patterns/stripes across/copy of a dot.png' })).toContainText('it is the same picture as patterns/dots/000.png');
  await expect(dialog.getByText('The folder "empty class" holds no images the page can read: it is left out.')).toHaveCount(0); // a picked folder lists files only
  await expect(dialog.getByRole('textbox', { name: 'Dataset name' })).toHaveValue('patterns');
  await expect(dialog.getByRole('combobox', { name: 'Image size' })).toHaveValue('32');
  await expect(dialog.getByRole('combobox', { name: 'Colour' })).toHaveValue('3');
  await dialog.getByRole('button', { name: 'Use these images' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByText(/patterns ready: 312 train, 69 validation, 69 test \(read from this browser in/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/^"patterns" is kept in this browser \(450 images: 312 train, 69 validation, 69 test\)\. The browser/)).toBeVisible();
  await expect(page.getByText('Input: 32 × 32 × 3 (one patterns image)')).toBeVisible();
  await page.getByRole('button', { name: 'Set the last Dense layer to 3 units' }).first().click();
  await page.getByRole('spinbutton', { name: 'Epochs' }).fill('25');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByRole('tab', { name: /^Test set/ })).toHaveText(/^Test set \d+\.\d%$/, { timeout: 180_000 });
  const accuracy = Number.parseFloat(((await page.getByRole('tab', { name: /^Test set/ }).textContent()) ?? '').replace('Test set', ''));
  test.info().annotations.push({ type: 'test accuracy', description: `${accuracy}%` });
  expect(accuracy).toBeGreaterThan(90);
  await page.getByRole('tab', { name: /^Test set/ }).click();
  await expect(page.getByRole('button', { name: /^true stripes down, predicted stripes down: \d+ images?/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Prediction' }).getByText(/^Prediction: (dots|stripes across|stripes down) \(\d+(\.\d)?%\)$/)).toBeVisible();
  const validation = await readOutput(page, 'Validation accuracy');

  // Taken to PyTorch: the dataset as ImageFolder's layout, split as the page split it, at the input size.
  await page.getByRole('button', { name: 'Export to PyTorch or TensorFlow.js' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export' });
  const zipDownload = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Download dataset (.zip)' }).click();
  const zip = await zipDownload;
  expect(zip.suggestedFilename()).toBe('patterns.zip');
  await expect(exportDialog.getByText(/^Downloaded patterns\.zip \([\d.]+ MB\): unzip it next to the script\.$/)).toBeVisible();
  const entries = unzipSync(fs.readFileSync((await zip.path())!));
  const pngs = Object.keys(entries).filter((name) => name.endsWith('.png'));
  const count = (prefix: string) => pngs.filter((name) => name.startsWith(prefix)).length;
  expect([count('patterns/train/'), count('patterns/validation/'), count('patterns/test/')]).toEqual([312, 69, 69]);
  expect([count('patterns/test/dots/'), count('patterns/test/stripes across/'), count('patterns/test/stripes down/')]).toEqual([23, 23, 23]);
  expect(readImageHeader(entries['patterns/test/dots/00001.png']!)).toEqual({ ok: true, format: 'png', width: 32, height: 32 });
  expect(new TextDecoder().decode(entries['patterns/README.txt'])).toContain('  2: stripes down');
  const scriptDownload = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Download kernelscope_net.py' }).click();
  const script = fs.readFileSync((await (await scriptDownload).path())!, 'utf8');
  expect(script).toContain('CLASSES = ["dots", "stripes across", "stripes down"]');
  const weightsDownload = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Download weights (.safetensors)' }).click();
  const weights = await (await weightsDownload).path();
  await exportDialog.getByRole('button', { name: 'Close' }).click();
  // Where a torch with torchvision is installed, the exported script reads the zip and gives the page's test accuracy.
  const hasTorch = spawnSync('python3', ['-c', 'import torch, torchvision, safetensors'], { encoding: 'utf8' }).status === 0;
  if (!hasTorch) {
    test.info().annotations.push({ type: 'skipped', description: 'no python3 with torch, torchvision and safetensors here: the exported script did not run on the zip' });
  } else {
    const dir = fs.mkdtempSync(path.join(test.info().outputDir, 'torch-'));
    for (const [name, bytes] of Object.entries(entries)) {
      if (name.endsWith('/')) continue;
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), bytes);
    }
    fs.writeFileSync(path.join(dir, 'kernelscope_net.py'), script);
    fs.copyFileSync(weights!, path.join(dir, 'model.safetensors'));
    const run = spawnSync('python3', ['kernelscope_net.py', '--weights', 'model.safetensors', '--epochs', '0'], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`accuracy ${accuracy.toFixed(2)}%`);
  }

  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: /^Restored the trained model: epoch 25 of 25/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue(/^own-/);
  await expect(page.getByText(/patterns ready: 312 train, 69 validation, 69 test/)).toBeVisible({ timeout: 30_000 });
  expect(await readOutput(page, 'Validation accuracy')).toBe(validation);
  await expect(page.getByRole('status', { name: 'Probe label' })).toHaveText(/^(dots|stripes across|stripes down)$/);

  // My data: its size, in use (so not deletable); once another dataset is in use, Delete and Undo.
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'Add or manage my images…' });
  const myData = page.getByRole('dialog', { name: 'Your own images' }).getByRole('region', { name: 'My data' });
  await expect(myData.getByRole('listitem')).toHaveText(/^patterns 450 images in 3 classes, 32 × 32 colour, [\d.]+ MB \(in use\)UseDelete$/);
  await expect(myData.getByRole('button', { name: 'Delete "patterns"' })).toBeDisabled();
  await page.getByRole('dialog', { name: 'Your own images' }).getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'MNIST' });
  await page.getByRole('dialog', { name: 'Discard the trained model?' }).getByRole('button', { name: 'Discard and change' }).click();
  await expect(page.getByText(/MNIST ready: 55,000 train/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'Add or manage my images…' });
  await myData.getByRole('button', { name: 'Delete "patterns"' }).click();
  await expect(myData.getByText('Deleted "patterns".')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Dataset' }).getByRole('option', { name: 'patterns' })).toHaveCount(0);
  await myData.getByRole('button', { name: 'Undo' }).click();
  await expect(myData.getByText('Put back.')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Dataset' }).getByRole('option', { name: 'patterns' })).toHaveCount(1);
  // Put back whole: it trains again, every image there.
  await myData.getByRole('button', { name: 'Use "patterns"' }).click();
  await expect(page.getByText(/patterns ready: 312 train, 69 validation, 69 test/)).toBeVisible({ timeout: 30_000 });
});

test('own images from a .zip: its ImageFolder is read as a folder is; a zip bomb is refused by its directory, the zip named with the reason, and what was read stays', async ({ page }) => {
  const root = writePatternFolder(5, 'shapes kit');
  const tree = Object.fromEntries(
    fs.readdirSync(root).map((cls) => [cls, Object.fromEntries(fs.readdirSync(path.join(root, cls)).map((f) => [f, new Uint8Array(fs.readFileSync(path.join(root, cls, f)))]))]),
  );
  const zip = zipSync({ 'shapes kit': tree });
  await openReadyApp(page);
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'Add or manage my images…' });
  const dialog = page.getByRole('dialog', { name: 'Your own images' });
  await dialog.getByLabel('Choose a .zip…').setInputFiles({ name: 'shapes-kit.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await expect(dialog.getByRole('status').filter({ hasText: /classes,/ })).toHaveText('3 classes, 15 images: 9 train, 3 validation, 3 test', { timeout: 60_000 });
  await expect(dialog.getByRole('textbox', { name: 'Dataset name' })).toHaveValue('shapes-kit');

  // A bomb: the directory declares 1.1 GB (small entries whose declared sizes are written into it).
  const bomb = zipSync(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`bomb/a/${i}.png`, new Uint8Array(8)])), { level: 0 });
  const view = new DataView(bomb.buffer);
  for (let at = 0; at + 4 <= bomb.length; at++) if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, 100_000_000, true);
  await dialog.getByLabel('Choose a .zip…').setInputFiles({ name: 'bomb.zip', mimeType: 'application/zip', buffer: Buffer.from(bomb) });
  await expect(dialog.getByText(/^No class has images|^No images in class folders were found/)).toBeVisible({ timeout: 30_000 });
  await dialog.getByText('1 file left out').click();
  await expect(dialog.locator('.own-skipped li')).toHaveText('bomb.zip: its files would be 1,100 MB unzipped (at most 1,000 MB): too large to unzip in a browser tab (a zip bomb, or a dataset to unzip and choose as a folder).');
  // What was read before stays.
  await expect(dialog.getByRole('status').filter({ hasText: /classes,/ })).toHaveText('3 classes, 15 images: 9 train, 3 validation, 3 test');
  await expect(dialog.getByRole('button', { name: 'Use these images' })).toBeEnabled();
});

test('own images, fuzz: 1,000 generated bad files among good ones are each left out with their reason; the good images all stay', async ({ page }) => {
  const root = writePatternFolder(10, 'fuzzed');
  const bad = badFiles(1000);
  bad.forEach((file, i) => fs.writeFileSync(path.join(root, ['dots', 'stripes across', 'stripes down'][i % 3]!, file.name), file.bytes));
  await openReadyApp(page);
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'Add or manage my images…' });
  const dialog = page.getByRole('dialog', { name: 'Your own images' });
  await dialog.getByLabel('Choose a folder…').setInputFiles(root);
  await expect(dialog.getByRole('status').filter({ hasText: /classes,/ })).toHaveText('3 classes, 30 images: 18 train, 6 validation, 6 test', { timeout: 120_000 });
  await dialog.getByText('1,000 files left out').click();
  // The first 200 are listed; all of them on request, each with the reason of its kind.
  await expect(dialog.locator('.own-skipped li')).toHaveCount(200);
  await dialog.getByRole('button', { name: 'Show all 1,000' }).click();
  const listed = await dialog.locator('.own-skipped li').allTextContents();
  expect(listed).toHaveLength(1000);
  const byName = new Map(bad.map((file) => [file.name, file.reason]));
  for (const line of listed) {
    const name = /^fuzzed\/[^/]+\/([^:]+):/.exec(line)?.[1] ?? '';
    expect(byName.get(name), line).toBeDefined();
    expect(line).toMatch(byName.get(name)!);
  }
  test.info().annotations.push({ type: 'fuzz', description: `${listed.length} bad files, each refused with its reason` });
  await expect(dialog.getByRole('button', { name: 'Use these images' })).toBeEnabled();
});
