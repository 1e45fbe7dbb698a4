import type { Locator, Page } from '@playwright/test';
import { expect, openReadyApp, readOutput, test } from './fixtures';
import { drawOn, ellipse, line, type Stroke } from './helpers/drawing';

const ONE: Stroke[] = [line([0.52, 0.15], [0.47, 0.85], 40)];
const ZERO: Stroke[] = [ellipse(0.5, 0.5, 0.24, 0.34, 60)];
const SEVEN: Stroke[] = [line([0.25, 0.2], [0.75, 0.2], 24), line([0.75, 0.2], [0.42, 0.85], 36)];

const pad = (page: Page) => page.getByRole('application', { name: 'Drawing pad: draw a digit' });
const prediction = (page: Page) => page.getByRole('region', { name: 'Prediction' });
const drawPanel = (page: Page) => page.getByRole('region', { name: 'Draw a digit' });
const probe = (page: Page) => page.getByRole('region', { name: 'Probe image' });
const mapsOfLayer = (page: Page, title: string) => page.getByRole('region', { name: 'Feature maps' }).getByRole('img', { name: new RegExp(`^${title}: `) });

/** The drawing becomes the probe image: "My drawing" in the probe bar. */
async function chooseDrawing(page: Page): Promise<void> {
  await probe(page).getByRole('radio', { name: 'My drawing' }).check();
  await expect(pad(page)).toBeVisible();
}

/** A hash of a canvas' pixels. */
const canvasHash = (canvas: Locator) =>
  canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) hash = (Math.imul(hash, 31) + (((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0))) | 0;
    return hash;
  });

/** Draws with the mouse on the main pad. */
const drawWithMouse = (page: Page, strokes: Stroke[]) => drawOn(page, pad(page), strokes);

/** Draws with a finger: touch events through the DevTools protocol, as a touch screen sends them. */
async function drawWithFinger(page: Page, strokes: Stroke[]): Promise<void> {
  const canvas = pad(page);
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('The drawing pad is not on screen.');
  const cdp = await page.context().newCDPSession(page);
  const touch = ([x, y]: [number, number]) => [{ x: box.x + x * box.width, y: box.y + y * box.height, id: 1, radiusX: 4, radiusY: 4, force: 0.5 }];
  for (const stroke of strokes) {
    const [first, ...rest] = stroke;
    if (!first) continue;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: touch(first) });
    for (const point of rest) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: touch(point) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
  await cdp.detach();
}

async function expectPrediction(page: Page, digit: number): Promise<void> {
  await expect(prediction(page).getByText(/^Prediction: \d/)).toHaveText(new RegExp(`^Prediction: ${digit} \\(\\d+(\\.\\d)?%\\)$`));
}

/** The explanation maps' fingerprints, once both are drawn for `classIndex`. */
async function explanationFor(page: Page, classIndex: number): Promise<{ saliency: string; gradCam: string }> {
  const saliency = page.getByRole('img', { name: `Saliency map for class ${classIndex}` });
  const gradCam = page.getByRole('img', { name: `Grad-CAM map over the probe image, for class ${classIndex}` });
  await expect(saliency).toHaveAttribute('data-signature', /[1-9]/);
  await expect(gradCam).toHaveAttribute('data-signature', /\d/);
  return { saliency: (await saliency.getAttribute('data-signature')) ?? '', gradCam: (await gradCam.getAttribute('data-signature')) ?? '' };
}

async function clear(page: Page): Promise<void> {
  await drawPanel(page).getByRole('button', { name: 'Clear' }).click();
  await expect(prediction(page).getByText('Draw a digit on the pad.').first()).toBeVisible();
}

const inferenceTensors = (page: Page) => page.evaluate(() => window.kernelscopeInference?.tensorCount() ?? null);

const strokeCount = (canvas: Locator) => canvas.getAttribute('data-strokes').then(Number);

test.use({ viewport: { width: 1440, height: 900 } });

