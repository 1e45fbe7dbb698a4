/** MNIST's recipe for one grey image: fit the ink's box into 20x20, anti-alias, centre by centre of mass in 28x28. */
import { inkBox, inkMoments } from './ink';
import { MNIST_BOX_PX, MNIST_CENTRE_PX, MNIST_SIZE } from './mnistFrame';
import { integralAt, summedArea } from './summedArea';
import type { GrayImage, PreparedDigit } from './types';

/**
 * Pixels at least this fraction of the image's peak count towards the bounding box. Half the peak
 * is where an anti-aliased edge crosses the ideal shape's outline: a pixel whose centre lies inside
 * a solid shape is at least half covered, so the 0.5 level is the shape's own box (to a pixel of
 * the source) however soft the rendering, and a faint fringe or a stray speck does not widen it.
 * The faint pixels are not dropped: they still count in the centre of mass and are resampled.
 * Relative to the peak, so a uniformly faint drawing still has a box. On MNIST digits drawn back
 * (x4 bilinear) the round trip is best at 0.4-0.5 (correlation 0.958) and worst near 0 (0.936),
 * where the blurred fringe counts as ink and shrinks the digit.
 */
export const BOX_THRESHOLD = 0.5;

export interface PrepareOptions {
  /**
   * The largest source -> output scale (default: no limit). A small mark (a tap) would otherwise be
   * blown up to fill the 20x20 box; `prepareStrokes` caps it at the scale a full-size digit gets.
   */
  maxScale?: number;
}

/**
 * MNIST's preparation of a grey image: the ink's bounding box (pixels >= BOX_THRESHOLD of the peak)
 * is scaled by `scale = min(20 / max(box width, box height), maxScale)`, keeping the aspect ratio,
 * and translated so that the centre of mass (comX, comY) lands on MNIST_CENTRE_PX: in one pass,
 * output pixel (i, j) is the exact mean of the source over the box that the map
 * u = (x - comX) * scale + 14.5 sends onto [i, i+1] x [j, j+1] (area averaging: the anti-aliasing).
 * Ink that the map sends outside the 28x28 frame is cut off. Values are clamped to [0, 1]; NaN is 0.
 * @throws RangeError when `values` does not hold width * height values.
 */
export function prepareDigit(image: GrayImage, options: PrepareOptions = {}): PreparedDigit {
  const { width, height, values } = image;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 0 && height >= 0) || values.length !== width * height) {
    throw new RangeError(`prepareDigit: a ${width}x${height} image needs ${width * height} values, got ${values.length}`);
  }
  const pixels = new Float32Array(MNIST_SIZE * MNIST_SIZE);
  const { peak, centreOfMass } = inkMoments(image);
  const box = centreOfMass ? inkBox(image, BOX_THRESHOLD * peak) : null;
  if (!centreOfMass || !box) return { pixels, box: null, scale: 0, centreOfMass: null };

  const side = Math.max(box.x1 - box.x0 + 1, box.y1 - box.y0 + 1);
  const maxScale = options.maxScale !== undefined && options.maxScale > 0 ? options.maxScale : Infinity;
  const scale = Math.min(MNIST_BOX_PX / side, maxScale);
  resample(image, centreOfMass.x, centreOfMass.y, scale, pixels);
  return { pixels, box, scale, centreOfMass };
}

const EDGES = MNIST_SIZE + 1;

/** Fills `out` (28x28) with the area averages of `image` under u = (x - comX) * scale + MNIST_CENTRE_PX. */
function resample(image: GrayImage, comX: number, comY: number, scale: number, out: Float32Array): void {
  const table = summedArea(image);
  // The integral at every corner of the output grid; output pixel = its four corners' difference.
  const corners = new Float64Array(EDGES * EDGES);
  for (let j = 0; j < EDGES; j++) {
    const y = comY + (j - MNIST_CENTRE_PX) / scale;
    for (let i = 0; i < EDGES; i++) corners[j * EDGES + i] = integralAt(table, comX + (i - MNIST_CENTRE_PX) / scale, y);
  }
  const perArea = scale * scale;
  // Differences of large sums leave rounding noise (a few 1e-15 of mass * perArea) where there is no
  // ink; cut at 1e-12 of it, far below any real grey level, so that empty stays exactly 0.
  const noise = 1e-12 * table.sums[table.sums.length - 1] * perArea;
  for (let j = 0; j < MNIST_SIZE; j++) {
    for (let i = 0; i < MNIST_SIZE; i++) {
      const k = j * EDGES + i;
      const mean = (corners[k + EDGES + 1] - corners[k + 1] - corners[k + EDGES] + corners[k]) * perArea;
      out[j * MNIST_SIZE + i] = mean > noise ? (mean < 1 ? mean : 1) : 0;
    }
  }
}
