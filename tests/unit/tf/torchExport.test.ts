/**
 * The PyTorch export against the real tfjs model on the cpu backend: torchOps + torchWeights, run by
 * an independent NCHW interpreter with PyTorch's semantics (torchReference.ts), give every spec
 * layer's output that tfjs gives, for random weights and inputs.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { torchOps, type TorchOp } from '../../../src/core/export/torchOps';
import { torchWeights } from '../../../src/core/export/torchWeights';
import { layoutSize, weightLayout, type WeightSlot } from '../../../src/core/export/weightLayout';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { PRESETS } from '../../../src/core/editing/presets';
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type LayerSpec, type NetworkSpec, type Shape3D } from '../../../src/core/spec/spec';
import { buildModel } from '../../../src/tf/buildModel';
import { validSpecArb } from '../core/arbitraries';
import { expectClose } from './expectClose';
import { runTorchOps, type Nchw } from './torchReference';

let tensorsAtStart = 0;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  tensorsAtStart = tf.memory().numTensors;
});

afterAll(() => {
  expect(tf.memory().numTensors).toBe(tensorsAtStart);
});

/** Deterministic uniform numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const uniform = (rand: () => number, count: number, lo: number, hi: number): Float32Array => Float32Array.from({ length: count }, () => lo + (hi - lo) * rand());

/** Random weights that keep activations near 1 (He-uniform kernels) and make batch norm do something. */
function randomWeight(slot: WeightSlot, rand: () => number): Float32Array {
  const fanIn = (shape: number[]): number => shape.slice(0, -1).reduce((a, b) => a * b, 1);
  switch (slot.role) {
    case 'kernel':
    case 'pointwise_kernel':
    case 'depthwise_kernel': {
      const limit = Math.sqrt(6 / Math.max(1, slot.role === 'depthwise_kernel' ? slot.shape[0]! * slot.shape[1]! : fanIn(slot.shape)));
      return uniform(rand, slot.size, -limit, limit);
    }
    case 'bias':
      return uniform(rand, slot.size, -0.3, 0.3);
    case 'gamma':
      return uniform(rand, slot.size, 0.5, 1.5);
    case 'beta':
    case 'moving_mean':
      return uniform(rand, slot.size, -0.5, 0.5);
    case 'moving_variance':
      return uniform(rand, slot.size, 0.3, 2);
  }
}

/** [n, h, w, c] values as [n, c, h, w]. */
function toNchw(values: Float32Array, [n, h, w, c]: number[]): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < n!; i++)
    for (let y = 0; y < h!; y++)
      for (let x = 0; x < w!; x++) for (let ch = 0; ch < c!; ch++) out[((i * c! + ch) * h! + y) * w! + x] = values[((i * h! + y) * w! + x) * c! + ch]!;
  return out;
}

/** tfjs's [n, f] flattened (H, W, C) features of an [h, w, c] map, in PyTorch's (C, H, W) order. */
function toChwFeatures(values: Float32Array, n: number, [h, w, c]: Shape3D): Float64Array {
  return toNchw(values, [n, h, w, c]);
}

const EXAMPLES = 2;

/**
 * Builds the tfjs model with random weights, runs both on the same random inputs and compares
 * the output of every spec layer (the interpreter's output after the layer's last op).
 */
