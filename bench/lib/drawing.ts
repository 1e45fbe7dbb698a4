/**
 * Draws on the app's drawing pad as a hand does: real mouse events (through the DevTools
 * protocol), one move about every 16 ms (a 60 Hz mouse), digit after digit, the pad cleared
 * between them. Reads the pad's latency log (window.kernelscopeInference).
 */
import type { Page } from '@playwright/test';
import type { DrawLatency } from '../../src/app/inferenceController';

/** Points in the pad's own coordinates, 0..1 across and down. */
type Stroke = [number, number][];

/** A 60 Hz mouse. */
const MOVE_INTERVAL_MS = 16;
/** A hand lifts between strokes and looks at the answer between digits. */
const PEN_UP_MS = 120;
const LOOK_MS = 400;

function line(from: [number, number], to: [number, number], points: number): Stroke {
  return Array.from({ length: points + 1 }, (_, i) => [from[0] + ((to[0] - from[0]) * i) / points, from[1] + ((to[1] - from[1]) * i) / points]);
}

function ellipse(cx: number, cy: number, rx: number, ry: number, points: number): Stroke {
  return Array.from({ length: points + 1 }, (_, i) => {
    const a = -Math.PI / 2 + (2.1 * Math.PI * i) / points;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)];
  });
}

/** A 1, a 0, a 7 and a 4: strokes of dozens of points. */
export const DIGITS: readonly Stroke[][] = [
  [line([0.52, 0.15], [0.47, 0.85], 40)],
  [ellipse(0.5, 0.5, 0.24, 0.34, 60)],
  [line([0.25, 0.2], [0.75, 0.2], 24), line([0.75, 0.2], [0.42, 0.85], 36)],
  [line([0.35, 0.15], [0.25, 0.55], 24), line([0.25, 0.55], [0.75, 0.55], 24), line([0.62, 0.3], [0.6, 0.88], 30)],
];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Moves on the pad; returns how many. `stopped` is checked between moves. With `hover`, the button stays up: a hand moving the mouse over the pad, drawing nothing. */
async function drawDigit(page: Page, strokes: readonly Stroke[], stopped: () => boolean, hover = false): Promise<number> {
  const pad = page.getByRole('application', { name: 'Drawing pad: draw a digit' });
  const box = await pad.boundingBox();
  if (!box) throw new Error('The drawing pad is not on screen.');
  let moves = 0;
  for (const stroke of strokes) {
    const [first, ...rest] = stroke;
    if (!first || stopped()) break;
    await page.mouse.move(box.x + first[0] * box.width, box.y + first[1] * box.height);
    if (!hover) await page.mouse.down();
    let last = performance.now();
    for (const [x, y] of rest) {
      if (stopped()) break;
      const wait = last + MOVE_INTERVAL_MS - performance.now();
      if (wait > 0) await pause(wait);
      last = performance.now();
      await page.mouse.move(box.x + x * box.width, box.y + y * box.height);
      moves++;
    }
    if (!hover) await page.mouse.up();
    await pause(PEN_UP_MS);
  }
  return moves;
}

/** Draws digits until `moves` pointer moves were made or `stopped()`; clears the pad after each (unless hovering). Returns the moves made. */
export async function drawDigits(page: Page, options: { moves?: number; stopped?: () => boolean; hover?: boolean }): Promise<number> {
  const stopped = options.stopped ?? (() => false);
  const clear = page.getByRole('region', { name: 'Draw a digit' }).getByRole('button', { name: 'Clear' });
  let moves = 0;
  for (let i = 0; !stopped() && moves < (options.moves ?? Infinity); i++) {
    moves += await drawDigit(page, DIGITS[i % DIGITS.length] ?? [], () => stopped() || moves >= (options.moves ?? Infinity), options.hover);
    await pause(LOOK_MS);
    // Stopped before the pen touched the pad: nothing to clear (Clear is disabled).
    if (!options.hover && (await clear.isEnabled())) await clear.click();
  }
  return moves;
}

/** Makes the drawing the probe ("My drawing"), scrolls the pad into view and waits until a first drawing has been read (the network copy is loaded). */
export async function readyPad(page: Page): Promise<void> {
  await page.getByRole('region', { name: 'Probe image' }).getByRole('radio', { name: 'My drawing' }).check();
  await page.getByRole('application', { name: 'Drawing pad: draw a digit' }).scrollIntoViewIfNeeded();
  await drawDigits(page, { moves: 10 });
  await drawDigit(page, DIGITS[0] ?? [], () => false);
  await page.getByRole('region', { name: 'Prediction' }).getByText(/^Prediction: \d/).waitFor({ timeout: 60_000 });
  await page.getByRole('region', { name: 'Draw a digit' }).getByRole('button', { name: 'Clear' }).click();
}

/** Empties the pad's latency log. */
export async function clearLatencies(page: Page): Promise<void> {
  await page.evaluate(() => window.kernelscopeInference?.clearLatencies());
}

/** The latencies logged since the last clearLatencies. */
export function readLatencies(page: Page): Promise<DrawLatency[]> {
  return page.evaluate(() => window.kernelscopeInference?.latencies() ?? []);
}
