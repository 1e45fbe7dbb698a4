import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { receptiveFieldCentres } from '../../../src/core/math/receptiveField';
import { getPreset } from '../../../src/core/editing/presets';
import { createLayer } from '../../../src/core/spec/registry';
import type { NetworkSpec } from '../../../src/core/spec/spec';
import { buildModel, type BuiltModel } from '../../../src/tf/buildModel';
import { createExplainer, type Explanation } from '../../../src/tf/explanation';
import { registerConvGradients } from '../../../src/tf/gradients';
import { validSpecArb } from '../core/arbitraries';
import { expectClose } from './expectClose';
import { lastConvIndex, mixedSpec, net, randomImage, seedWeights } from './explanationFixtures';

beforeAll(async () => {
  // As backend.ts does: dilated convs have no tfjs gradient without it.
  registerConvGradients();
  await tf.setBackend('cpu');
});

/** Builds the spec with seeded weights; the core calls a network without a softmax ending invalid, so `checked` can be off for those. */
function built(spec: NetworkSpec, seed: number, checked = true): BuiltModel {
  if (checked) expect(analyzeNetwork(spec).valid).toBe(true);
  const result = buildModel(spec);
  seedWeights(result.model, seed);
  return result;
}

function predict(model: tf.LayersModel, spec: NetworkSpec, pixels: Float32Array): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor4d(pixels, [1, ...spec.inputShape])) as tf.Tensor).dataSync() as Float32Array);
}

/** The same network with its softmax classifier replaced by a linear one: its output is the logits. */
function withLinearHead(spec: NetworkSpec): NetworkSpec {
  const copy = structuredClone(spec);
  const last = copy.layers.at(-1);
  if (last?.kind !== 'dense') throw new Error('expected a dense classifier');
  last.activation = 'linear';
  return copy;
}

