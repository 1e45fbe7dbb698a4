/**
 * The "Colour shapes" dataset: a red, green or blue circle, square or triangle on a noisy tinted
 * background, one class per (shape, colour). Seeded, so every visit gets the same images.
 *
 * Only +, -, *, Math.floor and comparisons on doubles from mulberry32, so that another language
 * (the exported PyTorch script) can draw the very same bytes.
 */
import { mulberry32, type Random } from '../random';
import type { ImageSplit } from '../types';

export const COLOUR_SHAPE_NAMES = ['circle', 'square', 'triangle'] as const;
export const SHAPE_COLOUR_NAMES = ['red', 'green', 'blue'] as const;

/** Background channels lie in [BACKGROUND_MIN, BACKGROUND_MAX) and a shape's own colour channel in [FILL_MIN, 256), so noise never blurs the two. */
const BACKGROUND_MIN = 30;
const BACKGROUND_MAX = 130;
const FILL_MIN = 170;
const FILL_OTHER_MAX = 61;
/** How far a background channel strays from the background's grey. */
const TINT = 15;
/** Noise is uniform in [-NOISE, NOISE] per pixel and channel. */
const NOISE = 10;

const pick = (random: Random, n: number) => Math.floor(random() * n);

function inside(shape: number, dy: number, dx: number, half: number): boolean {
  if (shape === 0) return dx * dx + dy * dy <= half * half;
  if (shape === 1) return Math.abs(dx) <= half && Math.abs(dy) <= half;
  // An upright triangle: apex half above the centre, base half below it, as wide as it is tall.
  return dy >= -half && dy <= half && 2 * Math.abs(dx) <= dy + half;
}

/** Draws one image of class `label` (shape * 3 + colour) into `out` at `offset`. */
function drawShape(out: Uint8Array, offset: number, rows: number, cols: number, label: number, random: Random): void {
  const shape = Math.floor(label / 3);
  const colour = label % 3;
  // A greyish background, tinted a little, so that the shape's colour is what stands out.
  const grey = BACKGROUND_MIN + TINT + pick(random, BACKGROUND_MAX - BACKGROUND_MIN - 2 * TINT);
  const background = [0, 1, 2].map(() => grey - TINT + pick(random, 2 * TINT + 1));
  const fill = [0, 1, 2].map((ch) => (ch === colour ? FILL_MIN + pick(random, 256 - FILL_MIN) : pick(random, FILL_OTHER_MAX)));
  const side = Math.min(rows, cols);
  const half = Math.floor(side * 0.25) + pick(random, Math.floor(side * 0.125) + 1);
  const cy = half + pick(random, rows - 2 * half);
  const cx = half + pick(random, cols - 2 * half);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const colours = inside(shape, y - cy, x - cx, half) ? fill : background;
      for (let ch = 0; ch < 3; ch++) {
        const v = (colours[ch] ?? 0) + pick(random, 2 * NOISE + 1) - NOISE;
        out[offset + (y * cols + x) * 3 + ch] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
}

/**
 * `count` images of rows x cols x 3, labels cycling through the nine classes (so every split is
 * balanced), drawn from one mulberry32 stream seeded by `seed`.
 */
export function colourShapesSplit(count: number, rows: number, cols: number, seed: number): ImageSplit {
  const classes = COLOUR_SHAPE_NAMES.length * SHAPE_COLOUR_NAMES.length;
  const size = rows * cols * 3;
  const images = new Uint8Array(count * size);
  const labels = new Uint8Array(count);
  const random = mulberry32(seed);
  for (let i = 0; i < count; i++) {
    labels[i] = i % classes;
    drawShape(images, i * size, rows, cols, i % classes, random);
  }
  return { count, rows, cols, channels: 3, classes, images, labels };
}
