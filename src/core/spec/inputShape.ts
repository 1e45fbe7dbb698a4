/** Reading and checking the network's input shape [h, w, c]. */
import { describeValue } from './describeValue';
import { INPUT_SHAPE_RANGE } from './paramRanges';
import type { Shape3D } from './spec';

function isIntegerIn(value: unknown, range: { min: number; max: number }): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;
}

/**
 * The input shape if `value` is [h, w, c] with h, w in INPUT_SHAPE_RANGE.size and c in
 * INPUT_SHAPE_RANGE.channels; otherwise a message saying what is wrong.
 */
export function readInputShape(value: unknown): { ok: true; shape: Shape3D } | { ok: false; message: string } {
  if (Array.isArray(value) && value.length === 3) {
    const [h, w, c] = value as unknown[];
    if (isIntegerIn(h, INPUT_SHAPE_RANGE.size) && isIntegerIn(w, INPUT_SHAPE_RANGE.size) && isIntegerIn(c, INPUT_SHAPE_RANGE.channels)) {
      return { ok: true, shape: [h, w, c] };
    }
  }
  const { size, channels } = INPUT_SHAPE_RANGE;
  return {
    ok: false,
    message:
      `The input shape must be three whole numbers [height, width, channels], with height and width from ${size.min} to ${size.max} ` +
      `and channels from ${channels.min} to ${channels.max} (MNIST is [28, 28, 1]), but it is ${describeValue(value)}.`,
  };
}
