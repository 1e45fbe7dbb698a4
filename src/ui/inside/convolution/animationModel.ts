/**
 * What the convolution animation shows, from the inside view's latest snapshot: the selected layer's
 * real input (the previous layer's output, or the probe image), its current weights, and its real
 * output from tfjs; and, at each output position, every tap of the window computed again by the
 * core's reference math, so the arithmetic on screen is checkable against what tfjs computed.
 */
import type { LayerAnalysis } from '../../../core/analysis/analysisTypes';
import {
  activate,
  activateChannels,
  convWindowAt,
  paddedSource,
  depthwiseWindowAt,
  poolWindowAt,
  type ConvKernel,
  type ConvWindow,
  type FeatureMap,
  type PoolWindow,
} from '../../../core/math/convolution';
import { slidingWindowOf, type SlidingWindow } from '../../../core/math/slidingWindow';
import type { LayerActivation, LayerSpec, NetworkSpec } from '../../../core/spec/spec';
import { weightByRole, type WeightArray } from '../../../engine/protocol';
import { createColorScale, valueRange } from '../../../render/colorScale';
import type { ConvolutionScene, Grid, SceneTap } from '../../../render/convolutionScene';
import type { InspectionView } from '../../../store/inspectionSlice';

/** One layer's animation material, from one snapshot. */
export interface AnimationSource {
  layerIndex: number;
  layer: LayerSpec;
  window: SlidingWindow;
  /** The layer's input for the probe image. */
  input: FeatureMap;
  /** The layer's output as tfjs computed it (after the activation). */
  output: FeatureMap;
  /** Conv: [kh, kw, in, out]; depthwise and separable: the depthwise kernel [kh, kw, in, multiplier]; null for pools. */
  kernel: ConvKernel | null;
  /** A separable conv's 1x1 weights [1, 1, in x multiplier, out]. */
  pointwise: ConvKernel | null;
  bias: Float32Array | null;
  activation: LayerActivation;
  /** Training steps behind the weights. */
  step: number;
}

/** Why a layer cannot be animated, in words for the panel; null when it can. */
export function animationUnavailable(layer: LayerSpec | undefined): string | null {
  if (!layer) return 'Select a convolution or pooling layer to watch its window slide over the input.';
  if (!['conv2d', 'depthwiseConv2d', 'separableConv2d', 'maxPool2d', 'avgPool2d'].includes(layer.kind)) {
    return 'This layer has no sliding window. Select a Conv2D, SeparableConv2D, DepthwiseConv2D, MaxPool2D or AvgPool2D layer.';
  }
  return null;
}

const asMap = (shape: readonly number[], values: Float32Array): FeatureMap | null => {
  const [height, width, channels] = shape;
  if (shape.length !== 3 || height === undefined || width === undefined || channels === undefined) return null;
  return values.length === height * width * channels ? { values, height, width, channels } : null;
};

const asKernel = (w: WeightArray | null): ConvKernel | null => {
  const [a, b, c, d] = w?.shape ?? [];
  if (!w || a === undefined || b === undefined || c === undefined || d === undefined) return null;
  return { values: w.values, shape: [a, b, c, d] };
};


/** The animation material for spec layer `layerIndex`, or null when the snapshot lacks it (another network, no weights yet). */
export function animationSource(spec: NetworkSpec, analyses: readonly LayerAnalysis[], view: InspectionView, layerIndex: number): AnimationSource | null {
  const layer = spec.layers[layerIndex];
  const analysis = analyses[layerIndex];
  if (!layer || !analysis || animationUnavailable(layer)) return null;
  const window = slidingWindowOf(layer, analysis.inputShape);
  if (!window) return null;
  const { snapshot, layerIds } = view;
  const outputAt = (index: number) => snapshot.layers[layerIds.indexOf(spec.layers[index]?.id ?? '')];
  const inputLayer = layerIndex === 0 ? { shape: [...spec.inputShape], values: snapshot.probe.pixels } : outputAt(layerIndex - 1);
  const own = outputAt(layerIndex);
  const input = inputLayer ? asMap(inputLayer.shape, inputLayer.values) : null;
  const output = own ? asMap(own.shape, own.values) : null;
  if (!input || !output) return null;
  const isPool = window.kind === 'max' || window.kind === 'avg';
  const arrays = snapshot.weights.find((w) => w.layerIndex === layerIds.indexOf(layer.id))?.arrays ?? null;
  if (!isPool && !arrays) return null;
  const kernel = arrays ? asKernel(weightByRole(arrays, window.kind === 'conv' ? 'kernel' : 'depthwise_kernel')) : null;
  if (!isPool && !kernel) return null;
  return {
    layerIndex,
    layer,
    window,
    input,
    output,
    kernel,
    pointwise: arrays ? asKernel(weightByRole(arrays, 'pointwise_kernel')) : null,
    bias: arrays ? (weightByRole(arrays, 'bias')?.values ?? null) : null,
    activation: 'activation' in layer ? layer.activation : 'linear',
    step: snapshot.step,
  };
}

