/**
 * Conv layers with a stride above 1 and a dilation above 1, which tf.conv2d refuses: the model
 * convolves at stride 1 and a Subsample2D step (src/tf/subsampleLayer.ts) keeps every s-th cell.
 * On the cpu backend, against the core's reference math (which shares none of that code), with the
 * window from slidingWindowOf, random inputs and random weights.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { PADDING_MODES } from '../../../src/core/math/convMath';
import {
  activateMap,
  conv2dReference,
  depthwiseConv2dReference,
  featureMap,
  separableConv2dReference,
  type ConvKernel,
  type FeatureMap,
} from '../../../src/core/math/convolution';
import { slidingWindowOf } from '../../../src/core/math/slidingWindow';
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type LayerSpec, type NetworkSpec, type Padding, type Shape3D } from '../../../src/core/spec/spec';
import { buildModel } from '../../../src/tf/buildModel';
import { createActivationModel, readLayerWeights } from '../../../src/tf/inspection';
import { Subsample2D, subsample2d } from '../../../src/tf/subsampleLayer';
import { expectClose } from './expectClose';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const spec = (inputShape: Shape3D, layers: LayerSpec[]): NetworkSpec => ({ version: SPEC_VERSION, inputShape, layers });

const INPUT: Shape3D = [13, 12, 2];
const BATCH = 2;

/** Random weights in [-1, 1) for every weight of the model (biases too, so a wrong bias shows). */
function randomizeWeights(model: tf.LayersModel, seed: number): void {
  const weights = model.getWeights().map((w, i) => tf.randomUniform(w.shape, -1, 1, 'float32', seed + i));
  model.setWeights(weights);
  tf.dispose(weights);
}

const asKernel = (t: tf.Tensor): ConvKernel => ({ values: t.dataSync() as Float32Array, shape: t.shape as [number, number, number, number] });

/** Example b of a [batch, h, w, c] tensor as a FeatureMap. */
function example(x: tf.Tensor4D, b: number): FeatureMap {
  const [, h, w, c] = x.shape;
  const size = h * w * c;
  return featureMap(h, w, c, (x.dataSync() as Float32Array).slice(b * size, (b + 1) * size));
}

/** The spec layer's output by the core's reference math: conv, separable or depthwise, then the activation. */
function reference(layer: LayerSpec, x: FeatureMap, weights: tf.Tensor[]): FeatureMap {
  const window = slidingWindowOf(layer, [x.height, x.width, x.channels]);
  if (!window) throw new Error('no window');
  const bias = (i: number): Float32Array | null => (weights[i] ? (weights[i].dataSync() as Float32Array) : null);
  let out: FeatureMap;
  switch (layer.kind) {
    case 'conv2d':
      out = conv2dReference(x, asKernel(weights[0]!), bias(1), window);
      break;
    case 'depthwiseConv2d':
      out = depthwiseConv2dReference(x, asKernel(weights[0]!), bias(1), window);
      break;
    case 'separableConv2d':
      out = separableConv2dReference(x, asKernel(weights[0]!), asKernel(weights[1]!), bias(2), window);
      break;
    default:
      throw new Error(`not a conv: ${layer.kind}`);
  }
  return 'activation' in layer ? activateMap(layer.activation, out) : out;
}

/** Builds a one-layer model, checks it against the reference on random inputs and weights; returns its tfjs layer classes. */
function expectMatchesReference(layer: LayerSpec, seed: number): string[] {
  const s = spec(INPUT, [layer]);
  const analysis = analyzeNetwork(s);
  expect(analysis.problems.filter((p) => p.layerIndex !== null)).toEqual([]);
  const built = buildModel(s);
  randomizeWeights(built.model, seed);
  const x = tf.randomUniform([BATCH, ...INPUT], -1, 1, 'float32', seed + 100) as tf.Tensor4D;
  const actual = built.model.predict(x) as tf.Tensor4D;
  expect(actual.shape).toEqual([BATCH, ...analysis.layers[0]!.outputShape!]);
  const weights = built.model.getWeights();
  for (let b = 0; b < BATCH; b++) {
    const expected = reference(layer, example(x, b), weights);
    expect([expected.height, expected.width, expected.channels]).toEqual(actual.shape.slice(1));
    expectClose(example(actual, b).values, expected.values, 1e-4);
  }
  const classes = built.layersBySpecIndex[0]!.map((l) => l.getClassName());
  tf.dispose([x, actual]);
  built.model.dispose();
  return classes;
}

