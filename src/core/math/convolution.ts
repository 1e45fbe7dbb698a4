/**
 * Reference convolution, pooling and activation math on plain Float32Arrays, written for reading
 * rather than speed. Two jobs: the oracle tfjs is tested against, and the engine of the "kernel
 * sliding over the input" animation, which needs every tap of one window (patch value, weight,
 * product), the sum per input channel, the bias and the total. Whole maps and single windows go
 * through the same per-cell routine, so a window's total is exactly the map's cell, bit for bit.
 *
 * Layouts are tfjs's: maps are channels-last (row, col, channel); conv2d kernels are
 * [kh, kw, in, out], depthwise kernels [kh, kw, in, multiplier], pointwise kernels [1, 1, in, out].
 * Border coordinates are relative to the unpadded input, so a tap in the top border has row < 0.
 */
import { effectiveKernelSize, samePadding, type PaddingMode, type Pads } from '../convMath';
import type { LayerActivation } from '../spec';
import type { SlidingWindow } from './slidingWindow';

/** A feature map as tfjs stores one example: value (row, col, channel) at `(row * width + col) * channels + channel`. */
export interface FeatureMap {
  values: Float32Array;
  height: number;
  width: number;
  channels: number;
}

/** Kernel weights with their tfjs shape, so `{ values: t.dataSync(), shape: t.shape }` of a tfjs kernel fits. */
export interface ConvKernel {
  values: Float32Array;
  /** conv2d [kh, kw, in, out]; depthwise [kh, kw, in, multiplier]; pointwise [1, 1, in, out]. */
  shape: readonly [number, number, number, number];
}

/**
 * How a conv window slides. A `SlidingWindow` (from `slidingWindowOf`) is one; `kernel` is kept
 * so that weights of the wrong size are caught instead of silently read with the wrong stride.
 */
export type ConvGeometry = Pick<SlidingWindow, 'kernel' | 'strides' | 'dilation' | 'pads' | 'mode'>;

/**
 * How a pool window slides. A pool's `SlidingWindow` is one (its dilation is always 1). Border
 * cells never win a max; in a mean they add nothing and, unless `countPadding` (explicit padding,
 * PyTorch's count_include_pad=True), are left out of the divisor, as TF's 'same' does.
 */
export type PoolGeometry = Pick<SlidingWindow, 'kernel' | 'strides' | 'pads'> & Partial<Pick<SlidingWindow, 'countPadding'>>;

export type PoolType = 'max' | 'avg';

/** Computes a single output channel instead of all of them: what the animation needs on a wide layer. */
export interface OutChannelOption {
  /** When set, the result is a 1-channel map holding only this output channel. */
  outChannel?: number;
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

// ---------------------------------------------------------------------------------------------
// Padding
// ---------------------------------------------------------------------------------------------

/**
 * The input index a coordinate reads along one axis of length n, or null when it reads a zero.
 * i is relative to the unpadded input: i < 0 or i >= n lies in the border.
 * - 'zeros': null in the border;
 * - 'reflect' (PyTorch's): mirror without repeating the edge, -1 -> 1, n -> n - 2. PyTorch requires
 *   pad < n; past that this keeps reflecting off both edges (a triangle wave of period 2(n - 1)),
 *   and n = 1 always reads 0. Validation elsewhere forbids such pads; this just stays total.
 * - 'replicate': clamp to the nearest edge;
 * - 'circular': wrap around (i mod n), for any distance.
 * Never throws: a non-integer i or n, or an empty axis (n <= 0), reads a zero.
 */
export function paddedSource(i: number, n: number, mode: PaddingMode): number | null {
  if (!Number.isInteger(i) || !Number.isInteger(n) || n <= 0) return null;
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'zeros':
      return null;
    case 'replicate':
      return i < 0 ? 0 : n - 1;
    case 'circular':
      return ((i % n) + n) % n;
    case 'reflect': {
      if (n === 1) return 0;
      const period = 2 * (n - 1);
      const m = ((i % period) + period) % period;
      return m < n ? m : period - m;
    }
    default:
      return null;
  }
}