function expectExportMatchesTfjs(spec: NetworkSpec, seed: number): void {
  const layout = weightLayout(spec);
  const ops = torchOps(spec);
  if (layout === null || !ops.ok) throw new Error(`not exportable: ${ops.ok ? 'no layout' : ops.message}`);
  const rand = random(seed);
  const before = tf.memory().numTensors;
  const { model, layersBySpecIndex } = buildModel(spec);
  try {
    const fresh = layout.map((slot) => randomWeight(slot, rand));
    const toSet = fresh.map((values, i) => tf.tensor(values, layout[i]!.shape));
    model.setWeights(toSet);
    tf.dispose(toSet);
    // Read back in model.weights order, the order the browser exports.
    const weights = model.weights.map((w) => w.read().dataSync() as Float32Array).map((a) => a.slice());
    expect(weights.map((w) => w.length)).toEqual(layout.map((s) => s.size));
    const tensors = torchWeights(spec, weights);
    if (!tensors.ok) throw new Error(tensors.message);

    const [h, w, c] = spec.inputShape;
    const pixels = uniform(rand, EXAMPLES * h * w * c, 0, 1);
    const probe = tf.model({ inputs: model.inputs, outputs: layersBySpecIndex.map((layers) => layers[layers.length - 1]!.output as tf.SymbolicTensor) });
    const expected = tf.tidy(() => {
      const out = probe.predict(tf.tensor4d(pixels, [EXAMPLES, h, w, c]));
      return (Array.isArray(out) ? out : [out]).map((t) => ({ shape: t.shape as number[], values: t.dataSync() as Float32Array }));
    });
    const input: Nchw = { shape: [EXAMPLES, c, h, w], data: toNchw(pixels, [EXAMPLES, h, w, c]) };
    const outputs = runTorchOps(ops.value, tensors.value, input);

    // While no Linear has mixed them, tfjs's vectors are (H, W, C) flattenings, PyTorch's (C, H, W).
    let flattened: Shape3D | null = null;
    for (const [index, layer] of spec.layers.entries()) {
      const last = ops.value.filter((op) => op.specLayer === index).at(-1);
      if (!last) throw new Error(`layer ${index} has no op`);
      const actual = outputs[last.index]!;
      const tfOut = expected[index]!;
      const where = `layer ${index + 1} (${layer.kind})`;
      if (layer.kind === 'flatten') flattened = analyzeNetwork(spec).layers[index]!.inputShape as Shape3D;
      if (layer.kind === 'dense' || layer.kind === 'globalAvgPool2d' || layer.kind === 'globalMaxPool2d') flattened = null;
      let want: Float64Array;
      if (tfOut.shape.length === 4) {
        want = toNchw(tfOut.values, tfOut.shape);
        expect(actual.shape, where).toEqual([tfOut.shape[0], tfOut.shape[3], tfOut.shape[1], tfOut.shape[2]]);
      } else {
        want = flattened === null ? Float64Array.from(tfOut.values) : toChwFeatures(tfOut.values, EXAMPLES, flattened);
        expect(actual.shape, where).toEqual(tfOut.shape);
      }
      expectClose(actual.data, want, 1e-4);
    }
  } finally {
    model.dispose();
  }
  expect(tf.memory().numTensors).toBe(before);
}

const spec = (inputShape: Shape3D, layers: LayerSpec[]): NetworkSpec => ({ version: SPEC_VERSION, inputShape, layers });
const head = (prefix: string, flatten = true): LayerSpec[] => [
  ...(flatten ? [createLayer('flatten', `${prefix}-flat`)] : []),
  createLayer('dense', `${prefix}-out`, { units: 10, activation: 'softmax' }),
];
const conv = (id: string, settings: Parameters<typeof createLayer<'conv2d'>>[2]): LayerSpec => createLayer('conv2d', id, { filters: 3, activation: 'linear', ...settings });