test('every layer’s maps follow the pen before it lifts, with the answer beside them; Clear leaves an empty drawing', async ({ page }) => {
  await openReadyApp(page);
  const layer1 = mapsOfLayer(page, 'Layer 1, Conv2D');
  const layer3 = mapsOfLayer(page, 'Layer 3, Conv2D');
  // The test image's maps, drawn.
  await expect.poll(() => canvasHash(layer3)).not.toBe(0);
  await chooseDrawing(page);
  // An empty drawing: the pad asks for a digit, the maps show what an empty input makes.
  await expect(prediction(page).getByText('Draw a digit on the pad.').first()).toBeVisible();
  const [empty1, empty3] = [await canvasHash(layer1), await canvasHash(layer3)];

  const box = await pad(page).boundingBox();
  if (!box) throw new Error('The drawing pad is not on screen.');
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  const [bar = [], diagonal = []] = SEVEN;
  const [barStart, ...barRest] = bar;
  const [diagonalStart, ...diagonalRest] = diagonal;
  if (!barStart || !diagonalStart) throw new Error('no stroke');
  // The 7's bar: the pen still down, layer 1 and layer 3 already show it, and the answer is there.
  await page.mouse.move(...at(barStart));
  await page.mouse.down();
  for (const point of barRest.slice(0, 12)) await page.mouse.move(...at(point));
  await expect.poll(() => canvasHash(layer1)).not.toBe(empty1);
  await expect.poll(() => canvasHash(layer3)).not.toBe(empty3);
  await expect(prediction(page).getByText(/^Prediction: \d/)).toBeVisible();
  for (const point of barRest.slice(12)) await page.mouse.move(...at(point));
  await page.mouse.up();
  const withBar = [await canvasHash(layer1), await canvasHash(layer3)];
  // Its diagonal: the maps follow before the pen lifts.
  await page.mouse.move(...at(diagonalStart));
  await page.mouse.down();
  for (const point of diagonalRest.slice(0, 20)) await page.mouse.move(...at(point));
  await expect.poll(() => canvasHash(layer1), 'layer 1 follows the second stroke').not.toBe(withBar[0]);
  await expect.poll(() => canvasHash(layer3), 'layer 3 follows the second stroke').not.toBe(withBar[1]);
  for (const point of diagonalRest.slice(20)) await page.mouse.move(...at(point));
  await page.mouse.up();
  await expect(probe(page).getByText(/Untrained: its answers are guesses/)).toBeVisible();

  // Clear: an empty drawing again, and the maps say so.
  await clear(page);
  await expect.poll(() => canvasHash(layer3)).toBe(empty3);
  // The test image comes back with "Test image", the drawing's place kept.
  await probe(page).getByRole('radio', { name: 'Test image' }).check();
  await expect(probe(page).getByRole('status', { name: 'Probe label' })).toHaveText('7');
  await expect(pad(page)).toBeHidden();
});

