import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
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

/*
 * The wasm backend (in Node it finds its .wasm files itself) lacks Conv2DBackpropFilter and both
 * depthwise backprop kernels; with registerConvGradients every conv trains there and its gradients
 * agree with the CPU backend's (which gradients.test.ts checks against direct summation).
 */


/** A conv forward pass and its inputs: strides 1-3 or dilations 1-3, kernels 1-5, channels 1-4. */
const caseArb = fc
  .record({
    depthwise: fc.boolean(), dilated: fc.boolean(), pad: fc.constantFrom<'valid' | 'same'>('valid', 'same'),
    b: fc.integer({ min: 1, max: 3 }), c: fc.integer({ min: 1, max: 4 }), o: fc.integer({ min: 1, max: 3 }),
    kh: fc.integer({ min: 1, max: 5 }), kw: fc.integer({ min: 1, max: 5 }),
    a: fc.integer({ min: 1, max: 3 }), e: fc.integer({ min: 1, max: 3 }),
    extraH: fc.integer({ min: 0, max: 5 }), extraW: fc.integer({ min: 0, max: 5 }),
  })
  .map((r) => {
    const s: [number, number] = r.dilated ? [1, 1] : [r.a, r.e];
    const d: [number, number] = r.dilated ? [r.a, r.e] : [1, 1];
    const xShape = [r.b, d[0] * (r.kh - 1) + 1 + r.extraH, d[1] * (r.kw - 1) + 1 + r.extraW, r.c];
    return { ...r, s, d, xShape, wShape: [r.kh, r.kw, r.c, r.o] };
  });
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/** dx and dW of sum(y * g) for fixed pseudo-random x, w, g, on the active backend. */
function convGrads(t: Case): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.randomUniform(t.xShape, -1, 1, 'float32', 1);
    const w = tf.randomUniform(t.wShape, -1, 1, 'float32', 2);
    const f = (a: tf.Tensor, b: tf.Tensor) => (t.depthwise ? tf.depthwiseConv2d : tf.conv2d)(a as tf.Tensor4D, b as tf.Tensor4D, t.s, t.pad, 'NHWC', t.d);
    const g = tf.randomUniform(f(x, w).shape, -1, 1, 'float32', 3);
    return tf.grads((a, b) => f(a, b).mul(g).sum())([x, w]).map((grad) => grad.dataSync() as Float32Array);
  });
}

const specWithEveryConv: NetworkSpec = {
  version: SPEC_VERSION,
  inputShape: [12, 12, 1],
  layers: [
    createLayer('conv2d', 'a1', { filters: 4, padding: 'same', dilation: [2, 2], activation: 'linear' }),
    createLayer('activation', 'a2', { activation: 'leakyRelu' }),
    createLayer('depthwiseConv2d', 'a3', { strides: [2, 2], padding: 'same', depthMultiplier: 2, activation: 'relu' }),
    createLayer('batchNorm', 'a4'),
    createLayer('separableConv2d', 'a5', { filters: 6, padding: 'same', dilation: [2, 2], depthMultiplier: 2, activation: 'elu' }),
    createLayer('maxPool2d', 'a6', { poolSize: [2, 2], strides: [2, 2] }),
    createLayer('conv2d', 'a7', { filters: 6, kernelSize: [1, 1], activation: 'tanh' }),
    createLayer('avgPool2d', 'a8', { poolSize: [2, 2], strides: [1, 1] }),
    createLayer('conv2d', 'a9', { filters: 5, kernelSize: [2, 2], padding: 'same', activation: 'sigmoid' }),
    createLayer('globalAvgPool2d', 'a10'),
    createLayer('dense', 'a11', { units: 10, activation: 'softmax' }),
  ],
};

const specWithFlatten: NetworkSpec = {
  version: SPEC_VERSION,
  inputShape: [12, 12, 1],
  layers: [
    createLayer('conv2d', 'c1', { filters: 3, kernelSize: [5, 5], dilation: [2, 2], activation: 'sigmoid' }),
    createLayer('flatten', 'c2'),
    createLayer('dropout', 'c3', { rate: 0.5 }),
    createLayer('dense', 'c4', { units: 10, activation: 'softmax' }),
  ],
};

