/** Light augmentation of training batches, in place on the batch's pixels. Pure: the randomness is passed in. */
import type { Random } from './random';

/**
 * Shifts each of the first `count` images of `xs` ([count, rows, cols, channels] row-major) by its
 * own whole number of pixels dx, dy, each uniform in -maxShift..maxShift: what moves out of the
 * frame is dropped and what comes in is 0, MNIST's background. A digit a pixel or two off centre
 * is still the same digit, so the network learns shapes rather than places. `scratch` (one image)
 * saves an allocation per call.
 */
export function shiftImages(
  xs: Float32Array,
  count: number,
  shape: readonly [number, number, number],
  maxShift: number,
  random: Random,
  scratch: Float32Array = new Float32Array(shape[0] * shape[1] * shape[2]),
): void {
  const [rows, cols, channels] = shape;
  const size = rows * cols * channels;
  const rowSize = cols * channels;
  const span = 2 * maxShift + 1;
  for (let i = 0; i < count; i++) {
    const dy = Math.floor(random() * span) - maxShift;
    const dx = Math.floor(random() * span) - maxShift;
    if (dx === 0 && dy === 0) continue;
    const image = xs.subarray(i * size, (i + 1) * size);
    scratch.fill(0);
    if (Math.abs(dx) >= cols || Math.abs(dy) >= rows) {
      image.set(scratch);
      continue;
    }
    // Whole rows move at once: destination columns [max(0, dx), min(cols, cols + dx)).
    const fromCol = Math.max(0, -dx);
    const toCol = Math.max(0, dx);
    const width = (cols - Math.abs(dx)) * channels;
    for (let r = Math.max(0, dy); r < Math.min(rows, rows + dy); r++) {
      const source = (r - dy) * rowSize + fromCol * channels;
      scratch.set(image.subarray(source, source + width), r * rowSize + toCol * channels);
    }
    image.set(scratch);
  }
}
