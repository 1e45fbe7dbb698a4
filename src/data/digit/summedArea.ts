/** Summed-area tables: the exact integral of a piecewise-constant image over any box, fractional edges included. */
import type { GrayImage } from './types';

export interface SummedArea {
  width: number;
  height: number;
  /** (width + 1) * (height + 1) values; entry (x, y) is the sum of all pixels left of x and above y. */
  sums: Float64Array;
}

/** The table of `image`, each value clamped to [0, 1] (NaN counts as 0). */
export function summedArea(image: GrayImage): SummedArea {
  const { width, height, values } = image;
  const stride = width + 1;
  const sums = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    const src = y * width;
    const above = y * stride;
    const here = above + stride;
    for (let x = 0; x < width; x++) {
      const raw = values[src + x];
      row += raw > 0 ? (raw < 1 ? raw : 1) : 0;
      sums[here + x + 1] = sums[above + x + 1] + row;
    }
  }
  return { width, height, sums };
}

/**
 * The integral of the image over [0, x] x [0, y] for real x, y (clamped to the image). Inside one
 * pixel the integral of a constant is bilinear in (x, y), so bilinear interpolation of the table is
 * exact, not an approximation.
 */
export function integralAt(table: SummedArea, x: number, y: number): number {
  const { width, height, sums } = table;
  if (width === 0 || height === 0) return 0;
  const cx = x > 0 ? (x < width ? x : width) : 0;
  const cy = y > 0 ? (y < height ? y : height) : 0;
  const ix = Math.min(Math.floor(cx), width - 1);
  const iy = Math.min(Math.floor(cy), height - 1);
  const fx = cx - ix;
  const fy = cy - iy;
  const stride = width + 1;
  const i00 = iy * stride + ix;
  const s00 = sums[i00];
  const s10 = sums[i00 + 1];
  const s01 = sums[i00 + stride];
  const s11 = sums[i00 + stride + 1];
  return s00 + fx * (s10 - s00) + fy * (s01 - s00) + fx * fy * (s11 - s10 - s01 + s00);
}