const specWithTheRest: NetworkSpec = {
  version: SPEC_VERSION,
  inputShape: [12, 12, 1],
  layers: [
    createLayer('conv2d', 'b1', { filters: 4, strides: [2, 2], activation: 'leakyRelu' }),
    createLayer('conv2d', 'b2', { filters: 4, kernelSize: [3, 2], padding: 'same', dilation: [1, 2], activation: 'relu' }),
    createLayer('depthwiseConv2d', 'b3', { padding: 'same', activation: 'linear' }),
    createLayer('globalMaxPool2d', 'b4'),
    createLayer('dropout', 'b5', { rate: 0.3 }),
    createLayer('dense', 'b6', { units: 8, activation: 'elu' }),
    createLayer('activation', 'b7', { activation: 'tanh' }),
    createLayer('dense', 'b8', { units: 10, activation: 'softmax' }),
  ],
};

const batch = (n: number) => randomBatch(n, [12, 12], 5, [0, 1]);
const modelGrads = (model: tf.LayersModel) => modelGradients(model, () => batch(6));

beforeAll(async () => {
  registerConvGradients();
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('conv gradients on wasm', () => {
  it('agree with the cpu backend on random convs and leak nothing', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (t) => {
        await tf.setBackend('cpu');
        const expected = convGrads(t);
        await tf.setBackend('wasm');
        const before = tf.memory().numTensors;
        const actual = convGrads(t);
        expect(tf.memory().numTensors).toBe(before);
        actual.forEach((grad, i) => expectClose(grad, expected[i]!));
      }),
      { numRuns: 80, seed: 5 },
    );
  });

  it.each([
    ['every conv kind', () => specWithEveryConv],
    ['the other layer kinds (dropout aside)', () => ({ ...specWithTheRest, layers: specWithTheRest.layers.filter((l) => l.kind !== 'dropout') })],
  ])('give every weight of a model with %s the cpu backend gradient', async (_, makeSpec) => {
    const spec = makeSpec();
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
    modelGrads(onWasm).forEach((grad, i) => expectClose(grad, expected[i]!));
    onWasm.dispose();
  });
});

describe('max-pool gradient on wasm', () => {
  // wasm's own MaxPoolGrad drops windows whose values are all <= 0 (see maxPoolGrad.ts).
  it.each([
    [[3, 7, 6, 2], 2, 2, 'valid'],
    [[2, 7, 9, 3], 3, 2, 'same'],
    [[2, 5, 5, 2], 3, 1, 'same'],
  ] as const)('agrees with the cpu backend for x %j, pool %d, stride %d, %s', async (shape, size, stride, pad) => {
    const grad = () =>
      tf.tidy(() => {
        const x = tf.randomNormal([...shape], -0.5, 1, 'float32', 8) as tf.Tensor4D;
        const g = tf.randomNormal(tf.maxPool(x, size, stride, pad).shape, 0, 1, 'float32', 9);
        return tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, size, stride, pad).mul(g).sum())(x).dataSync();
      });
    await tf.setBackend('cpu');
    const expected = grad();
    await tf.setBackend('wasm');
    expectClose(grad(), expected);
  });
});

describe('training on wasm', () => {
  it.each(['sgd', 'momentum', 'adam', 'rmsprop'] as const)('runs %s steps on models with every layer kind, leaking nothing', (optimizerName) => {
    for (const spec of [specWithEveryConv, specWithTheRest, specWithFlatten]) {
      expect(analyzeNetwork(spec).valid).toBe(true);
      const { model } = buildModel(spec);
      const optimizer = createOptimizer(optimizerName, 0.01);
      const { x, y } = batch(8);
      const step = () => {
        const { loss, accuracy } = trainStep(model, optimizer, x, y);
        const value = loss.dataSync()[0]!;
        tf.dispose([loss, accuracy]);
        return value;
      };
      step(); // creates the optimizer's slots
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) expect(Number.isFinite(step())).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, y]);
      optimizer.dispose();
      model.dispose();
    }
  });
});