function checkPads(pads: Pads, where: string): void {
  for (const side of ['top', 'bottom', 'left', 'right'] as const) {
    const p = pads[side];
    if (!Number.isInteger(p) || p < 0) throw new RangeError(`${where}: pads.${side} must be a whole number >= 0, got ${p}`);
  }
}

/** The map with its border filled as `mode` says: what a conv with these pads slides over. */
export function padMap(map: FeatureMap, pads: Pads, mode: PaddingMode): FeatureMap {
  checkPads(pads, 'padMap');
  const height = map.height + pads.top + pads.bottom;
  const width = map.width + pads.left + pads.right;
  const { channels } = map;
  const values = new Float32Array(height * width * channels);
  for (let r = 0; r < height; r++) {
    const sourceRow = paddedSource(r - pads.top, map.height, mode);
    if (sourceRow === null) continue;
    for (let c = 0; c < width; c++) {
      const sourceCol = paddedSource(c - pads.left, map.width, mode);
      if (sourceCol === null) continue;
      const from = (sourceRow * map.width + sourceCol) * channels;
      values.set(map.values.subarray(from, from + channels), (r * width + c) * channels);
    }
  }
  return { values, height, width, channels };
}

// ---------------------------------------------------------------------------------------------
// Output sizes
// ---------------------------------------------------------------------------------------------

const isWhole = (n: number, min: number): boolean => Number.isInteger(n) && n >= min;

/**
 * Output length along one axis with explicit pads: floor((n + pb + pa - d(k-1) - 1) / s) + 1, the
 * number of window starts that fit. 0, never negative, when no window fits (or an argument is not
 * a sensible whole number), where the formula itself would go negative.
 */
export function windowOutputSize(n: number, kernel: number, stride: number, padBefore = 0, padAfter = 0, dilation = 1): number {
  if (!isWhole(n, 0) || !isWhole(kernel, 1) || !isWhole(stride, 1) || !isWhole(padBefore, 0) || !isWhole(padAfter, 0) || !isWhole(dilation, 1)) return 0;
  return Math.max(0, Math.floor((n + padBefore + padAfter - effectiveKernelSize(kernel, dilation)) / stride) + 1);
}

