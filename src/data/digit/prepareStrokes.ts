/** Drawn strokes -> the 28x28 digit the network reads. */
import { MNIST_BOX_PX } from './mnistFrame';
import { PEN_WIDTH_PX, WORKING_SKELETON_PX } from './pen';
import { prepareDigit } from './prepare';
import { rasterizeStrokes } from './rasterize';
import type { PreparedDigit, Stroke } from './types';

/**
 * The scale a full-size drawing gets (its box is the 80 px skeleton plus a pen width): the cap for
 * smaller marks, so a tap gives a dot as wide as a stroke instead of a disc filling the 20x20 box.
 */
export const STROKES_MAX_SCALE = MNIST_BOX_PX / (WORKING_SKELETON_PX + PEN_WIDTH_PX);

/** rasterizeStrokes, then prepareDigit with the scale capped at STROKES_MAX_SCALE. `box`, `scale` and `centreOfMass` refer to the working raster. */
export function prepareStrokes(strokes: readonly Stroke[]): PreparedDigit {
  return prepareDigit(rasterizeStrokes(strokes), { maxScale: STROKES_MAX_SCALE });
}
