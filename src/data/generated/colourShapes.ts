/**
 * The "Colour shapes" dataset: a red, green or blue circle, square or triangle on a noisy greyish
 * background, one class per (shape, colour). Seeded, so every visit gets the same images.
 *
 * Only +, -, *, Math.floor and comparisons on doubles from mulberry32, and a fixed count of random
 * numbers per image, so that another language (the exported PyTorch script, with numpy) draws the
 * very same bytes.
 */
import { COLOUR_SHAPES_RECIPE as R } from '../../core/dataset/colourShapesRecipe';
import { mulberry32, type Random } from '../random';
import type { ImageSplit } from '../types';

const pick = (random: Random, n: number) => Math.floor(random() * n);

function inside(shape: number, dy: number, dx: number, half: number): boolean {
  if (shape === 0) return dx * dx + dy * dy <= half * half;
  if (shape === 1) return Math.abs(dx) <= half && Math.abs(dy) <= half;
  // An upright triangle: apex half above the centre, base half below it, as wide as it is tall.
  return dy >= -half && dy <= half && 2 * Math.abs(dx) <= dy + half;
}

/** Draws one image of class `label` (shape * 3 + colour) into `out` at `offset`: 10 + rows * cols random numbers. */
function drawShape(out: Uint8Array, offset: number, rows: number, cols: number, label: number, random: Random): void {
  const shape = Math.floor(label / 3);
  const colour = label % 3;
  // A greyish background, tinted a little, so that the shape's colour is what stands out.
  const grey = R.backgroundMin + R.tint + pick(random, R.backgroundMax - R.backgroundMin - 2 * R.tint);
  const background = [0, 1, 2].map(() => grey - R.tint + pick(random, 2 * R.tint + 1));
  const fill = [0, 1, 2].map((ch) => (ch === colour ? R.fillMin + pick(random, 256 - R.fillMin) : pick(random, R.fillOtherMax)));
  const side = Math.min(rows, cols);
  const half = Math.floor(side * R.halfMin) + pick(random, Math.floor(side * R.halfSpread) + 1);
  const cy = half + pick(random, rows - 2 * half);
  const cx = half + pick(random, cols - 2 * half);
  const span = 2 * R.noise + 1;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const colours = inside(shape, y - cy, x - cx, half) ? fill : background;
      // One random number gives the pixel's three noise values, as the digits of a base-`span` number.
      let digits = pick(random, span * span * span);
      for (let ch = 0; ch < 3; ch++) {
        const v = (colours[ch] ?? 0) + (digits % span) - R.noise;
        digits = Math.floor(digits / span);
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
  const classes = R.shapes.length * R.colours.length;
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
