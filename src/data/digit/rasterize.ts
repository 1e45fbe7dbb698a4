/** Strokes from the drawing pad -> a grey working raster drawn with a pen like MNIST's. */
import { MAX_PEN_RADIUS_PX, WORKING_SKELETON_PX, penRadius } from './pen';
import { drawPolyline } from './polyline';
import type { GrayImage, Stroke, StrokePoint } from './types';

/**
 * Skeletons smaller than this (CSS px) are drawn as if this big: a tap (extent 0) stays a dot and a
 * tiny flick stays small instead of being magnified into a full-size stroke. About a fingertip.
 */
export const MIN_EXTENT_PX = 16;

/** Coordinates beyond this magnitude (CSS px) are dropped like NaN: no pad is that big, and they would overflow the working scale. */
const MAX_COORDINATE_PX = 1e7;

/** Free space around the ink in the working raster (working px): the widest pen and its soft edge, plus a pixel. */
const MARGIN_PX = Math.ceil(MAX_PEN_RADIUS_PX + 0.5) + 1;

/** The points that can be drawn: finite, plausible coordinates. */
function usable(p: StrokePoint): boolean {
  return Math.abs(p.x) <= MAX_COORDINATE_PX && Math.abs(p.y) <= MAX_COORDINATE_PX;
}

/**
 * Renders `strokes` into a working raster whose scale comes from the strokes' own bounding box (of
 * the points): its longer side becomes WORKING_SKELETON_PX (80) working pixels, so a digit drawn 60
 * or 250 px tall gets the same pen relative to its size, and after the 20x20 fit MNIST's stroke
 * width (a skeleton under MIN_EXTENT_PX is scaled as if it were that big). Each stroke is a
 * polyline of round-capped segments whose width follows the pressure (penRadius); a one-point
 * stroke is a dot. Points with non-finite coordinates are dropped. No usable point: a 0x0 image.
 */
export function rasterizeStrokes(strokes: readonly Stroke[]): GrayImage {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const stroke of strokes) {
    for (const p of stroke) {
      if (!usable(p)) continue;
      if (p.x < minX) minX = p.x;
      if (p.x > maxX) maxX = p.x;
      if (p.y < minY) minY = p.y;
      if (p.y > maxY) maxY = p.y;
    }
  }
  if (minX > maxX) return { width: 0, height: 0, values: new Float32Array(0) };

  const scale = WORKING_SKELETON_PX / Math.max(maxX - minX, maxY - minY, MIN_EXTENT_PX);
  const width = Math.ceil((maxX - minX) * scale) + 2 * MARGIN_PX;
  const height = Math.ceil((maxY - minY) * scale) + 2 * MARGIN_PX;
  const values = new Float32Array(width * height);
  let longest = 0;
  for (const stroke of strokes) longest = Math.max(longest, stroke.length);
  const xs = new Float64Array(longest);
  const ys = new Float64Array(longest);
  const rs = new Float64Array(longest);
  for (const stroke of strokes) {
    let n = 0;
    for (const p of stroke) {
      if (!usable(p)) continue;
      xs[n] = (p.x - minX) * scale + MARGIN_PX;
      ys[n] = (p.y - minY) * scale + MARGIN_PX;
      rs[n] = penRadius(p.pressure);
      n++;
    }
    drawPolyline(values, width, height, xs, ys, rs, n);
  }
  return { width, height, values };
}