test('draws digits with the mouse and reads them as they are drawn, and explains why', async ({ page }) => {
  await openReadyApp(page);
  await chooseDrawing(page);

  // Untrained: it answers, and says its answers are guesses.
  await drawWithMouse(page, ONE);
  await expect(prediction(page).getByText(/^Prediction: \d/)).toBeVisible();
  await expect(probe(page).getByText(/Untrained: its answers are guesses/)).toBeVisible();
  await clear(page);

  // From the keyboard: the arrow keys move the pen, Space puts it down and lifts it.
  const canvas = pad(page);
  await canvas.focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Space');
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  expect(await strokeCount(canvas)).toBe(1);
  await expect(prediction(page).getByText(/^Prediction: \d/)).toBeVisible();
  await clear(page);

  // Train the small preset one epoch: validation accuracy >= 95%.
  await page.getByRole('spinbutton', { name: 'Epochs' }).fill('1');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByText('Done', { exact: true })).toBeVisible({ timeout: 180_000 });
  expect(await readOutput(page, 'Validation accuracy')).toBeGreaterThanOrEqual(95);
  await expect(probe(page).getByText(/Untrained: its answers are guesses/)).toBeHidden();

  for (const [digit, strokes] of [
    [1, ONE],
    [0, ZERO],
    [7, SEVEN],
  ] as const) {
    await drawWithMouse(page, [...strokes]);
    await expectPrediction(page, digit);
    if (digit !== 7) await clear(page);
  }
  // Every move was timed to its prediction on screen (the benchmark's figure 13 reads these).
  const latencies = await page.evaluate(() => window.kernelscopeInference?.latencies() ?? []);
  expect(latencies.length).toBeGreaterThan(100);
  expect(latencies.every((l) => l.work >= 0 && l.work <= l.toReady && l.toReady <= l.toPaint)).toBe(true);
  const tensorsAfterFirstDigits = await inferenceTensors(page);
  expect(tensorsAfterFirstDigits).toBeGreaterThan(0);

  // The drawing is the probe: the output layer in the inside view agrees with the answer beside it.
  await expect(page.getByRole('region', { name: 'Feature maps' }).getByText(/^Predicts 7 /)).toBeVisible();

  // Why: saliency and Grad-CAM for the predicted 7, then for other classes: drawn, and different.
  // (Grad-CAM can be zero everywhere for a class; some other class's map then differs.)
  await page.getByRole('tab', { name: 'Why this answer' }).click();
  const forSeven = await explanationFor(page, 7);
  const explainClass = page.getByRole('combobox', { name: 'Explain class' });
  await explainClass.selectOption('1');
  const forOne = await explanationFor(page, 1);
  expect(forOne.saliency).not.toBe(forSeven.saliency);
  const gradCams = new Set([forSeven.gradCam, forOne.gradCam]);
  for (const other of [2, 3, 4]) {
    if (gradCams.size > 1) break;
    await explainClass.selectOption(String(other));
    gradCams.add((await explanationFor(page, other)).gradCam);
  }
  expect(gradCams.size, 'Grad-CAM maps of different classes').toBeGreaterThan(1);
  await explainClass.selectOption('predicted');
  await explanationFor(page, 7);
  // A test image is explained too: the probe's explanation follows the probe.
  await probe(page).getByRole('radio', { name: 'Test image' }).check();
  await expect.poll(async () => (await explanationFor(page, 7)).saliency, { message: 'the test image is explained, not the drawing' }).not.toBe(forSeven.saliency);
  await chooseDrawing(page);
  await explanationFor(page, 7);

  // Undo stroke takes the 7's diagonal away; Clear empties the pad.
  expect(await strokeCount(canvas)).toBe(2);
  // The answer follows the undo. (A well-trained network may still call a lone top bar a 7, so
  // the test asks for a new answer, not a different digit.)
  const answerWithDiagonal = (await prediction(page).getByText(/^Prediction: /).textContent()) ?? '';
  await drawPanel(page).getByRole('button', { name: 'Undo stroke' }).click();
  expect(await strokeCount(canvas)).toBe(1);
  await expect(prediction(page).getByText(/^Prediction: /)).not.toHaveText(answerWithDiagonal);
  await clear(page);
  expect(await strokeCount(canvas)).toBe(0);
  await expect(drawPanel(page).getByRole('button', { name: 'Undo stroke' })).toBeDisabled();

  // A finger draws too: touch events, as a touch screen sends them.
  await drawWithFinger(page, ONE);
  await expectPrediction(page, 1);
  await clear(page);

  // Drawing and explaining leave no tensors behind.
  await drawWithMouse(page, ZERO);
  await expectPrediction(page, 0);
  await explanationFor(page, 0);
  expect(await inferenceTensors(page)).toBe(tensorsAfterFirstDigits);
});

test.describe('on a touch screen', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('a finger draws without scrolling the page, and the digit is read', async ({ page }) => {
    await openReadyApp(page);
    await chooseDrawing(page);
    // A pad a finger can draw on: most of the screen's width.
    expect((await pad(page).boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(240);
    await drawWithFinger(page, SEVEN);
    const canvas = pad(page);
    expect(await strokeCount(canvas)).toBe(2);
    await expect(prediction(page).getByText(/^Prediction: \d/)).toBeVisible();
    const scrolled = await page.evaluate(() => window.scrollY);
    await drawWithFinger(page, [line([0.5, 0.1], [0.5, 0.9], 30)]);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
    expect(await strokeCount(canvas)).toBe(3);
  });
});