/** Kernel 5x5 (3x2 on the asymmetric cases), stride 2 and dilation 2, in every padding. */
const PADDINGS = [
  { name: "'valid'", padding: 'valid', paddingMode: 'zeros' },
  { name: "'same' (zeros)", padding: 'same', paddingMode: 'zeros' },
  { name: "'same' (reflect)", padding: 'same', paddingMode: 'reflect' },
  ...PADDING_MODES.map((mode) => ({ name: `explicit [2, 2] (${mode})`, padding: [2, 2], paddingMode: mode })),
] as const;

const toPadding = (padding: (typeof PADDINGS)[number]['padding']): Padding => (typeof padding === 'string' ? padding : [padding[0], padding[1]]);

describe('stride 2 with dilation 2 equals the reference math', () => {
  it.each(PADDINGS)('Conv2D 5x5, $name', ({ padding, paddingMode }) => {
    const layer = createLayer('conv2d', 'c', { filters: 3, kernelSize: [5, 5], strides: [2, 2], dilation: [2, 2], padding: toPadding(padding), paddingMode, activation: 'linear' });
    const classes = expectMatchesReference(layer, 1);
    expect(classes.slice(-2)).toEqual(['Conv2D', 'KernelscopeSubsample2D']);
  });

  it.each(PADDINGS)('SeparableConv2D 5x5, $name', ({ padding, paddingMode }) => {
    const layer = createLayer('separableConv2d', 's', {
      filters: 3,
      depthMultiplier: 2,
      kernelSize: [5, 5],
      strides: [2, 2],
      dilation: [2, 2],
      padding: toPadding(padding),
      paddingMode,
      activation: 'linear',
    });
    const classes = expectMatchesReference(layer, 2);
    expect(classes.slice(-2)).toEqual(['SeparableConv2D', 'KernelscopeSubsample2D']);
  });

  it('asymmetric: kernel 3x2, strides [3, 2], dilation [2, 3], padding [1, 2] circular, and each activation after the subsampling', () => {
    for (const activation of ['relu', 'tanh', 'leakyRelu', 'elu', 'sigmoid'] as const) {
      const layer = createLayer('conv2d', 'c', { filters: 2, kernelSize: [3, 2], strides: [3, 2], dilation: [2, 3], padding: [1, 2], paddingMode: 'circular', activation });
      const classes = expectMatchesReference(layer, 3);
      // The spec layer's last tfjs layer gives its output: the LeakyReLU when there is one.
      expect(classes).toEqual(['KernelscopeBorderPadding2D', 'Conv2D', 'KernelscopeSubsample2D', ...(activation === 'leakyRelu' ? ['LeakyReLU'] : [])]);
    }
  });

  it("on different axes (tfjs checks every stride against every dilation): strides [2, 1], dilation [1, 2], 'same' replicate", () => {
    const layer = createLayer('separableConv2d', 's', { filters: 2, kernelSize: [3, 3], strides: [2, 1], dilation: [1, 2], padding: 'same', paddingMode: 'replicate', activation: 'leakyRelu' });
    expect(expectMatchesReference(layer, 4)).toEqual(['KernelscopeBorderPadding2D', 'SeparableConv2D', 'KernelscopeSubsample2D', 'LeakyReLU']);
  });

  it('DepthwiseConv2D: the core keeps its dilation at 1 (tfjs ignores it), so a stride alone uses tfjs\'s own strided conv', () => {
    // tfjs-layers' DepthwiseConv2D drops dilationRate, so a stride-2 dilation-2 depthwise layer cannot
    // be built faithfully; the core refuses its dilation and the model never subsamples one.
    const dilated = createLayer('depthwiseConv2d', 'd', { strides: [2, 2], dilation: [2, 2] });
    expect(analyzeNetwork(spec(INPUT, [dilated])).problems.map((p) => p.field)).toContain('dilation');
    for (const { padding, paddingMode } of PADDINGS) {
      const layer = createLayer('depthwiseConv2d', 'd', { depthMultiplier: 2, kernelSize: [5, 5], strides: [2, 2], padding: toPadding(padding), paddingMode, activation: 'linear' });
      expect(expectMatchesReference(layer, 5)).not.toContain('KernelscopeSubsample2D');
    }
  });

  it('only a stride with a dilation subsamples', () => {
    const classes = (strides: [number, number], dilation: [number, number]) =>
      buildModel(spec(INPUT, [createLayer('conv2d', 'c', { strides, dilation })])).layersBySpecIndex[0]!.map((l) => l.getClassName());
    expect(classes([2, 2], [1, 1])).toEqual(['Conv2D']);
    expect(classes([1, 1], [2, 2])).toEqual(['Conv2D']);
    // 'valid' pads nothing, so no padding step.
    expect(classes([2, 2], [2, 2])).toEqual(['Conv2D', 'KernelscopeSubsample2D']);
  });
});