/** Output positions in row-major order, as the window visits them. */
export const positionCount = (source: AnimationSource) => source.output.height * source.output.width;

export const positionCell = (source: AnimationSource, position: number) => ({ row: Math.floor(position / source.output.width), col: position % source.output.width });

/** One input channel's part of a separable conv's output: its depthwise window, then its 1x1 weights. */
export interface SeparablePart {
  /** One window per depthwise channel (input channel c's are c * multiplier .. c * multiplier + multiplier - 1). */
  depthwise: ConvWindow[];
  multiplier: number;
  /** The pointwise weight of each depthwise output for the output channel. */
  pointwiseWeights: number[];
}

/** The arithmetic of one output cell, from input to the value the layer outputs. */
export type AnimationStep =
  | { kind: 'conv' | 'depthwise'; row: number; col: number; channel: number; window: ConvWindow; preActivation: number; value: number; tfjs: number }
  | { kind: 'separable'; row: number; col: number; channel: number; part: SeparablePart; preActivation: number; value: number; tfjs: number; bias: number | null }
  | { kind: 'max' | 'avg'; row: number; col: number; channel: number; window: PoolWindow; value: number; tfjs: number };

const tfjsValue = (source: AnimationSource, row: number, col: number, channel: number) => source.output.values[(row * source.output.width + col) * source.output.channels + channel] ?? NaN;

/**
 * The activation of one cell. Softmax needs every channel's pre-activation at the position, so
 * `allChannels` computes them; the cell-wise ones ignore it.
 */
function activated(fn: LayerActivation, preActivation: number, channel: number, allChannels: () => number[]): number {
  if (fn !== 'softmax') return activate(fn, preActivation);
  return activateChannels(fn, allChannels())[channel] ?? NaN;
}

/** Every number behind output cell `position` of `channel`, by the core's reference math. */
export function animationStep(source: AnimationSource, position: number, channel: number): AnimationStep {
  const { row, col } = positionCell(source, position);
  const { window, input, kernel, bias, activation } = source;
  const tfjs = tfjsValue(source, row, col, channel);
  if (window.kind === 'max' || window.kind === 'avg') {
    const pool = poolWindowAt(input, window.kind, window, row, col, channel);
    return { kind: window.kind, row, col, channel, window: pool, value: pool.result, tfjs };
  }
  if (!kernel) throw new Error('A convolution without weights cannot be animated.');
  if (window.kind === 'conv' || window.kind === 'depthwise') {
    const at = window.kind === 'conv' ? convWindowAt : depthwiseWindowAt;
    const computed = at(input, kernel, bias, window, row, col, channel);
    const all = () => Array.from({ length: source.output.channels }, (_, c) => at(input, kernel, bias, window, row, col, c).total);
    return { kind: window.kind, row, col, channel, window: computed, preActivation: computed.total, value: activated(activation, computed.total, channel, all), tfjs };
  }
  const pointwise = source.pointwise;
  if (!pointwise) throw new Error('A separable convolution without its pointwise weights cannot be animated.');
  const part = separablePart(source, kernel, pointwise, row, col, channel);
  const sum = (c: number) => {
    const p = c === channel ? part : separablePart(source, kernel, pointwise, row, col, c);
    return p.depthwise.reduce((total, w, i) => total + w.total * (p.pointwiseWeights[i] ?? 0), 0) + (bias?.[c] ?? 0);
  };
  const preActivation = sum(channel);
  const all = () => Array.from({ length: source.output.channels }, (_, c) => sum(c));
  return { kind: 'separable', row, col, channel, part, preActivation, value: activated(activation, preActivation, channel, all), tfjs, bias: bias?.[channel] ?? null };
}

function separablePart(source: AnimationSource, kernel: ConvKernel, pointwise: ConvKernel, row: number, col: number, channel: number): SeparablePart {
  const depthwiseChannels = kernel.shape[2] * kernel.shape[3];
  const outChannels = pointwise.shape[3];
  const depthwise = Array.from({ length: depthwiseChannels }, (_, d) => depthwiseWindowAt(source.input, kernel, null, source.window, row, col, d));
  const pointwiseWeights = Array.from({ length: depthwiseChannels }, (_, d) => pointwise.values[d * outChannels + channel] ?? 0);
  return { depthwise, multiplier: kernel.shape[3], pointwiseWeights };
}

