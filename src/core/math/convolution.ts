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
import { checkPads, isWhole, type FeatureMap } from './featureMap';
import { paddedSource, windowOutputSize } from './padding';
import type { SlidingWindow } from './slidingWindow';

// One import for the whole reference math: padding, pooling and activations live beside this file.
export * from './activation';
export * from './featureMap';
export * from './padding';
export * from './pooling';

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

/** Computes a single output channel instead of all of them: what the animation needs on a wide layer. */
export interface OutChannelOption {
  /** When set, the result is a 1-channel map holding only this output channel. */
  outChannel?: number;
}

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

