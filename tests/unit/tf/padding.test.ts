/**
 * The padding step of conv and pool layers (src/tf/paddingLayer.ts) and the models that use it,
 * on the cpu backend, against computations that share none of its code: tf.mirrorPad and tf.pad,
 * gathers built from the core's paddedSource, hand-written rows, tfjs's own numeric pool and conv
 * padding, and gradients summed by hand.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { PADDING_MODES, type PaddingMode, type Pads } from '../../../src/core/math/convMath';
import { paddedSource } from '../../../src/core/math/convolution';
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type LayerSpec, type NetworkSpec } from '../../../src/core/spec/spec';
import { buildModel } from '../../../src/tf/buildModel';
import { readLayerWeights } from '../../../src/tf/inspection';
import { BorderPadding2D, padBorder } from '../../../src/tf/paddingLayer';
import { createOptimizer } from '../../../src/tf/optimizers';
import { trainStep } from '../../../src/tf/trainStep';
import { expectClose } from './expectClose';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const PADS: Pads = { top: 2, bottom: 1, left: 1, right: 3 };

/** Source indices of every padded position along an axis of n cells (-1 = a zero). */
function sources(n: number, before: number, after: number, mode: PaddingMode): number[] {
  return Array.from({ length: before + n + after }, (_, i) => paddedSource(i - before, n, mode) ?? -1);
}

/** x padded by gathering rows then columns at the core's paddedSource indices (zeros where it says null). */
function gatherPad(x: tf.Tensor4D, pads: Pads, mode: PaddingMode): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = x.shape;
    const rows = sources(h, pads.top, pads.bottom, mode);
    const cols = sources(w, pads.left, pads.right, mode);
    // A zero row and column at index h (w) stand for the zero border.
    const withZeros = tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]]);
    const byRows = tf.gather(withZeros, tf.tensor1d(rows.map((r) => (r < 0 ? h : r)), 'int32'), 1);
    return tf.gather(byRows, tf.tensor1d(cols.map((c) => (c < 0 ? w : c)), 'int32'), 2) as tf.Tensor4D;
  });
}

const input = (shape: [number, number, number, number], seed = 1) => tf.randomUniform(shape, -1, 1, 'float32', seed) as tf.Tensor4D;

describe('padBorder', () => {
  it('pads a row as PyTorch does, by hand', () => {
    const row = tf.tensor4d([1, 2, 3], [1, 1, 3, 1]);
    const pads: Pads = { top: 0, bottom: 0, left: 2, right: 2 };
    const cases: Record<PaddingMode, number[]> = {
      zeros: [0, 0, 1, 2, 3, 0, 0],
      reflect: [3, 2, 1, 2, 3, 2, 1],
      replicate: [1, 1, 1, 2, 3, 3, 3],
      circular: [2, 3, 1, 2, 3, 1, 2],
    };
    for (const mode of PADDING_MODES) expect(Array.from(padBorder(row, pads, mode).dataSync())).toEqual(cases[mode]);
    // A corner cell takes both rules: replicate fills it with the corner, circular with the opposite corner.
    const square = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const one: Pads = { top: 1, bottom: 0, left: 1, right: 0 };
    expect(Array.from(padBorder(square, one, 'replicate').dataSync())).toEqual([1, 1, 2, 1, 1, 2, 3, 3, 4]);
    expect(Array.from(padBorder(square, one, 'circular').dataSync())).toEqual([4, 3, 4, 2, 1, 2, 4, 3, 4]);
    tf.dispose([row, square]);
  });

  it('equals tf.mirrorPad for reflect, tf.pad for zeros, and gathers at paddedSource for every mode', () => {
    const x = input([2, 5, 6, 3]);
    expectClose(padBorder(x, PADS, 'reflect').dataSync(), tf.mirrorPad(x, [[0, 0], [2, 1], [1, 3], [0, 0]], 'reflect').dataSync());
    expectClose(padBorder(x, PADS, 'zeros').dataSync(), tf.pad(x, [[0, 0], [2, 1], [1, 3], [0, 0]]).dataSync());
    for (const mode of PADDING_MODES) {
      const padded = padBorder(x, PADS, mode);
      expect(padded.shape).toEqual([2, 8, 10, 3]);
      expectClose(padded.dataSync(), gatherPad(x, PADS, mode).dataSync(), 1e-7);
    }
  });

  it.each(PADDING_MODES)('passes back, in %s mode, the sum of the gradients of every cell that copies an input cell', (mode) => {
    const x = input([1, 4, 5, 2]);
    const g = tf.randomUniform([1, 7, 9, 2], -1, 1, 'float32', 3);
    const before = tf.memory().numTensors;
    const dx = tf.tidy(() => tf.grad((a: tf.Tensor) => padBorder(a as tf.Tensor4D, PADS, mode).mul(g).sum())(x).dataSync());
    expect(tf.memory().numTensors).toBe(before);
    const expected = new Float32Array(4 * 5 * 2);
    const gv = g.dataSync();
    const rows = sources(4, PADS.top, PADS.bottom, mode);
    const cols = sources(5, PADS.left, PADS.right, mode);
    rows.forEach((r, i) =>
      cols.forEach((c, j) => {
        if (r < 0 || c < 0) return;
        for (let ch = 0; ch < 2; ch++) expected[(r * 5 + c) * 2 + ch]! += gv[(i * 9 + j) * 2 + ch]!;
      }),
    );
    expectClose(dx, expected, 1e-6);
  });
});

