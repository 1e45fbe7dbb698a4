import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openReadyApp, test } from './fixtures';
import { drawOn, ellipse, polygon, type Stroke } from './helpers/drawing';
import { writePatternFolder } from './helpers/imageFolder';

/**
 * A wobble of the hand, the same in every run: example `n`'s centre, size, tilt and squash. (The
 * pad's preparation scales and centres every drawing, so only tilt and squash make two differ.)
 */
function hand(n: number): { cx: number; cy: number; r: number; tilt: number; squash: number } {
  const wave = (k: number) => Math.sin(n * 12.9898 + k * 78.233) * 0.5;
  return { cx: 0.5 + 0.1 * wave(1), cy: 0.5 + 0.1 * wave(2), r: 0.26 + 0.08 * wave(3), tilt: 0.25 * wave(4), squash: 1 + 0.3 * wave(5) };
}

function corners(n: number, count: number, start: number): [number, number][] {
  const { cx, cy, r, tilt } = hand(n);
  return Array.from({ length: count }, (_, i) => {
    const a = start + tilt + (2 * Math.PI * i) / count;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  });
}

const SHAPES: Record<string, (n: number) => Stroke[]> = {
  circle: (n) => {
    const { cx, cy, r, squash } = hand(n);
    return [ellipse(cx, cy, r, r * squash, 48)];
  },
  triangle: (n) => [polygon(corners(n, 3, -Math.PI / 2), 14)],
  square: (n) => [polygon(corners(n, 4, -Math.PI / 4), 12)],
};

const ownDialog = (page: Page) => page.getByRole('dialog', { name: 'Your own images' });

async function openOwnImages(page: Page): Promise<void> {
  await openReadyApp(page);
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'Add or manage my images…' });
  await expect(ownDialog(page)).toBeVisible();
}