/** Networks aimed at one exactness question each. */
const TARGETED: [string, NetworkSpec][] = [
  ["'same' stride 2 on odd and even sizes", spec([9, 8, 2], [conv('a', { kernelSize: [3, 3], strides: [2, 2], padding: 'same' }), conv('b', { kernelSize: [3, 2], strides: [2, 3], padding: 'same' }), ...head('s')])],
  ["'same' with even kernels at stride 1", spec([7, 6, 1], [conv('a', { kernelSize: [4, 2], padding: 'same', activation: 'relu' }), ...head('e')])],
  ['dilation 2 with stride 2', spec([11, 10, 2], [conv('a', { kernelSize: [3, 3], strides: [2, 2], dilation: [2, 2], padding: 'same' }), conv('b', { kernelSize: [2, 2], strides: [2, 1], dilation: [2, 2], padding: [1, 2], paddingMode: 'reflect' }), ...head('d')])],
  ...(['zeros', 'reflect', 'replicate', 'circular'] as const).map((mode): [string, NetworkSpec] => [
    `padding mode ${mode}: explicit [1, 2] and uneven 'same'`,
    spec([8, 7, 2], [
      conv('a', { kernelSize: [3, 3], padding: [1, 2], paddingMode: mode, activation: 'tanh' }),
      conv('b', { kernelSize: [3, 4], strides: [2, 2], padding: 'same', paddingMode: mode, activation: 'elu' }),
      conv('c', { kernelSize: [2, 2], padding: 'same', paddingMode: mode, activation: 'leakyRelu' }),
      ...head(mode),
    ]),
  ]),
  [
    'depthwise with multiplier 2',
    spec([8, 8, 3], [createLayer('depthwiseConv2d', 'dw', { kernelSize: [3, 3], depthMultiplier: 2, padding: 'same', strides: [2, 2], activation: 'relu' }), ...head('dw')]),
  ],
  [
    'separable conv',
    spec([9, 8, 3], [
      createLayer('separableConv2d', 'sep', { filters: 5, kernelSize: [3, 3], depthMultiplier: 2, strides: [2, 2], padding: 'same', paddingMode: 'reflect', activation: 'sigmoid' }),
      createLayer('separableConv2d', 'sep2', { filters: 4, kernelSize: [2, 3], depthMultiplier: 1, padding: [1, 1], useBias: false, activation: 'relu' }),
      ...head('sep'),
    ]),
  ],
  [
    "avg and max pools 'same' with stride 2 (odd and even sizes)",
    spec([9, 8, 2], [
      createLayer('avgPool2d', 'ap', { poolSize: [3, 3], strides: [2, 2], padding: 'same' }),
      createLayer('maxPool2d', 'mp', { poolSize: [2, 3], strides: [2, 2], padding: 'same' }),
      ...head('pool'),
    ]),
  ],
  [
    "pools 'same' at stride 1 and explicitly padded",
    spec([7, 8, 2], [
      createLayer('avgPool2d', 'ap0', { poolSize: [3, 3], strides: [1, 1], padding: 'same' }),
      createLayer('maxPool2d', 'mp0', { poolSize: [3, 3], strides: [1, 1], padding: 'same' }),
      createLayer('avgPool2d', 'ap1', { poolSize: [2, 2], strides: [1, 1], padding: 'same' }),
      createLayer('maxPool2d', 'mp1', { poolSize: [2, 3], strides: [1, 1], padding: 'same' }),
      createLayer('avgPool2d', 'ap2', { poolSize: [3, 3], strides: [2, 2], padding: [1, 1] }),
      createLayer('maxPool2d', 'mp2', { poolSize: [2, 3], strides: [1, 2], padding: [1, 1] }),
      ...head('pool2'),
    ]),
  ],
  [
    'batch norm after a conv, after a flatten and after a dense',
    spec([6, 5, 2], [
      conv('c', { kernelSize: [3, 3], padding: 'same', filters: 4 }),
      createLayer('batchNorm', 'bn2d'),
      createLayer('flatten', 'f'),
      createLayer('dropout', 'drop', { rate: 0.3 }),
      createLayer('batchNorm', 'bn-flat'),
      createLayer('activation', 'act', { activation: 'elu' }),
      createLayer('dense', 'd', { units: 7, activation: 'relu', useBias: false }),
      createLayer('batchNorm', 'bn1d'),
      createLayer('dense', 'o', { units: 10, activation: 'linear' }),
      createLayer('activation', 'sm', { activation: 'softmax' }),
      createLayer('dropout', 'tail', { rate: 0.5 }),
    ]),
  ],
  ['flatten of a multi-channel map then dense', spec([4, 3, 5], [createLayer('flatten', 'f'), createLayer('dense', 'd', { units: 6, activation: 'tanh' }), ...head('fd', false)])],
  [
    'global pools and softmax over channels',
    spec([6, 6, 3], [conv('c', { kernelSize: [3, 3], filters: 4, activation: 'softmax' }), createLayer('globalMaxPool2d', 'gm'), ...head('gm', false)]),
  ],
  ['global average pool', spec([5, 7, 3], [conv('c', { kernelSize: [2, 2], filters: 4, activation: 'relu' }), createLayer('globalAvgPool2d', 'ga'), ...head('ga', false)])],
];

describe('PyTorch export', () => {
  it.each(PRESETS.map((p, i) => [p.id, p.spec, i] as const))('computes what tfjs computes for preset %s', (_id, presetSpec, i) => {
    expectExportMatchesTfjs(presetSpec, 1000 + i);
  });

  it.each(TARGETED.map(([name, s], i) => [name, s, i] as const))('is exact for %s', (_name, targeted, i) => {
    expect(analyzeNetwork(targeted).valid).toBe(true);
    expectExportMatchesTfjs(targeted, 2000 + i);
  });

  it('computes what tfjs computes for random valid networks', () => {
    let seed = 3000;
    fc.assert(
      fc.property(validSpecArb, (random) => {
        const layout = weightLayout(random);
        fc.pre(layout !== null && layoutSize(layout) < 200_000 && random.inputShape[0] <= 28 && random.inputShape[1] <= 28);
        expectExportMatchesTfjs(random, seed++);
      }),
      { numRuns: 30, seed: 20240611 },
    );
  });

  it('uses every op kind somewhere in the targeted networks', () => {
    const kinds = new Set<TorchOp['type']>();
    for (const [, s] of TARGETED) {
      const ops = torchOps(s);
      if (ops.ok) for (const op of ops.value) kinds.add(op.type);
    }
    expect([...kinds].sort()).toEqual(
      [
        'AdaptiveAvgPool2d',
        'AdaptiveMaxPool2d',
        'AvgPool2d',
        'AvgPoolSame',
        'BatchNorm1d',
        'BatchNorm2d',
        'Conv2d',
        'Dropout',
        'ELU',
        'Flatten',
        'LeakyReLU',
        'Linear',
        'MaxPool2d',
        'Pad',
        'ReLU',
        'Sigmoid',
        'Softmax',
        'Tanh',
      ].sort(),
    );
  });
});