function expectWellFormed(spec: NetworkSpec, e: Explanation): void {
  const [h, w] = spec.inputShape;
  expect(e.probabilities).toBeInstanceOf(Float32Array);
  expect(e.probabilities).toHaveLength(10);
  expect(e.saliency).toHaveLength(h * w);
  expect(e.saliency.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  expect(e.gradCamLayerIndex).toBe(lastConvIndex(spec));
  if (e.gradCamLayerIndex === null) expect(e.gradCam).toBeNull();
  else {
    expect(e.gradCam).toBeInstanceOf(Float32Array);
    expect(e.gradCam).toHaveLength(h * w);
    expect(e.gradCam!.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  }
}

/** Smooth everywhere (tanh, sigmoid, average pooling), two input channels, so finite differences are accurate. */
const smoothSpec = (): NetworkSpec =>
  net([9, 8, 2], [
    createLayer('conv2d', 'c1', { filters: 3, kernelSize: [3, 3], activation: 'tanh' }),
    createLayer('avgPool2d', 'p1', { poolSize: [2, 2], strides: [2, 2] }),
    createLayer('conv2d', 'c2', { filters: 4, kernelSize: [2, 2], padding: 'same', activation: 'sigmoid' }),
    createLayer('flatten', 'f'),
    createLayer('dense', 'o', { units: 10, activation: 'softmax' }),
  ]);

describe('saliency', () => {
  it('is |d logit / d pixel| (largest over channels): central differences of the logits at several pixels', () => {
    const spec = smoothSpec();
    const net1 = built(spec, 1);
    const logitModel = built(withLinearHead(spec), 1, false).model;
    const pixels = randomImage(spec, 5);
    const classIndex = 7;
    const { saliency } = createExplainer(net1, spec).explain(pixels, classIndex);
    const logit = (p: Float32Array) => predict(logitModel, spec, p)[classIndex]!;
    const scale = Math.max(...saliency);
    expect(scale).toBeGreaterThan(1e-3);
    const step = 1e-2;
    for (const pixel of [0, 9, 18, 27, 36, 45, 63, 71]) {
      const perChannel = [0, 1].map((channel) => {
        const up = pixels.slice();
        const down = pixels.slice();
        up[pixel * 2 + channel]! += step;
        down[pixel * 2 + channel]! -= step;
        return Math.abs((logit(up) - logit(down)) / (2 * step));
      });
      expect(Math.abs(saliency[pixel]! - Math.max(...perChannel))).toBeLessThan(2e-3 * scale);
    }
    net1.model.dispose();
    logitModel.dispose();
  });

  it('equals tf.grad of the logit at every pixel, whether the softmax is in the Dense, a separate Activation layer, or absent', () => {
    const spec = smoothSpec();
    const pixels = randomImage(spec, 9);
    const linear = built(withLinearHead(spec), 2, false);
    const separate = structuredClone(withLinearHead(spec));
    separate.layers.push(createLayer('activation', 'sm', { activation: 'softmax' }), createLayer('dropout', 'dr', { rate: 0.4 }));
    const variants = [built(spec, 2), built(separate, 2), linear];
    const reference = tf.tidy(() => {
      const g = tf.grad((x: tf.Tensor) => (linear.model.apply(x) as tf.Tensor).slice([0, 3], [1, 1]).sum())(tf.tensor4d(pixels, [1, 9, 8, 2]));
      return g.abs().max(-1).dataSync() as Float32Array;
    });
    const [inDense, inActivation, noSoftmax] = variants.map((b, i) => createExplainer(b, [spec, separate, withLinearHead(spec)][i]!).explain(pixels, 3));
    for (const e of [inDense!, inActivation!, noSoftmax!]) expectClose(e.saliency, reference, 1e-5);
    expectClose(inActivation!.probabilities, inDense!.probabilities, 1e-6);
    // Without a softmax the output itself is the score, and what comes back as "probabilities".
    expectClose(noSoftmax!.probabilities, predict(linear.model, spec, pixels), 1e-6);
    for (const b of variants) b.model.dispose();
  });

  it('is finite (and >= 0) for an all-zero image', () => {
    const spec = getPreset('small-cnn')!.spec;
    const b = built(spec, 3);
    const e = createExplainer(b, spec).explain(new Float32Array(28 * 28), 0);
    expectWellFormed(spec, e);
    b.model.dispose();
  });
});

describe('Grad-CAM', () => {
  /**
   * 16x16 input; conv 3x3 'valid' passes the centre pixel (14x14), max pool 2x2 (7x7), conv 3x3 'valid'
   * passes the centre cell (5x5): map cell (i, j) sees input rows 2i+3 .. 2i+4 and columns 2j+3 .. 2j+4,
   * centred at (2i + 3.5, 2j + 3.5). Class 3's logit is the sum of the map, so alpha = 1 and cam = map.
   */
  function placementNetwork(): { spec: NetworkSpec; model: BuiltModel } {
    const spec = net([16, 16, 1], [
      createLayer('conv2d', 'c1', { filters: 1, kernelSize: [3, 3], activation: 'relu' }),
      createLayer('maxPool2d', 'p1', { poolSize: [2, 2], strides: [2, 2] }),
      createLayer('conv2d', 'c2', { filters: 1, kernelSize: [3, 3], activation: 'relu' }),
      createLayer('flatten', 'f'),
      createLayer('dense', 'o', { units: 10, activation: 'softmax' }),
    ]);
    const model = built(spec, 4);
    const centreOnly = tf.tensor4d([0, 0, 0, 0, 1, 0, 0, 0, 0], [3, 3, 1, 1]);
    const dense = tf.tidy(() => tf.randomUniform([25, 10], -1, 1, 'float32', 3).mul(tf.oneHot([3], 10).sub(1).neg()).add(tf.oneHot(tf.fill([25], 3, 'int32'), 10)));
    const zeros = [tf.zeros([1]), tf.zeros([1]), tf.zeros([10])];
    model.model.setWeights([centreOnly, zeros[0]!, centreOnly, zeros[1]!, dense, zeros[2]!]);
    tf.dispose([centreOnly, dense, ...zeros]);
    return { spec, model };
  }

  it("puts one bright pixel's response where the 'valid' map's cell sits over the input, not where a stretched map would", () => {
    const { spec, model } = placementNetwork();
    expect(receptiveFieldCentres(spec)[2]).toEqual({ start: [3.5, 3.5], jump: [2, 2] });
    const pixels = new Float32Array(256);
    pixels[9 * 16 + 5] = 2; // reaches only map cell (3, 1), centred at input (9.5, 5.5)
    const e = createExplainer(model, spec).explain(pixels, 3);
    expect(e.gradCamLayerIndex).toBe(2);
    const tri = (d: number) => Math.max(0, 1 - Math.abs(d));
    const clamp = (u: number) => Math.min(Math.max(u, 0), 4);
    for (let y = 0; y < 16; y++) {
      for (let x = 0; x < 16; x++) {
        const expected = 2 * tri(clamp((y - 3.5) / 2) - 3) * tri(clamp((x - 3.5) / 2) - 1);
        expect(e.gradCam![y * 16 + x]).toBeCloseTo(expected, 5);
      }
    }
    // The four pixels around (9.5, 5.5) hold the peak, 2 * 0.75 * 0.75.
    const peak = Math.max(...e.gradCam!);
    expect(peak).toBeCloseTo(1.125, 5);
    const peaks = [...e.gradCam!.keys()].filter((i) => e.gradCam![i] === peak).map((i) => [Math.floor(i / 16), i % 16]);
    expect(peaks).toEqual([[9, 5], [9, 6], [10, 5], [10, 6]]);
    // d (sum of the map) / d pixel: 1 at the bright pixel (its pool window's maximum), 0 elsewhere (ReLU'(0) = 0).
    expect(e.saliency[9 * 16 + 5]).toBeCloseTo(1, 6);
    expect(e.saliency.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    model.model.dispose();
  });

  it('is CAM for a conv, global average pool and a Dense: ReLU(sum_k w_kc A_k) / (h w), and a same conv map lands pixel for pixel', () => {
    const spec = net([10, 10, 1], [
      createLayer('conv2d', 'c1', { filters: 6, kernelSize: [3, 3], padding: 'same', activation: 'relu' }),
      createLayer('globalAvgPool2d', 'g'),
      createLayer('dense', 'o', { units: 10, activation: 'softmax' }),
    ]);
    const b = built(spec, 5);
    const pixels = randomImage(spec, 6);
    const explainer = createExplainer(b, spec);
    const truncated = tf.model({ inputs: b.model.inputs, outputs: b.layersBySpecIndex[0]![0]!.output as tf.SymbolicTensor });
    const maps = predict(truncated, spec, pixels);
    const kernel = b.layersBySpecIndex[2]![0]!.getWeights()[0]!.dataSync();
    for (const c of [0, 4]) {
      const cam = explainer.explain(pixels, c).gradCam!;
      const expected = Array.from({ length: 100 }, (_, p) => {
        let s = 0;
        for (let k = 0; k < 6; k++) s += kernel[k * 10 + c]! * maps[p * 6 + k]!;
        return Math.max(0, s) / 100;
      });
      expectClose(cam, expected, 1e-5);
    }
    b.model.dispose();
  });

  it('differs between classes', () => {
    const spec = getPreset('small-cnn')!.spec;
    const b = built(spec, 6);
    const explainer = createExplainer(b, spec);
    const pixels = randomImage(spec, 7);
    // On a random network sum_k alpha_k A_k can be negative everywhere, so some classes' maps are all 0.
    const all = Array.from({ length: 10 }, (_, c) => explainer.explain(pixels, c));
    for (const e of all) expectWellFormed(spec, e);
    const lit = all.filter((e) => Math.max(...e.gradCam!) > 0);
    expect(lit.length).toBeGreaterThanOrEqual(2);
    const [a, c] = [lit[0]!, lit[1]!];
    expect(a.gradCam!.some((v, i) => Math.abs(v - c.gradCam![i]!) > 1e-6 * Math.max(...a.gradCam!))).toBe(true);
    expect(a.saliency.some((v, i) => Math.abs(v - c.saliency[i]!) > 1e-6)).toBe(true);
    b.model.dispose();
  });

  it('is null for a network without a conv layer', () => {
    const spec = net([28, 28, 1], [
      createLayer('maxPool2d', 'p', { poolSize: [2, 2], strides: [2, 2] }),
      createLayer('flatten', 'f'),
      createLayer('dense', 'h', { units: 16, activation: 'relu' }),
      createLayer('dense', 'o', { units: 10, activation: 'softmax' }),
    ]);
    const b = built(spec, 7);
    const e = createExplainer(b, spec).explain(randomImage(spec, 1), 2);
    expect(e.gradCam).toBeNull();
    expect(e.gradCamLayerIndex).toBeNull();
    expectWellFormed(spec, e);
    b.model.dispose();
  });
});

describe('createExplainer', () => {
  const cases: [string, () => NetworkSpec][] = [
    ...['small-cnn', 'mnist-cnn', 'lenet5', 'tiny-vgg', 'seed-simple-cnn'].map((id): [string, () => NetworkSpec] => [id, () => getPreset(id)!.spec]),
    ['batch norm, dropout, padding, depthwise and separable layers', mixedSpec],
  ];
  it.each(cases)('%s: well formed, probabilities equal predict, no tensors left over 5 calls', (_name, makeSpec) => {
    const spec = makeSpec();
    const b = built(spec, 8);
    const explainer = createExplainer(b, spec);
    const pixels = randomImage(spec, 2);
    const first = explainer.explain(pixels, 0);
    expectWellFormed(spec, first);
    expectClose(first.probabilities, predict(b.model, spec, pixels), 1e-5);
    expect(first.probabilities.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) explainer.explain(randomImage(spec, 10 + i), i);
    expect(tf.memory().numTensors).toBe(before);
    b.model.dispose();
  });

  it('works on random valid networks (every layer kind, separate softmax, trailing dropout)', () => {
    fc.assert(
      fc.property(validSpecArb, fc.integer({ min: 0, max: 9 }), fc.nat(), (spec, classIndex, seed) => {
        const b = built(spec, seed);
        try {
          const explainer = createExplainer(b, spec);
          const pixels = randomImage(spec, seed);
          const before = tf.memory().numTensors;
          const e = explainer.explain(pixels, classIndex);
          expect(tf.memory().numTensors).toBe(before);
          expectWellFormed(spec, e);
          expect(e.classIndex).toBe(classIndex);
          expectClose(e.probabilities, predict(b.model, spec, pixels), 1e-5);
        } finally {
          b.model.dispose();
        }
      }),
      { numRuns: 20 },
    );
  });

  it('refuses a wrong pixel count or class index', () => {
    const spec = getPreset('small-cnn')!.spec;
    const b = built(spec, 9);
    const explainer = createExplainer(b, spec);
    const before = tf.memory().numTensors;
    expect(() => explainer.explain(new Float32Array(10), 0)).toThrow(RangeError);
    expect(() => explainer.explain(new Float32Array(784), 10)).toThrow(RangeError);
    expect(() => explainer.explain(new Float32Array(784), 1.5)).toThrow(RangeError);
    expect(tf.memory().numTensors).toBe(before);
    b.model.dispose();
  });
});