describe('subsample2d', () => {
  it('keeps rows and columns 0, s, 2s, ... of any size, by hand', () => {
    const x = tf.tensor4d(Array.from({ length: 5 * 7 }, (_, i) => i), [1, 5, 7, 1]);
    // Rows 0, 2, 4; columns 0, 3, 6.
    expect(Array.from(subsample2d(x, [2, 3]).dataSync())).toEqual([0, 3, 6, 14, 17, 20, 28, 31, 34]);
    expect(subsample2d(x, [2, 3]).shape).toEqual([1, 3, 3, 1]);
    expect(Array.from(subsample2d(x, [1, 7]).dataSync())).toEqual([0, 7, 14, 21, 28]);
    expect(Array.from(subsample2d(x, [3, 1]).dataSync())).toEqual([0, 1, 2, 3, 4, 5, 6, 21, 22, 23, 24, 25, 26, 27]);
    tf.dispose(x);
  });

  it('equals tf.stridedSlice on batches of many channels, and passes gradients only to the kept cells', () => {
    const x = tf.randomUniform([3, 9, 8, 4], -1, 1, 'float32', 7) as tf.Tensor4D;
    for (const strides of [[2, 2], [3, 2], [2, 5], [4, 3]] as [number, number][]) {
      const expected = tf.stridedSlice(x, [0, 0, 0, 0], [3, 9, 8, 4], [1, strides[0], strides[1], 1]);
      const actual = subsample2d(x, strides);
      expect(actual.shape).toEqual(expected.shape);
      expect(Array.from(actual.dataSync())).toEqual(Array.from(expected.dataSync()));
      tf.dispose([expected, actual]);
    }
    const before = tf.memory().numTensors;
    const grad = tf.grad((t: tf.Tensor) => subsample2d(t as tf.Tensor4D, [3, 2]).sum())(x);
    const g = grad.dataSync();
    for (let r = 0; r < 9; r++) for (let c = 0; c < 8; c++) expect(g[(r * 8 + c) * 4]).toBe(r % 3 === 0 && c % 2 === 0 ? 1 : 0);
    grad.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('a strided dilated layer in the app', () => {
  const s = spec([12, 12, 1], [
    createLayer('conv2d', 'c', { filters: 4, kernelSize: [5, 5], strides: [2, 2], dilation: [2, 2], padding: [2, 2], paddingMode: 'reflect', activation: 'leakyRelu' }),
    createLayer('separableConv2d', 's', { filters: 3, strides: [2, 2], dilation: [2, 2], padding: 'same', activation: 'relu' }),
    createLayer('flatten', 'f'),
    createLayer('dense', 'o', { units: 10, activation: 'softmax' }),
  ]);

  it('keeps its weight names and shapes, the inside view reads every spec layer\'s output, and it serializes', async () => {
    const analysis = analyzeNetwork(s);
    expect(analysis.valid).toBe(true);
    const built = buildModel(s);
    expect(built.model.outputs[0]!.shape).toEqual([null, 10]);
    expect((await readLayerWeights(built, 0)).map((w) => w.shape)).toEqual([[5, 5, 1, 4], [4]]);
    expect((await readLayerWeights(built, 1)).map((w) => w.shape)).toEqual([[3, 3, 4, 1], [1, 1, 4, 3], [3]]);
    expect(built.model.getWeights().length).toBe(7);
    // Named after the conv layer as without the subsampling (tfjs adds a _n suffix to repeated names).
    expect(built.model.weights.map((w) => w.name.replace(/_\d+$/, '')).slice(0, 2)).toEqual(['l0_conv2d_c/kernel', 'l0_conv2d_c/bias']);

    const pixels = tf.randomUniform([12 * 12], 0, 1, 'float32', 8).dataSync() as Float32Array;
    const outputs = await createActivationModel(built, s.inputShape).activations(pixels);
    expect(outputs.map((o) => o.shape)).toEqual(analysis.layers.map((l) => l.outputShape));
    const x = tf.tensor4d(pixels, [1, 12, 12, 1]);
    const first = reference(s.layers[0]!, example(x, 0), built.model.getWeights().slice(0, 2));
    expectClose(outputs[0]!.values, first.values, 1e-4);

    const copy = await tf.models.modelFromJSON(built.model.toJSON(undefined, false) as never);
    copy.setWeights(built.model.getWeights());
    const subsample = copy.layers.filter((l) => l instanceof Subsample2D) as Subsample2D[];
    expect(subsample.map((l) => l.strides)).toEqual([[2, 2], [2, 2]]);
    expectClose((copy.predict(x) as tf.Tensor).dataSync(), (built.model.predict(x) as tf.Tensor).dataSync(), 1e-6);
    tf.dispose(x);
    built.model.dispose();
  });
});
