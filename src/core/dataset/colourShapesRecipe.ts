/**
 * The numbers behind the generated "Colour shapes" dataset, in one place: the page's generator
 * (data/generated/colourShapes.ts) draws with them, and the exported PyTorch script ports the
 * generator with them, so both make the very same images.
 */
export const COLOUR_SHAPES_RECIPE = {
  shapes: ['circle', 'square', 'triangle'],
  colours: ['red', 'green', 'blue'],
  /** The background is one grey in [backgroundMin + tint, backgroundMax - tint), each channel within `tint` of it. */
  backgroundMin: 30,
  backgroundMax: 130,
  tint: 15,
  /** A shape's own colour channel lies in [fillMin, 256), its other two in [0, fillOtherMax): noise never blurs them into the background. */
  fillMin: 170,
  fillOtherMax: 61,
  /** Uniform whole-number noise in [-noise, noise] per pixel and channel: one random number per pixel, its three values the base-(2 * noise + 1) digits, red first. */
  noise: 10,
  /** Half the shape's size: floor(side * halfMin) + a whole number in [0, floor(side * halfSpread)]. */
  halfMin: 0.25,
  halfSpread: 0.125,
  /** Random numbers each image takes before its pixels: grey, 3 tints, 3 fill channels, size, row, column. */
  drawsBeforePixels: 10,
} as const;

/** Each split of a generated dataset gets its own mulberry32 stream: the seed plus a fixed step per split. */
const SPLIT_SEED_STEP = 0x9e3779b9;

/** Seeds of the train, validation and test streams of a generated dataset with seed `seed`. */
export function splitSeeds(seed: number): { train: number; validation: number; test: number } {
  return { train: seed >>> 0, validation: (seed + SPLIT_SEED_STEP) >>> 0, test: (seed + 2 * SPLIT_SEED_STEP) >>> 0 };
}
