/**
 * Padded models on the wasm backend: for every padding mode, a model's gradients equal the cpu
 * backend's and it trains. wasm has no MirrorPad gradient (tfjs's own is a plain slice), so the
 * padding step is built from slice, reverse, concat and pad (src/tf/paddingLayer.ts).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { PADDING_MODES, type PaddingMode } from '../../../src/core/math/convMath';
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type NetworkSpec } from '../../../src/core/spec/spec';
import { buildModel } from '../../../src/tf/buildModel';
import { registerConvGradients } from '../../../src/tf/gradients';
import { createOptimizer } from '../../../src/tf/optimizers';
import { trainStep } from '../../../src/tf/trainStep';
import { expectClose } from './expectClose';
import { modelGradients, randomBatch } from './modelGradients';

/** Every conv kind in `mode`, explicit and 'same', with both explicitly padded pools. */
const paddedSpec = (mode: PaddingMode): NetworkSpec => ({
  version: SPEC_VERSION,
  inputShape: [9, 8, 1],
  layers: [
    createLayer('conv2d', 'c1', { filters: 3, padding: [2, 1], paddingMode: mode, activation: 'linear' }),
    createLayer('maxPool2d', 'p1', { poolSize: [3, 2], strides: [2, 2], padding: [1, 1] }),
    createLayer('depthwiseConv2d', 'd1', { padding: 'same', paddingMode: mode, depthMultiplier: 2, activation: 'tanh' }),
    createLayer('separableConv2d', 's1', { filters: 4, kernelSize: [2, 3], padding: [1, 2], paddingMode: mode, activation: 'elu' }),
    createLayer('avgPool2d', 'a1', { poolSize: [2, 2], strides: [1, 1], padding: [1, 0] }),
    createLayer('flatten', 'f'),
    createLayer('dense', 'o', { units: 10, activation: 'softmax' }),
  ],
});

const batch = (n: number) => randomBatch(n, [9, 8], 5, [-1, 1]);
const modelGrads = (model: tf.LayersModel) => modelGradients(model, () => batch(6));

beforeAll(async () => {
  registerConvGradients();
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('padded models on wasm', () => {
  it.each(PADDING_MODES)('%s: every weight gets the cpu backend gradient', async (mode) => {
    const spec = paddedSpec(mode);
    expect(analyzeNetwork(spec).valid).toBe(true);
    await tf.setBackend('cpu');
    const onCpu = buildModel(spec).model;
    const weights = onCpu.getWeights().map((w) => ({ values: w.dataSync().slice(), shape: w.shape }));
    const expected = modelGrads(onCpu);
    onCpu.dispose();
    await tf.setBackend('wasm');
    const onWasm = buildModel(spec).model;
    const copies = weights.map((w) => tf.tensor(w.values, w.shape));
    onWasm.setWeights(copies);
    tf.dispose(copies);
    const actual = modelGrads(onWasm);
    expect(actual).toHaveLength(expected.length);
    actual.forEach((grad, i) => expectClose(grad, expected[i]!));
    // Not all zero: the padding passes gradients on.
    expect(actual.every((grad) => grad.some((g) => g !== 0))).toBe(true);
    onWasm.dispose();
  });

  it.each(PADDING_MODES)('%s: trains, the loss falling over a few steps, leaking nothing', (mode) => {
    const { model } = buildModel(paddedSpec(mode));
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
    for (let i = 0; i < 11; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.9);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
});
