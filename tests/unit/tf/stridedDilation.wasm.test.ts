/**
 * Conv layers with a stride and a dilation above 1 on the wasm backend: the model's gradients equal
 * the cpu backend's and it trains. The subsampling step (src/tf/subsampleLayer.ts) is pad, reshape
 * and slice only, so it has gradients on every backend; the dilated stride-1 conv's gradients come
 * from registerConvGradients (wasm has no filter-gradient kernels, tfjs refuses dilation in its own).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type NetworkSpec } from '../../../src/core/spec/spec';
import { buildModel } from '../../../src/tf/buildModel';
import { registerConvGradients } from '../../../src/tf/gradients';
import { createOptimizer } from '../../../src/tf/optimizers';
import { trainStep } from '../../../src/tf/trainStep';
import { expectClose } from './expectClose';
import { modelGradients, randomBatch } from './modelGradients';

/** The brief's layer (5x5, stride 2, dilation 2, padding 2 reflect), a 'same' separable one and a crossed-axes one. */
const SPEC: NetworkSpec = {
  version: SPEC_VERSION,
  inputShape: [14, 13, 1],
  layers: [
    createLayer('conv2d', 'c1', { filters: 4, kernelSize: [5, 5], strides: [2, 2], dilation: [2, 2], padding: [2, 2], paddingMode: 'reflect', activation: 'leakyRelu' }),
    createLayer('separableConv2d', 's1', { filters: 4, depthMultiplier: 2, strides: [2, 2], dilation: [2, 2], padding: 'same', activation: 'tanh' }),
    createLayer('conv2d', 'c2', { filters: 3, kernelSize: [2, 2], strides: [1, 2], dilation: [2, 1], padding: [1, 1], paddingMode: 'circular', activation: 'relu' }),
    createLayer('flatten', 'f'),
    createLayer('dense', 'o', { units: 10, activation: 'softmax' }),
  ],
};

const batch = (n: number) => randomBatch(n, [14, 13], 11, [-1, 1]);
const modelGrads = (model: tf.LayersModel) => modelGradients(model, () => batch(6));

beforeAll(async () => {
  registerConvGradients();
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('strided dilated convs on wasm', () => {
  it('the layers are valid and subsample', () => {
    expect(analyzeNetwork(SPEC).valid).toBe(true);
    const { model, layersBySpecIndex } = buildModel(SPEC);
    expect(layersBySpecIndex.slice(0, 3).map((layers) => layers.filter((l) => l.getClassName() === 'KernelscopeSubsample2D').length)).toEqual([1, 1, 1]);
    model.dispose();
  });

  it('every weight gets the cpu backend gradient', async () => {
    await tf.setBackend('cpu');
    const onCpu = buildModel(SPEC).model;
    const weights = onCpu.getWeights().map((w) => ({ values: w.dataSync().slice(), shape: w.shape }));
    const expected = modelGrads(onCpu);
    onCpu.dispose();
    await tf.setBackend('wasm');
    const onWasm = buildModel(SPEC).model;
    const copies = weights.map((w) => tf.tensor(w.values, w.shape));
    onWasm.setWeights(copies);
    tf.dispose(copies);
    const actual = modelGrads(onWasm);
    expect(actual).toHaveLength(expected.length);
    actual.forEach((grad, i) => expectClose(grad, expected[i]!));
    // Not all zero: the subsampling passes gradients on to every conv.
    expect(actual.every((grad) => grad.some((g) => g !== 0))).toBe(true);
    onWasm.dispose();
  });

  it('trains: the loss falls over 20 steps on a fixed batch, leaking nothing', () => {
    const { model } = buildModel(SPEC);
    const optimizer = createOptimizer('adam', 0.02);
    const { x, y } = batch(8);
    const losses: number[] = [];
    const step = () => {
      const { loss, accuracy } = trainStep(model, optimizer, x, y);
      losses.push(loss.dataSync()[0]!);
      tf.dispose([loss, accuracy]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 19; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.7);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
});