/** The input channel a step draws: depthwise and pool windows read one, fixed by the output channel. */
export function drawnInputChannel(source: AnimationSource, outChannel: number, chosen: number): number {
  const { kind } = source.window;
  if (kind === 'max' || kind === 'avg') return outChannel;
  if (kind === 'depthwise') return Math.floor(outChannel / Math.max(1, source.kernel?.shape[3] ?? 1));
  return Math.min(Math.max(0, chosen), source.input.channels - 1);
}

function channelGrid(values: Float32Array, height: number, width: number, channels: number, channel: number): Grid {
  const grid = new Float32Array(height * width);
  for (let p = 0; p < height * width; p++) grid[p] = values[p * channels + channel] ?? NaN;
  return { values: grid, height, width };
}

/** The picture of one step: the drawn input channel padded, the window's taps on it, that channel's kernel slice, the output so far. */
export function sceneFor(source: AnimationSource, step: AnimationStep, inChannel: number): ConvolutionScene {
  const { input, output, window, kernel } = source;
  const grid = channelGrid(input.values, input.height, input.width, input.channels, inChannel);
  const out = channelGrid(output.values, output.height, output.width, output.channels, step.channel);
  const isPool = window.kind === 'max' || window.kind === 'avg';
  const paddedValue = (row: number, col: number): number | null => {
    if (isPool) return null;
    const r = paddedSource(row, input.height, window.mode);
    const c = paddedSource(col, input.width, window.mode);
    return r === null || c === null ? 0 : (grid.values[r * input.width + c] ?? 0);
  };
  const sourceOf = (row: number, col: number) => {
    if (row >= 0 && row < input.height && col >= 0 && col < input.width) return null;
    const r = paddedSource(row, input.height, window.mode);
    const c = paddedSource(col, input.width, window.mode);
    return isPool || r === null || c === null ? null : { row: r, col: c };
  };
  let taps: SceneTap[];
  let winner: number | null = null;
  if (step.kind === 'max' || step.kind === 'avg') {
    taps = step.window.taps.map((t) => ({ row: t.row, col: t.col, source: null }));
    winner = step.window.winner;
  } else {
    const convTaps = step.kind === 'separable' ? (step.part.depthwise[inChannel * step.part.multiplier]?.taps ?? []) : step.kind === 'conv' || step.kind === 'depthwise' ? step.window.taps : [];
    const windowTaps = convTaps.filter((t) => t.inChannel === inChannel);
    taps = windowTaps.map((t) => ({ row: t.row, col: t.col, source: sourceOf(t.row, t.col) }));
  }
  const rowStart = step.row * window.strides[0] - window.pads.top;
  const colStart = step.col * window.strides[1] - window.pads.left;
  const span = { rowStart, rowEnd: rowStart + (window.kernel[0] - 1) * window.dilation[0], colStart, colEnd: colStart + (window.kernel[1] - 1) * window.dilation[1] };
  let kernelGrid: Grid | null = null;
  if (kernel) {
    const [kh, kw, kin, klast] = kernel.shape;
    const lastIndex = window.kind === 'conv' ? step.channel : window.kind === 'depthwise' ? step.channel % klast : 0;
    const values = new Float32Array(kh * kw);
    for (let r = 0; r < kh; r++) for (let c = 0; c < kw; c++) values[r * kw + c] = kernel.values[((r * kw + c) * kin + inChannel) * klast + lastIndex] ?? 0;
    kernelGrid = { values, height: kh, width: kw };
  }
  const [inMin, inMax] = valueRange(grid.values);
  const [outMin, outMax] = valueRange(out.values);
  const kernelBound = kernelGrid ? Math.max(...Array.from(kernelGrid.values, Math.abs)) || 1 : 1;
  return {
    input: grid,
    inputScale: createColorScale(Math.min(0, inMin), inMax),
    pads: window.pads,
    paddedValue,
    taps,
    span,
    kernel: kernelGrid,
    kernelScale: kernelGrid ? createColorScale(-kernelBound, kernelBound) : null,
    dilation: window.dilation,
    winner,
    output: out,
    outputScale: createColorScale(Math.min(0, outMin), outMax),
    current: { row: step.row, col: step.col },
  };
}
