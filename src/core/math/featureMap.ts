/**
 * Maps as the reference math (convolution.ts, padding.ts, pooling.ts) reads them: channels-last
 * Float32Arrays, as tfjs stores one example; and the argument checks they share.
 */
import type { Pads } from './convMath';

/** A feature map as tfjs stores one example: value (row, col, channel) at `(row * width + col) * channels + channel`. */
export interface FeatureMap {
  values: Float32Array;
  height: number;
  width: number;
  channels: number;
}

/** Builds a map, zero-filled unless values are given; throws if the values do not fit the shape. */
export function featureMap(height: number, width: number, channels: number, values?: ArrayLike<number>): FeatureMap {
  for (const [name, n] of [['height', height], ['width', width], ['channels', channels]] as const) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`featureMap: ${name} must be a whole number >= 0, got ${n}`);
  }
  const size = height * width * channels;
  if (values && values.length !== size) throw new RangeError(`featureMap: ${values.length} values for a ${height}x${width}x${channels} map (${size})`);
  return { values: values ? Float32Array.from(values) : new Float32Array(size), height, width, channels };
}

/** The value at (row, col, channel); rows and columns outside the map read 0 (an unchecked channel reads garbage, so keep it in range). */
export function valueAt(map: FeatureMap, row: number, col: number, channel: number): number {
  if (row < 0 || row >= map.height || col < 0 || col >= map.width) return 0;
  return map.values[(row * map.width + col) * map.channels + channel] ?? 0;
}

export const isWhole = (n: number, min: number): boolean => Number.isInteger(n) && n >= min;

/** Throws unless every side is a whole number >= 0. */
export function checkPads(pads: Pads, where: string): void {
  for (const side of ['top', 'bottom', 'left', 'right'] as const) {
    const p = pads[side];
    if (!Number.isInteger(p) || p < 0) throw new RangeError(`${where}: pads.${side} must be a whole number >= 0, got ${p}`);
  }
}
