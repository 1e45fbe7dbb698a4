/** The pen: anti-aliased, round-capped thick segments drawn into a grey raster. */
import { MNIST_BOX_PX, MNIST_STROKE_WIDTH_PX } from './mnistFrame';

/** The strokes' skeleton (the points' bounding box) is scaled so that its longer side is this many working pixels. */
export const WORKING_SKELETON_PX = 80;

/**
 * The pen's width in working pixels at the normal pressure (0.5). The 20x20 fit scales the ink's
 * box, the skeleton plus a pen width, by 20 / (80 + w); solving w * 20 / (80 + w) = 2.5 (the
 * measured MNIST stroke width) gives w = 2.5 * 80 / (20 - 2.5) ~ 11.4 working pixels.
 */
export const PEN_WIDTH_PX = (MNIST_STROKE_WIDTH_PX * WORKING_SKELETON_PX) / (MNIST_BOX_PX - MNIST_STROKE_WIDTH_PX);

/** The widest pen (pressure 1) relative to the normal one; pressure 0 gives 2 - MAX = 0.5 of it. */
export const MAX_PRESSURE_FACTOR = 1.5;

/** The pen's radius in working pixels for a PointerEvent pressure: 0.5 -> normal, 0 -> half, 1 -> 1.5x; not finite -> normal. */
export function penRadius(pressure: number): number {
  const p = Number.isFinite(pressure) ? Math.min(Math.max(pressure, 0), 1) : 0.5;
  return (PEN_WIDTH_PX / 2) * (2 - MAX_PRESSURE_FACTOR + 2 * (MAX_PRESSURE_FACTOR - 1) * p);
}

/** The largest radius penRadius returns. */
export const MAX_PEN_RADIUS_PX = (PEN_WIDTH_PX / 2) * MAX_PRESSURE_FACTOR;

/**
 * Draws the segment (ax, ay) -> (bx, by), radius ra at a and rb at b (linear in between), round
 * caps, into `values` (width x height, row-major), keeping the larger of old and new coverage so
 * that crossings and the joints of a polyline do not darken. Coverage of a pixel is
 * clamp(r + 0.5 - d, 0, 1) with d the distance from its centre to the segment: a one-pixel soft
 * edge, half covered on the outline. Only the pixels of the segment's capsule are visited: each
 * row from where it enters to where it leaves (rowSpan).
 */
export function drawSegment(
  values: Float32Array,
  width: number,
  height: number,
  ax: number,
  ay: number,
  ra: number,
  bx: number,
  by: number,
  rb: number,
): void {
  const reach = Math.max(ra, rb) + 0.5;
  const yStart = Math.max(0, Math.floor(Math.min(ay, by) - reach));
  const yEnd = Math.min(height - 1, Math.ceil(Math.max(ay, by) + reach));
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSq = dx * dx + dy * dy;
  const inverseLengthSq = lengthSq > 1e-12 ? 1 / lengthSq : 0;
  const dr = rb - ra;
  const reachSq = reach * reach;
  for (let y = yStart; y <= yEnd; y++) {
    const py = y + 0.5 - ay;
    if (!rowSpan(py, dx, dy, lengthSq, reach)) continue;
    const xStart = Math.max(0, Math.ceil(ax + span.left - 0.5));
    const xEnd = Math.min(width - 1, Math.floor(ax + span.right - 0.5));
    const row = y * width;
    for (let x = xStart; x <= xEnd; x++) {
      const old = values[row + x];
      // Successive segments overlap, and most of a segment's capsule is solid already.
      if (old >= 1) continue;
      const px = x + 0.5 - ax;
      let t = (px * dx + py * dy) * inverseLengthSq;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = px - t * dx;
      const ey = py - t * dy;
      const dSq = ex * ex + ey * ey;
      if (dSq >= reachSq) continue;
      const coverage = ra + t * dr + 0.5 - Math.sqrt(dSq);
      if (coverage > old) values[row + x] = coverage < 1 ? coverage : 1;
    }
  }
}

/** rowSpan's answer, reused so that no object is made per row. */
const span = { left: 0, right: 0 };

/**
 * Where the horizontal line at height py (relative to a) crosses the capsule of radius `reach`
 * around the segment from a to a + (dx, dy): into `span` as x relative to a; false when it misses.
 * The capsule is convex, so the union of its two end discs' chords and its band's chord is one interval.
 */
function rowSpan(py: number, dx: number, dy: number, lengthSq: number, reach: number): boolean {
  let left = Infinity;
  let right = -Infinity;
  const reachSq = reach * reach;
  if (py * py < reachSq) {
    const h = Math.sqrt(reachSq - py * py);
    left = -h;
    right = h;
  }
  const pb = py - dy;
  if (pb * pb < reachSq) {
    const h = Math.sqrt(reachSq - pb * pb);
    if (dx - h < left) left = dx - h;
    if (dx + h > right) right = dx + h;
  }
  if (lengthSq > 1e-12) {
    // Band: 0 <= (q, py) . (dx, dy) <= |d|^2 and |(q, py) x (dx, dy)| <= reach * |d|, linear in q.
    const length = Math.sqrt(lengthSq);
    let lo = -Infinity;
    let hi = Infinity;
    if (dx !== 0) {
      const q1 = -(py * dy) / dx;
      const q2 = (lengthSq - py * dy) / dx;
      lo = Math.min(q1, q2);
      hi = Math.max(q1, q2);
    } else if (py * dy < 0 || py * dy > lengthSq) hi = -Infinity;
    if (dy !== 0) {
      const q1 = (py * dx - reach * length) / dy;
      const q2 = (py * dx + reach * length) / dy;
      lo = Math.max(lo, Math.min(q1, q2));
      hi = Math.min(hi, Math.max(q1, q2));
    } else if (Math.abs(py) > reach) hi = -Infinity;
    if (lo <= hi) {
      if (lo < left) left = lo;
      if (hi > right) right = hi;
    }
  }
  span.left = left;
  span.right = right;
  return left <= right;
}
