/** A stroke's points in working pixels -> as few pen segments as look the same. */
import { drawSegment } from './pen';

/**
 * A point may be left out of the polyline when it lies this close (working px, about 1/16 of an
 * output pixel) to the chord that replaces it, its pen radius within as much of the chord's.
 * Pointer events come every pixel or two, and each segment costs its whole capsule, so drawing the
 * chords instead is 5 to 10 times faster and looks the same.
 */
const TOLERANCE_PX = 0.25;

/** The most points one chord replaces, bounding the cost of checking them. */
const MAX_RUN = 32;

/** The n points (xs[i], ys[i]) with pen radii rs[i] (working px), drawn as one stroke into `values` (width x height); one point is a dot. */
export function drawPolyline(
  values: Float32Array,
  width: number,
  height: number,
  xs: Float64Array,
  ys: Float64Array,
  rs: Float64Array,
  n: number,
): void {
  if (n === 1) drawSegment(values, width, height, xs[0], ys[0], rs[0], xs[0], ys[0], rs[0]);
  let a = 0;
  while (a < n - 1) {
    let e = a + 1;
    while (e + 1 < n && e + 1 - a <= MAX_RUN && chordFits(xs, ys, rs, a, e + 1)) e++;
    drawSegment(values, width, height, xs[a], ys[a], rs[a], xs[e], ys[e], rs[e]);
    a = e;
  }
}

/** Whether every point strictly between a and e is within TOLERANCE_PX of the segment a -> e, in position and radius. */
function chordFits(xs: Float64Array, ys: Float64Array, rs: Float64Array, a: number, e: number): boolean {
  const ax = xs[a];
  const ay = ys[a];
  const dx = xs[e] - ax;
  const dy = ys[e] - ay;
  const dr = rs[e] - rs[a];
  const lengthSq = dx * dx + dy * dy;
  const inverseLengthSq = lengthSq > 1e-12 ? 1 / lengthSq : 0;
  const toleranceSq = TOLERANCE_PX * TOLERANCE_PX;
  for (let k = a + 1; k < e; k++) {
    const px = xs[k] - ax;
    const py = ys[k] - ay;
    let t = (px * dx + py * dy) * inverseLengthSq;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const ex = px - t * dx;
    const ey = py - t * dy;
    if (ex * ex + ey * ey > toleranceSq) return false;
    if (Math.abs(rs[a] + t * dr - rs[k]) > TOLERANCE_PX) return false;
  }
  return true;
}
