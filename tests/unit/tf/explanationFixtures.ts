/** Networks, seeded weights and images shared by the explanation tests (cpu and wasm). */
import * as tf from '@tensorflow/tfjs';
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type LayerSpec, type NetworkSpec, type Shape3D } from '../../../src/core/spec/spec';

export const net = (inputShape: Shape3D, layers: LayerSpec[]): NetworkSpec => ({ version: SPEC_VERSION, inputShape, layers });

/** A deterministic stream of numbers in [0, 1). */
export function uniforms(count: number, seed: number): Float32Array {
  const values = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    values[i] = state / 2 ** 32;
  }
  return values;
}

/** An image of the spec's input shape with values in [0, 1). */
export const randomImage = (spec: NetworkSpec, seed: number): Float32Array => uniforms(spec.inputShape.reduce((a, b) => a * b, 1), seed);

/**
 * Sets every weight of the model to seeded values, the same on every backend: kernels uniform in
 * +-sqrt(3 / fan-in) (unit variance through each layer), biases, betas and moving means small,
 * gammas and moving variances near 1.
 */
export function seedWeights(model: tf.LayersModel, seed: number): void {
  const values = model.weights.map((w, i) => {
    const size = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
    const u = uniforms(size, seed * 7919 + i * 104729 + 1).map((v) => 2 * v - 1);
    const name = w.originalName;
    const dims = w.shape.map((d) => d ?? 1);
    let scaled: Float32Array;
    if (/gamma|moving_variance/.test(name)) scaled = u.map((v) => 1 + 0.2 * v);
    else if (/bias|beta|moving_mean/.test(name)) scaled = u.map((v) => 0.1 * v);
    else {
      // A depthwise kernel [kh, kw, c, m] reads kh*kw values per output; the others, all but the last axis.
      const fanIn = /depthwise/.test(name) ? (dims[0] ?? 1) * (dims[1] ?? 1) : size / (dims.at(-1) ?? 1);
      scaled = u.map((v) => v * Math.sqrt(3 / fanIn));
    }
    return tf.tensor(scaled, dims);
  });
  model.setWeights(values);
  tf.dispose(values);
}

/** Every kind of layer the explainer must see through: BorderPadding2D (reflect), Subsample2D, leaky ReLU, batch norm, dropout, depthwise and separable convs, both pools. */
export function mixedSpec(): NetworkSpec {
  return net([20, 18, 1], [
    createLayer('conv2d', 'c1', { filters: 4, kernelSize: [3, 3], padding: [1, 1], paddingMode: 'reflect', activation: 'leakyRelu' }),
    createLayer('batchNorm', 'bn1'),
    createLayer('maxPool2d', 'p1', { poolSize: [2, 2], strides: [2, 2] }),
    createLayer('dropout', 'dr1', { rate: 0.3 }),
    createLayer('depthwiseConv2d', 'd1', { kernelSize: [3, 3], depthMultiplier: 2, padding: 'same', activation: 'elu' }),
    createLayer('separableConv2d', 's1', { filters: 5, kernelSize: [3, 3], strides: [2, 2], dilation: [2, 2], padding: 'same', activation: 'leakyRelu' }),
    createLayer('activation', 'a1', { activation: 'tanh' }),
    createLayer('avgPool2d', 'p2', { poolSize: [2, 2], strides: [1, 1] }),
    createLayer('flatten', 'f'),
    createLayer('dense', 'h', { units: 12, activation: 'relu' }),
    createLayer('dropout', 'dr2', { rate: 0.5 }),
    createLayer('dense', 'o', { units: 10, activation: 'softmax' }),
  ]);
}

/** Index of the last conv, depthwise or separable conv spec layer, or null. */
export function lastConvIndex(spec: NetworkSpec): number | null {
  const indices = spec.layers.flatMap((l, i) => (l.kind === 'conv2d' || l.kind === 'depthwiseConv2d' || l.kind === 'separableConv2d' ? [i] : []));
  return indices.at(-1) ?? null;
}