const spec = (inputShape: [number, number, number], layers: LayerSpec[]): NetworkSpec => ({ version: SPEC_VERSION, inputShape, layers });

describe('padded models', () => {
  it.each(PADDING_MODES)('a conv with padding [2, 1] in %s mode computes the conv of the independently padded input', (mode) => {
    const s = spec([6, 7, 2], [createLayer('conv2d', 'c', { filters: 3, kernelSize: [3, 2], strides: [2, 1], padding: [2, 1], paddingMode: mode, activation: 'linear' })]);
    expect(analyzeNetwork(s).problems.filter((p) => p.layerIndex !== null)).toEqual([]);
    const { model, layersBySpecIndex } = buildModel(s);
    const x = input([2, 6, 7, 2], 4);
    const [kernel, bias] = model.getWeights() as [tf.Tensor4D, tf.Tensor1D];
    const independent = mode === 'reflect' ? tf.mirrorPad(x, [[0, 0], [2, 2], [1, 1], [0, 0]], 'reflect') : gatherPad(x, { top: 2, bottom: 2, left: 1, right: 1 }, mode);
    const expected = tf.conv2d(independent, kernel, [2, 1], 'valid').add(bias);
    const actual = model.predict(x) as tf.Tensor;
    expect(actual.shape).toEqual([2, ...analyzeNetwork(s).layers[0]!.outputShape!]);
    expectClose(actual.dataSync(), expected.dataSync(), 1e-5);
    // The spec layer's last tfjs layer is the conv itself, and it holds the weights.
    expect(layersBySpecIndex[0]!.map((l) => l.getClassName())).toEqual(['KernelscopeBorderPadding2D', 'Conv2D']);
    tf.dispose([x, independent, expected, actual]);
    model.dispose();
  });

  it("uses tfjs's own conv for 'same' zeros and 'valid', and a padding step for 'same' in other modes", () => {
    const kinds = (padding: 'same' | 'valid', paddingMode: PaddingMode) =>
      buildModel(spec([5, 5, 1], [createLayer('depthwiseConv2d', 'd', { padding, paddingMode, activation: 'leakyRelu' })])).layersBySpecIndex[0]!.map((l) => l.getClassName());
    expect(kinds('same', 'zeros')).toEqual(['DepthwiseConv2D', 'LeakyReLU']);
    expect(kinds('valid', 'reflect')).toEqual(['DepthwiseConv2D', 'LeakyReLU']);
    expect(kinds('same', 'circular')).toEqual(['KernelscopeBorderPadding2D', 'DepthwiseConv2D', 'LeakyReLU']);
  });

  it('pools like PyTorch: max never picks a padded cell, average counts the padded zeros', () => {
    // All values negative, so a padded zero would win any max it could enter.
    const x = tf.tidy(() => input([2, 5, 6, 2], 6).sub(2)) as tf.Tensor4D;
    const pool = (kind: 'maxPool2d' | 'avgPool2d') => buildModel(spec([5, 6, 2], [createLayer(kind, 'p', { poolSize: [3, 2], strides: [2, 2], padding: [1, 1] })])).model;
    const maxModel = pool('maxPool2d');
    const avgModel = pool('avgPool2d');
    // tfjs's maxPool with explicit padding leaves padded cells out; an average over every cell of a
    // zero-padded window is a depthwise conv with weights 1/6. (Not tfjs's numeric pad = 1: it
    // sizes both axes with the window's height, wrong for a 3x2 window.)
    const explicit: tf.backend_util.ExplicitPadding = [[0, 0], [1, 1], [1, 1], [0, 0]];
    const maxExpected = tf.maxPool(x, [3, 2], [2, 2], explicit);
    const avgExpected = tf.depthwiseConv2d(x, tf.fill([3, 2, 2, 1], 1 / 6) as tf.Tensor4D, [2, 2], explicit);
    const maxActual = maxModel.predict(x) as tf.Tensor;
    const avgActual = avgModel.predict(x) as tf.Tensor;
    expect(maxActual.shape).toEqual([2, ...analyzeNetwork(spec([5, 6, 2], [createLayer('maxPool2d', 'p', { poolSize: [3, 2], strides: [2, 2], padding: [1, 1] })])).layers[0]!.outputShape!]);
    expectClose(maxActual.dataSync(), maxExpected.dataSync(), 1e-6);
    expectClose(avgActual.dataSync(), avgExpected.dataSync(), 1e-6);
    expect(Math.max(...maxActual.dataSync())).toBeLessThan(0);
    tf.dispose([x, maxExpected, avgExpected, maxActual, avgActual]);
    maxModel.dispose();
    avgModel.dispose();
  });

  it('reads a padded conv layer\'s weights and serializes the model with its padding step', async () => {
    const s = spec([6, 6, 1], [
      createLayer('conv2d', 'c', { filters: 2, padding: [1, 1], paddingMode: 'reflect' }),
      createLayer('maxPool2d', 'p', { padding: [1, 1] }),
      createLayer('flatten', 'f'),
      createLayer('dense', 'o', { units: 10, activation: 'softmax' }),
    ]);
    const built = buildModel(s);
    const weights = await readLayerWeights(built, 0);
    expect(weights.map((w) => w.shape)).toEqual([[3, 3, 1, 2], [2]]);
    const copy = await tf.models.modelFromJSON(built.model.toJSON(undefined, false) as never);
    copy.setWeights(built.model.getWeights());
    const padding = copy.layers.find((l) => l instanceof BorderPadding2D) as BorderPadding2D;
    expect(padding.mode).toBe('reflect');
    const x = input([1, 6, 6, 1], 7);
    expectClose((copy.predict(x) as tf.Tensor).dataSync(), (built.model.predict(x) as tf.Tensor).dataSync(), 1e-6);
    built.model.dispose();
  });

  it.each(PADDING_MODES)('trains in %s mode: the loss falls over a few steps, leaking nothing', (mode) => {
    const s = spec([8, 8, 1], [
      createLayer('conv2d', 'c', { filters: 4, padding: [2, 1], paddingMode: mode }),
      createLayer('maxPool2d', 'p', { padding: [1, 1] }),
      createLayer('separableConv2d', 's', { filters: 4, padding: 'same', paddingMode: mode, activation: 'tanh' }),
      createLayer('avgPool2d', 'a', { padding: [1, 0] }),
      createLayer('flatten', 'f'),
      createLayer('dense', 'o', { units: 10, activation: 'softmax' }),
    ]);
    expect(analyzeNetwork(s).valid).toBe(true);
    const { model } = buildModel(s);
    const optimizer = createOptimizer('adam', 0.02);
    const x = input([8, 8, 8, 1], 9);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10).toFloat();
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