/** The output-size rule worked with a student's numbers, for the teaching sandbox. */
export interface OutputSizeWorking {
  /** Output length (0 when no window fits or the numbers are not valid). */
  size: number;
  /** The formula with the numbers filled in, e.g. `floor((7 + 2*1 - 1*(3-1) - 1) / 2) + 1 = 4`; '' when an argument is invalid. */
  formula: string;
  /** Zeros added before (top/left) and after (bottom/right). */
  pads: { before: number; after: number };
  /** For 'same': how many zeros go on each side, in words; otherwise null. */
  paddingNote: string | null;
  /** Why there is no output (or which number is invalid) and how to fix it; null when the size is >= 1. */
  problem: string | null;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * The output size for input length n, kernel k, stride s, padding (p zeros on both sides, or
 * TensorFlow's 'same') and dilation d, with the working shown. Never throws: invalid numbers and
 * kernels wider than the padded input come back as a `problem` a student can act on.
 */
export function outputSizeFormula(n: number, kernel: number, stride: number, padding: number | 'same', dilation = 1): OutputSizeWorking {
  const invalid = (problem: string): OutputSizeWorking => ({ size: 0, formula: '', pads: { before: 0, after: 0 }, paddingNote: null, problem });
  if (!isWhole(n, 1)) return invalid(`The input size must be a whole number of at least 1 (got ${n}).`);
  if (!isWhole(kernel, 1)) return invalid(`The kernel size must be a whole number of at least 1 (got ${kernel}).`);
  if (!isWhole(stride, 1)) return invalid(`The stride must be a whole number of at least 1 (got ${stride}).`);
  if (!isWhole(dilation, 1)) return invalid(`The dilation must be a whole number of at least 1 (got ${dilation}).`);
  if (padding !== 'same' && !isWhole(padding, 0)) return invalid(`The padding must be a whole number of at least 0 (got ${padding}).`);

  if (padding === 'same') {
    const [before, after] = samePadding(n, kernel, stride, dilation);
    const size = Math.ceil(n / stride);
    const total = before + after;
    const paddingNote =
      total === 0
        ? "'same' adds no zeros here: the windows already fit."
        : `'same' adds ${plural(before, 'zero')} before and ${after} after (${total} in all${total % 2 === 1 ? '; the odd one goes after' : ''}).`;
    return { size, formula: `ceil(${n} / ${stride}) = ${size}`, pads: { before, after }, paddingNote, problem: null };
  }

  const p = padding;
  const raw = Math.floor((n + 2 * p - dilation * (kernel - 1) - 1) / stride) + 1;
  const formula = `floor((${n} + 2*${p} - ${dilation}*(${kernel}-1) - 1) / ${stride}) + 1 = ${raw}`;
  const size = Math.max(0, raw);
  let problem: string | null = null;
  if (size === 0) {
    const span = effectiveKernelSize(kernel, dilation);
    const padded = n + 2 * p;
    const spanWorking = dilation > 1 ? ` (dilation ${dilation} × (${kernel} − 1) + 1)` : '';
    const paddedWorking = p > 0 ? ` (${n} + 2 × ${p})` : '';
    const neededPad = Math.ceil((span - n) / 2);
    problem =
      `The kernel spans ${plural(span, 'input')}${spanWorking}, but the padded input is only ${padded} wide${paddedWorking}: ` +
      `pad by at least ${neededPad} on each side, or use a smaller kernel${dilation > 1 ? ' or dilation' : ''}.`;
  }
  return { size, formula, pads: { before: p, after: p }, paddingNote: null, problem };
}

// ---------------------------------------------------------------------------------------------
// Convolutions
// ---------------------------------------------------------------------------------------------

/** One multiply of a conv window: which weight met which (possibly border) input cell. */
export interface ConvTap {
  kernelRow: number;
  kernelCol: number;
  inChannel: number;
  /** Position in the padded frame, relative to the unpadded input (negative or >= size in the border). */
  row: number;
  col: number;
  /** The input cell this tap reads (a border tap's copy source), or null when it reads a zero. */
  source: { row: number; col: number } | null;
  value: number;
  weight: number;
  product: number;
}

/** Everything one output cell of a conv is made of, in the order it was summed. */
export interface ConvWindow {
  outRow: number;
  outCol: number;
  outChannel: number;
  /** Grouped by input channel, then kernel row, then kernel column: the summation order. */
  taps: ConvTap[];
  /** The sum of each input channel's products (one entry for a depthwise window). */
  channelSums: { inChannel: number; sum: number }[];
  /** null when the layer has no bias (nothing is added). */
  bias: number | null;
  /** Channel sums + bias, before the activation, rounded to float32: exactly the reference map's cell. */
  total: number;
}

interface ConvShape {
  kh: number;
  kw: number;
  inChannels: number;
  /** conv2d: out channels; depthwise: the depth multiplier. */
  last: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
}

function convShape(input: FeatureMap, kernel: ConvKernel, bias: Float32Array | null, g: ConvGeometry, depthwise: boolean, where: string): ConvShape {
  const [kh, kw, kin, last] = kernel.shape;
  if (kernel.values.length !== kh * kw * kin * last) throw new RangeError(`${where}: kernel has ${kernel.values.length} values for shape [${kernel.shape.join(', ')}]`);
  if (input.values.length !== input.height * input.width * input.channels) throw new RangeError(`${where}: input has ${input.values.length} values for ${input.height}x${input.width}x${input.channels}`);
  if (kin !== input.channels) throw new RangeError(`${where}: kernel expects ${kin} input channels, the map has ${input.channels}`);
  if (g.kernel[0] !== kh || g.kernel[1] !== kw) throw new RangeError(`${where}: window kernel ${g.kernel.join('x')} does not match the weights' ${kh}x${kw}`);
  for (const [name, v] of [['strides', g.strides], ['dilation', g.dilation]] as const) {
    if (!isWhole(v[0], 1) || !isWhole(v[1], 1)) throw new RangeError(`${where}: ${name} must be whole numbers >= 1, got ${v.join(', ')}`);
  }
  checkPads(g.pads, where);
  const outChannels = depthwise ? kin * last : last;
  if (bias && bias.length !== outChannels) throw new RangeError(`${where}: bias has ${bias.length} values for ${outChannels} output channels`);
  return {
    kh,
    kw,
    inChannels: kin,
    last,
    outHeight: windowOutputSize(input.height, kh, g.strides[0], g.pads.top, g.pads.bottom, g.dilation[0]),
    outWidth: windowOutputSize(input.width, kw, g.strides[1], g.pads.left, g.pads.right, g.dilation[1]),
    outChannels,
  };
}

/**
 * The one routine every conv cell goes through (maps and animation windows alike), so both sum
 * in the same order: per input channel, kernel row, kernel column; then channels in order; then
 * the bias; then one rounding to float32. Records taps and channel sums into `detail` when given.
 */
function convCell(
  input: FeatureMap,
  kernel: ConvKernel,
  bias: Float32Array | null,
  g: ConvGeometry,
  s: ConvShape,
  depthwise: boolean,
  outRow: number,
  outCol: number,
  outChannel: number,
  detail: ConvWindow | null,
): number {
  const { kh, kw, inChannels, last } = s;
  const { height, width, channels, values } = input;
  const firstChannel = depthwise ? Math.floor(outChannel / last) : 0;
  const endChannel = depthwise ? firstChannel + 1 : inChannels;
  const weightColumn = depthwise ? outChannel % last : outChannel;
  const top = outRow * g.strides[0] - g.pads.top;
  const left = outCol * g.strides[1] - g.pads.left;
  let acc = 0;
  for (let ci = firstChannel; ci < endChannel; ci++) {
    let sum = 0;
    for (let kr = 0; kr < kh; kr++) {
      const row = top + kr * g.dilation[0];
      const sourceRow = paddedSource(row, height, g.mode);
      for (let kc = 0; kc < kw; kc++) {
        const col = left + kc * g.dilation[1];
        const sourceCol = sourceRow === null ? null : paddedSource(col, width, g.mode);
        const value = sourceRow === null || sourceCol === null ? 0 : (values[(sourceRow * width + sourceCol) * channels + ci] ?? 0);
        const weight = kernel.values[((kr * kw + kc) * inChannels + ci) * last + weightColumn] ?? 0;
        const product = value * weight;
        sum += product;
        if (detail) {
          const source = sourceRow === null || sourceCol === null ? null : { row: sourceRow, col: sourceCol };
          detail.taps.push({ kernelRow: kr, kernelCol: kc, inChannel: ci, row, col, source, value, weight, product });
        }
      }
    }
    acc += sum;
    detail?.channelSums.push({ inChannel: ci, sum });
  }
  const b = bias ? (bias[outChannel] ?? 0) : 0;
  return Math.fround(acc + b);
}

function convMap(input: FeatureMap, kernel: ConvKernel, bias: Float32Array | null, g: ConvGeometry, depthwise: boolean, options: OutChannelOption, where: string): FeatureMap {
  const s = convShape(input, kernel, bias, g, depthwise, where);
  const only = options.outChannel;
  if (only !== undefined && !(Number.isInteger(only) && only >= 0 && only < s.outChannels)) {
    throw new RangeError(`${where}: outChannel ${only} is not one of the ${s.outChannels} output channels`);
  }
  const channels = only === undefined ? s.outChannels : 1;
  const out = new Float32Array(s.outHeight * s.outWidth * channels);
  let i = 0;
  for (let r = 0; r < s.outHeight; r++) {
    for (let c = 0; c < s.outWidth; c++) {
      if (only !== undefined) out[i++] = convCell(input, kernel, bias, g, s, depthwise, r, c, only, null);
      else for (let co = 0; co < s.outChannels; co++) out[i++] = convCell(input, kernel, bias, g, s, depthwise, r, c, co, null);
    }
  }
  return { values: out, height: s.outHeight, width: s.outWidth, channels };
}

function convWindow(
  input: FeatureMap,
  kernel: ConvKernel,
  bias: Float32Array | null,
  g: ConvGeometry,
  depthwise: boolean,
  outRow: number,
  outCol: number,
  outChannel: number,
  where: string,
): ConvWindow {
  const s = convShape(input, kernel, bias, g, depthwise, where);
  if (!(Number.isInteger(outRow) && outRow >= 0 && outRow < s.outHeight && Number.isInteger(outCol) && outCol >= 0 && outCol < s.outWidth)) {
    throw new RangeError(`${where}: (${outRow}, ${outCol}) is outside the ${s.outHeight}x${s.outWidth} output`);
  }
  if (!(Number.isInteger(outChannel) && outChannel >= 0 && outChannel < s.outChannels)) {
    throw new RangeError(`${where}: output channel ${outChannel} is not one of ${s.outChannels}`);
  }
  const detail: ConvWindow = { outRow, outCol, outChannel, taps: [], channelSums: [], bias: bias ? (bias[outChannel] ?? 0) : null, total: 0 };
  detail.total = convCell(input, kernel, bias, g, s, depthwise, outRow, outCol, outChannel, detail);
  return detail;
}

/**
 * A conv2d layer's pre-activation output (kernel [kh, kw, in, out]), as tfjs computes it up to
 * float rounding, but with any padding mode. Throws a RangeError on mismatched shapes (a caller bug).
 */
export function conv2dReference(input: FeatureMap, kernel: ConvKernel, bias: Float32Array | null, window: ConvGeometry, options: OutChannelOption = {}): FeatureMap {
  return convMap(input, kernel, bias, window, false, options, 'conv2dReference');
}

/**
 * A depthwise conv (kernel [kh, kw, in, multiplier]): each input channel convolved on its own;
 * output channel inChannel * multiplier + m, as tfjs orders them. Pre-activation.
 */
export function depthwiseConv2dReference(input: FeatureMap, kernel: ConvKernel, bias: Float32Array | null, geometry: ConvGeometry, options: OutChannelOption = {}): FeatureMap {
  return convMap(input, kernel, bias, geometry, true, options, 'depthwiseConv2dReference');
}

/** A 1x1, stride-1, unpadded window: the pointwise step of a separable conv. */
export const POINTWISE_GEOMETRY: Readonly<ConvGeometry> = Object.freeze({
  kernel: Object.freeze([1, 1]) as [number, number],
  strides: Object.freeze([1, 1]) as [number, number],
  dilation: Object.freeze([1, 1]) as [number, number],
  pads: Object.freeze({ top: 0, bottom: 0, left: 0, right: 0 }),
  mode: 'zeros',
});

/**
 * A separable conv as tfjs builds it: depthwise (no bias, rounded to float32 like tfjs' intermediate
 * tensor) then a pointwise [1, 1, in * multiplier, filters] conv that adds the bias. Pre-activation.
 * For the animation, show the two steps with depthwiseWindowAt and convWindowAt(..., POINTWISE_GEOMETRY).
 */
export function separableConv2dReference(
  input: FeatureMap,
  depthwiseKernel: ConvKernel,
  pointwiseKernel: ConvKernel,
  bias: Float32Array | null,
  geometry: ConvGeometry,
): FeatureMap {
  return conv2dReference(depthwiseConv2dReference(input, depthwiseKernel, null, geometry), pointwiseKernel, bias, POINTWISE_GEOMETRY);
}

/** Every tap of one conv2d output cell, for the sliding-kernel animation; `total` equals conv2dReference's cell exactly. */
export function convWindowAt(
  input: FeatureMap,
  kernel: ConvKernel,
  bias: Float32Array | null,
  geometry: ConvGeometry,
  outRow: number,
  outCol: number,
  outChannel: number,
): ConvWindow {
  return convWindow(input, kernel, bias, geometry, false, outRow, outCol, outChannel, 'convWindowAt');
}

/** The taps of one depthwise output cell (a single input channel); `total` equals depthwiseConv2dReference's cell exactly. */
export function depthwiseWindowAt(
  input: FeatureMap,
  kernel: ConvKernel,
  bias: Float32Array | null,
  geometry: ConvGeometry,
  outRow: number,
  outCol: number,
  outChannel: number,
): ConvWindow {
  return convWindow(input, kernel, bias, geometry, true, outRow, outCol, outChannel, 'depthwiseWindowAt');
}

// ---------------------------------------------------------------------------------------------
// Pools
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Activations
// ---------------------------------------------------------------------------------------------

/**
 * Slope of leaky ReLU below 0: what the app builds (src/tf/buildModel.ts passes alpha 0.01, PyTorch's
 * default, so exported code agrees). tfjs-layers' own LeakyReLU default would be 0.3, and its
 * `activation` option has no 'leakyRelu' at all, so the default is never used.
 */
export const LEAKY_RELU_SLOPE = 0.01;
/** ELU's alpha: tfjs-layers' 'elu' activation only supports 1. */
export const ELU_ALPHA = 1;

/** The layer activations that act on one number alone; softmax needs a whole channel vector. */
export type CellwiseActivation = Exclude<LayerActivation, 'softmax'>;

export function isCellwiseActivation(fn: LayerActivation): fn is CellwiseActivation {
  return fn !== 'softmax';
}

/**
 * One cell's activation, as tfjs-layers applies it. The type refuses 'softmax' (it normalizes across
 * the channels at a position: use softmaxChannels or activateChannels); so does the runtime, with a
 * TypeError rather than a silently wrong number.
 */
export function activate(fn: CellwiseActivation, x: number): number {
  switch (fn) {
    case 'linear':
      return x;
    case 'relu':
      return x > 0 ? x : 0;
    case 'leakyRelu':
      return x < 0 ? LEAKY_RELU_SLOPE * x : x;
    case 'elu':
      return x >= 0 ? x : ELU_ALPHA * Math.expm1(x);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-x));
    case 'tanh':
      return Math.tanh(x);
    default:
      throw new TypeError(`activate: '${String(fn)}' is not a per-cell activation; softmax needs all channels (use softmaxChannels)`);
  }
}

/** Softmax over the channel values at one position (tfjs' axis -1), shifted by the max so large logits do not overflow. */
export function softmaxChannels(values: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] ?? 0);
  const exps = Array.from(values, (v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** Any layer activation over the channel vector at one position: what the animation's last step shows. */
export function activateChannels(fn: LayerActivation, values: ArrayLike<number>): number[] {
  return fn === 'softmax' ? softmaxChannels(values) : Array.from(values, (v) => activate(fn, v));
}

/** A layer activation over a whole map (softmax across channels at each position), to finish a reference layer. */
export function activateMap(fn: LayerActivation, map: FeatureMap): FeatureMap {
  const values = new Float32Array(map.values.length);
  if (fn === 'softmax') {
    for (let i = 0; i < values.length; i += map.channels) values.set(softmaxChannels(map.values.subarray(i, i + map.channels)), i);
  } else {
    for (let i = 0; i < values.length; i++) values[i] = activate(fn, map.values[i] ?? 0);
  }
  return { ...map, values };
}
