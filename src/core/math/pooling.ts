/**
 * Reference max and average pooling, whole maps and single windows (for the animation), as tfjs and
 * PyTorch pool: a border cell never wins a max, and counts in a mean only with countPadding.
 */
import { checkPads, isWhole, type FeatureMap } from './featureMap';
import { windowOutputSize } from './padding';
import type { SlidingWindow } from './slidingWindow';


/**
 * How a pool window slides. A pool's `SlidingWindow` is one (its dilation is always 1). Border
 * cells never win a max; in a mean they add nothing and, unless `countPadding` (explicit padding,
 * PyTorch's count_include_pad=True), are left out of the divisor, as TF's 'same' does.
 */
export type PoolGeometry = Pick<SlidingWindow, 'kernel' | 'strides' | 'pads'> & Partial<Pick<SlidingWindow, 'countPadding'>>;

export type PoolType = 'max' | 'avg';

/** One cell under a pool window; border cells are listed (to draw them) but never counted. */
export interface PoolTap {
  kernelRow: number;
  kernelCol: number;
  /** Position relative to the unpadded input (outside it in the border). */
  row: number;
  col: number;
  /** The input value, or null for a border cell (it neither wins a max nor counts in a mean). */
  value: number | null;
}

export interface PoolWindow {
  outRow: number;
  outCol: number;
  channel: number;
  taps: PoolTap[];
  /** How many input cells the window covers. */
  count: number;
  /** What a mean divides by: `count`, or the whole window size when the geometry counts padding. */
  divisor: number;
  /** The pooled value, exactly pool2dReference's cell; 0 for a window wholly in the border. */
  result: number;
  /** For max: the index in `taps` of the first cell holding the max; null for avg or an empty window. */
  winner: number | null;
}

interface PoolShape {
  ph: number;
  pw: number;
  outHeight: number;
  outWidth: number;
}

function poolShape(input: FeatureMap, g: PoolGeometry, where: string): PoolShape {
  const [ph, pw] = g.kernel;
  if (!isWhole(ph, 1) || !isWhole(pw, 1)) throw new RangeError(`${where}: pool size must be whole numbers >= 1, got ${g.kernel.join('x')}`);
  if (!isWhole(g.strides[0], 1) || !isWhole(g.strides[1], 1)) throw new RangeError(`${where}: strides must be whole numbers >= 1, got ${g.strides.join(', ')}`);
  checkPads(g.pads, where);
  if (input.values.length !== input.height * input.width * input.channels) throw new RangeError(`${where}: input has ${input.values.length} values for ${input.height}x${input.width}x${input.channels}`);
  return {
    ph,
    pw,
    outHeight: windowOutputSize(input.height, ph, g.strides[0], g.pads.top, g.pads.bottom),
    outWidth: windowOutputSize(input.width, pw, g.strides[1], g.pads.left, g.pads.right),
  };
}

/** The shared per-cell pool routine (maps and windows): inside cells summed in row-major tap order. */
function poolCell(input: FeatureMap, type: PoolType, g: PoolGeometry, s: PoolShape, outRow: number, outCol: number, channel: number, detail: PoolWindow | null): number {
  const { height, width, channels, values } = input;
  const top = outRow * g.strides[0] - g.pads.top;
  const left = outCol * g.strides[1] - g.pads.left;
  let sum = 0;
  let best = -Infinity;
  let count = 0;
  let winner: number | null = null;
  let tap = 0;
  for (let kr = 0; kr < s.ph; kr++) {
    const row = top + kr;
    for (let kc = 0; kc < s.pw; kc++, tap++) {
      const col = left + kc;
      const inside = row >= 0 && row < height && col >= 0 && col < width;
      const value = inside ? (values[(row * width + col) * channels + channel] ?? 0) : null;
      detail?.taps.push({ kernelRow: kr, kernelCol: kc, row, col, value });
      if (value === null) continue;
      count++;
      sum += value;
      if (winner === null || value > best) {
        best = value;
        winner = tap;
      }
    }
  }
  const divisor = g.countPadding ? s.ph * s.pw : count;
  const result = count === 0 ? 0 : type === 'max' ? best : Math.fround(sum / divisor);
  if (detail) {
    detail.count = count;
    detail.divisor = divisor;
    detail.winner = type === 'max' ? winner : null;
  }
  return result;
}

/**
 * A max or average pool as TF pools, 'same' included: border cells never win a max and are not
 * counted in a mean (a corner mean divides by the cells actually covered, as tfjs does), unless
 * `geometry.countPadding` says so. A pool's `SlidingWindow` fits `geometry`.
 */
export function pool2dReference(input: FeatureMap, type: PoolType, geometry: PoolGeometry): FeatureMap {
  const s = poolShape(input, geometry, 'pool2dReference');
  const { channels } = input;
  const out = new Float32Array(s.outHeight * s.outWidth * channels);
  let i = 0;
  for (let r = 0; r < s.outHeight; r++) {
    for (let c = 0; c < s.outWidth; c++) {
      for (let ch = 0; ch < channels; ch++) out[i++] = poolCell(input, type, geometry, s, r, c, ch, null);
    }
  }
  return { values: out, height: s.outHeight, width: s.outWidth, channels };
}

/** The cells under one pool window, the count, the result (exactly pool2dReference's cell) and, for max, the winning tap. */
export function poolWindowAt(input: FeatureMap, type: PoolType, geometry: PoolGeometry, outRow: number, outCol: number, channel: number): PoolWindow {
  const s = poolShape(input, geometry, 'poolWindowAt');
  if (!(Number.isInteger(outRow) && outRow >= 0 && outRow < s.outHeight && Number.isInteger(outCol) && outCol >= 0 && outCol < s.outWidth)) {
    throw new RangeError(`poolWindowAt: (${outRow}, ${outCol}) is outside the ${s.outHeight}x${s.outWidth} output`);
  }
  if (!(Number.isInteger(channel) && channel >= 0 && channel < input.channels)) throw new RangeError(`poolWindowAt: channel ${channel} is not one of ${input.channels}`);
  const detail: PoolWindow = { outRow, outCol, channel, taps: [], count: 0, divisor: 0, result: 0, winner: null };
  detail.result = poolCell(input, type, geometry, s, outRow, outCol, channel, detail);
  return detail;
}