test('own images, drawn: three classes named and drawn ten times each train, and a new drawing on the main pad is classified', async ({ page }) => {
  test.setTimeout(240_000);
  await openOwnImages(page);
  const dialog = ownDialog(page);
  await dialog.getByRole('button', { name: 'Draw examples' }).click();
  await dialog.getByRole('button', { name: 'Add a class' }).click();
  const names = Object.keys(SHAPES);
  for (const [i, name] of names.entries()) await dialog.getByRole('textbox', { name: `Name of class ${i + 1}` }).fill(name);
  const examplePad = dialog.getByRole('application', { name: 'Drawing pad: draw an example' });
  for (let n = 0; n < 10; n++) {
    for (const name of names) {
      await drawOn(page, examplePad, SHAPES[name]!(n));
      await dialog.getByRole('button', { name: `Add to “${name}”` }).click();
    }
  }
  await expect(dialog.getByRole('status').filter({ hasText: /classes,/ })).toHaveText('3 classes, 30 images: 18 train, 6 validation, 6 test');
  await expect(dialog.getByRole('group', { name: 'Pictures of "triangle"' }).getByRole('button')).toHaveCount(10);
  await expect(dialog.getByRole('combobox', { name: 'Image size' })).toHaveValue('28');
  await expect(dialog.getByRole('combobox', { name: 'Colour' })).toHaveValue('1');
  await expect(dialog.getByText('Drawings at 28 × 28, grey: the pad on the main page can then probe the network.')).toBeVisible();
  // One image removed and drawn again: the count follows.
  await dialog.getByRole('button', { name: 'Remove drawing 1 from "circle"' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: /classes,/ })).toHaveText('3 classes, 29 images: 19 train, 5 validation, 5 test');
  await drawOn(page, examplePad, SHAPES.circle!(10));
  await dialog.getByRole('button', { name: 'Add to “circle”' }).click();
  await dialog.getByRole('textbox', { name: 'Dataset name' }).fill('shapes');
  await dialog.getByRole('button', { name: 'Use these images' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByText(/shapes ready: 18 train, 6 validation, 6 test/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Input: 28 × 28 × 1 (one shapes image)')).toBeVisible();
  await page.getByRole('button', { name: 'Set the last Dense layer to 3 units' }).first().click();
  await page.getByRole('spinbutton', { name: 'Epochs' }).fill('60');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByRole('tab', { name: /^Test set/ })).toHaveText(/^Test set \d+\.\d%$/, { timeout: 180_000 });

  // The main pad draws a sixteenth circle; the network names it.
  const probe = page.getByRole('region', { name: 'Probe image' });
  await probe.getByRole('radio', { name: 'My drawing' }).check();
  await drawOn(page, page.getByRole('application', { name: 'Drawing pad: draw a digit' }), SHAPES.circle!(15));
  await expect(page.getByRole('region', { name: 'Prediction' }).getByText(/^Prediction: circle \(\d+(\.\d)?%\)$/)).toBeVisible();
});

/** Holds a capture button down with the mouse until its class has `count` images. */
async function holdToCapture(page: Page, className: string, index: number, count: number): Promise<void> {
  const dialog = ownDialog(page);
  const button = dialog.getByRole('button', { name: `Hold to capture “${className}”` });
  const box = await button.boundingBox();
  if (!box) throw new Error(`The capture button of "${className}" is not on screen.`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect
    .poll(async () => dialog.getByRole('group', { name: `Pictures of "${className}"` }).getByRole('button', { name: /^Remove camera \d+/ }).count(), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(count);
  await page.mouse.up();
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await expect(dialog.getByRole('textbox', { name: `Name of class ${index}` })).toHaveValue(className);
}

test('own images, camera: holding a button captures the (fake) camera into its class, and two classes become a dataset', async ({ page }) => {
  await openOwnImages(page);
  const dialog = ownDialog(page);
  await dialog.getByRole('button', { name: 'Use the camera' }).click();
  await expect(dialog.getByRole('region', { name: 'Camera' }).getByText(/Hold a button to capture frames/)).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Name of class 1' }).fill('near');
  await dialog.getByRole('textbox', { name: 'Name of class 2' }).fill('far');
  await holdToCapture(page, 'near', 1, 6);
  await holdToCapture(page, 'far', 2, 6);
  const summary = dialog.getByRole('status').filter({ hasText: /classes,/ });
  await expect(summary).toHaveText(/^2 classes, (1[2-9]|[2-9]\d) images: \d+ train, \d+ validation, \d+ test$/);
  // Released means stopped: the count stays.
  const captured = await summary.textContent();
  await dialog.getByRole('button', { name: 'Add a class' }).click();
  await dialog.getByRole('button', { name: 'Remove "Class 3"' }).click();
  await expect(summary).toHaveText(captured ?? '');
  await expect(dialog.getByRole('combobox', { name: 'Image size' })).toHaveValue('32');
  await expect(dialog.getByRole('combobox', { name: 'Colour' })).toHaveValue('3');
  await dialog.getByRole('button', { name: 'Use these images' }).click();
  await expect(page.getByText(/^My images ready: \d+ train/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Input: 32 × 32 × 3 (one My images image)')).toBeVisible();
});

test('own images, camera refused: the reason and what to do, and the other ways in still work', async ({ page }) => {
  // What Chromium answers when the user (or a policy) blocks the camera.
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await openOwnImages(page);
  await ownDialog(page).getByRole('button', { name: 'Use the camera' }).click();
  await expect(ownDialog(page).getByRole('alert')).toHaveText(/^The camera was refused\. Allow it for this page/);
  await ownDialog(page).getByRole('button', { name: 'Draw examples' }).click();
  await expect(ownDialog(page).getByRole('application', { name: 'Drawing pad: draw an example' })).toBeVisible();
});

test('own images, files per class: each class takes the files picked for it; a bad file and a copy are left out with their reasons, and what was read stays', async ({ page }) => {
  const root = writePatternFolder(5);
  const files = (cls: string) => fs.readdirSync(path.join(root, cls)).map((name) => path.join(root, cls, name));
  fs.writeFileSync(path.join(root, 'broken.png'), 'no picture here');
  await openOwnImages(page);
  const dialog = ownDialog(page);
  await dialog.getByRole('button', { name: 'Files per class' }).click();
  await dialog.getByRole('textbox', { name: 'Name of class 1' }).fill('dots');
  await dialog.getByRole('textbox', { name: 'Name of class 2' }).fill('<b>stripes</b>/down');
  await dialog.getByLabel('Add image files to "dots"').setInputFiles(files('dots'));
  const summary = dialog.getByRole('status').filter({ hasText: /classes,/ });
  await expect(summary).toHaveText('2 classes, 5 images: 3 train, 1 validation, 1 test');
  await expect(dialog.getByText('"<b>stripes</b>/down" has 0 images: each class needs at least 3 (one to train on, one to validate, one to test).')).toBeVisible();
  await dialog.getByLabel('Add image files to "<b>stripes</b>/down"').setInputFiles([...files('stripes down'), path.join(root, 'broken.png'), files('dots')[0]!]);
  await expect(summary).toHaveText('2 classes, 10 images: 6 train, 2 validation, 2 test');
  await dialog.getByText('2 files left out').click();
  await expect(dialog.locator('.own-skipped li').filter({ hasText: 'broken.png' })).toContainText('it is not an image this page reads');
  await expect(dialog.locator('.own-skipped li').filter({ hasText: '000.png' })).toContainText('it is the same picture as 000.png');
  await expect(dialog.getByRole('button', { name: 'Use these images' })).toBeEnabled();
});
