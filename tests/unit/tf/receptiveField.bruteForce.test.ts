/**
 * Brute-force check of the core's receptive-field math against real tfjs models: perturb one input
 * pixel at a time and see which ones move a chosen output value.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { axisPadding, convOutputSize, PADDING_MODES, samePadding, type PaddingMode } from '../../../src/core/math/convMath';
import { receptiveField, type CellBox } from '../../../src/core/math/receptiveField';
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type LayerSpec, type NetworkSpec, type Padding, type Pair, type Shape3D } from '../../../src/core/spec/spec';
import { buildModel } from '../../../src/tf/buildModel';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Added to one pixel (all channels) of a base image whose values lie in [0, 1). */
const PERTURBATION = 50;
/**
 * A pixel counts as influencing when the output moves by more than this, relative to the output's
 * size. Pixels outside the field change nothing at all (every output value is computed from its
 * own inputs only), so this only has to stay below the weakest real path, which with the
 * normalised positive weights below is about PERTURBATION / (product of fan-ins).
 */
const RELATIVE_THRESHOLD = 1e-4;

const KINDS = ['conv2d', 'depthwiseConv2d', 'separableConv2d', 'avgPool2d', 'maxPool2d', 'batchNorm', 'dropout'] as const;

const stepArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  numbers: fc.array(fc.nat(1000), { minLength: 6, maxLength: 6 }),
  padding: fc.constantFrom('valid', 'same', 'explicit'),
  pads: fc.tuple(fc.nat(3), fc.nat(3)),
  paddingMode: fc.constantFrom(...PADDING_MODES),
  stretch: fc.constantFrom('none', 'stride', 'dilation'),
});
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

/** n-th random number mapped into 1..max. */
const pick = (step: Step, n: number, max: number): number => 1 + ((step.numbers[n] ?? 0) % Math.max(1, max));

/** One valid spatial layer for input `shape` (tfjs' rules: no stride with dilation, depthwise dilation 1, windows that fit). */
function makeLayer(step: Step, shape: Shape3D, id: string): LayerSpec {
  const [h, w, c] = shape;
  if (step.kind === 'batchNorm') return createLayer('batchNorm', id);
  if (step.kind === 'dropout') return createLayer('dropout', id, { rate: 0.5 });
  const stretch = step.kind === 'depthwiseConv2d' && step.stretch === 'dilation' ? 'none' : step.stretch;
  const strides: Pair = stretch === 'stride' || step.kind.endsWith('Pool2d') ? [pick(step, 2, 3), pick(step, 3, 3)] : [1, 1];
  const dilation: Pair = stretch === 'dilation' && !step.kind.endsWith('Pool2d') ? [pick(step, 2, 2), pick(step, 3, 2)] : [1, 1];
  const isPool = step.kind.endsWith('Pool2d');
  // Explicit padding within PyTorch's limits: reflect below the side, circular up to it, pools half the window.
  const limit = (n: number): number => (step.paddingMode === 'reflect' ? n - 1 : step.paddingMode === 'circular' ? n : 3);
  const explicit: Pair = [Math.min(step.pads[0], limit(h)), Math.min(step.pads[1], limit(w))];
  const extra: Pair = step.padding === 'explicit' && !isPool ? [2 * explicit[0], 2 * explicit[1]] : [0, 0];
  // Kernels up to 3 whose dilated span fits the (padded) input, so every layer has a window.
  const fit = (n: number, d: number): number => Math.min(3, Math.floor((n - 1) / d) + 1);
  const size: Pair = [pick(step, 0, fit(h + extra[0], dilation[0])), pick(step, 1, fit(w + extra[1], dilation[1]))];
  const poolPads: Pair = [Math.min(step.pads[0], Math.floor(size[0] / 2)), Math.min(step.pads[1], Math.floor(size[1] / 2))];
  const padding: Padding = step.padding === 'explicit' ? (isPool ? poolPads : explicit) : step.padding;
  // 'same' on a small map may pad more than a reflect or circular border takes: zeros then.
  const same = (axis: 0 | 1, n: number): boolean => Math.max(...samePadding(n, size[axis], strides[axis], dilation[axis])) <= limit(n);
  const paddingMode: PaddingMode = step.padding !== 'same' || (same(0, h) && same(1, w)) ? step.paddingMode : 'zeros';
  const multiplier = pick(step, 4, c === 1 ? 2 : 1);
  switch (step.kind) {
    case 'avgPool2d':
    case 'maxPool2d':
      return createLayer(step.kind, id, { poolSize: size, strides, padding });
    case 'conv2d':
      return createLayer('conv2d', id, { filters: pick(step, 5, 2), kernelSize: size, strides, dilation, padding, paddingMode, activation: 'linear', useBias: true });
    case 'depthwiseConv2d':
      return createLayer('depthwiseConv2d', id, { kernelSize: size, strides, padding, paddingMode, depthMultiplier: multiplier, activation: 'linear', useBias: true });
    case 'separableConv2d':
      return createLayer('separableConv2d', id, {
        filters: pick(step, 5, 2),
        kernelSize: size,
        strides,
        dilation,
        padding,
        paddingMode,
        depthMultiplier: multiplier,
        activation: 'linear',
        useBias: true,
      });
  }
}

/** The [h, w, c] a layer made by makeLayer outputs for input `shape`. */
function outputShape(layer: LayerSpec, [h, w, c]: Shape3D): Shape3D {
  switch (layer.kind) {
    case 'conv2d':
    case 'separableConv2d':
    case 'depthwiseConv2d': {
      const { kernelSize: k, strides: s, dilation: d, padding } = layer;
      const channels = layer.kind === 'depthwiseConv2d' ? c * layer.depthMultiplier : layer.filters;
      return [convOutputSize(h, k[0], s[0], axisPadding(padding, 0), d[0]), convOutputSize(w, k[1], s[1], axisPadding(padding, 1), d[1]), channels];
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const { poolSize: k, strides: s, padding } = layer;
      return [convOutputSize(h, k[0], s[0], axisPadding(padding, 0)), convOutputSize(w, k[1], s[1], axisPadding(padding, 1)), c];
    }
    default:
      return [h, w, c];
  }
}

/** Random small all-spatial networks (every layer keeps an [h, w, c] output) with linear activations and biases. */
const spatialSpecArb: fc.Arbitrary<NetworkSpec> = fc
  .record({ h: fc.integer({ min: 8, max: 14 }), w: fc.integer({ min: 8, max: 14 }), c: fc.integer({ min: 1, max: 2 }), steps: fc.array(stepArb, { minLength: 1, maxLength: 5 }) })
  .map(({ h, w, c, steps }) => {
    const inputShape: Shape3D = [h, w, c];
    const layers: LayerSpec[] = [];
    let shape = inputShape;
    for (const step of steps) {
      const layer = makeLayer(step, shape, `b${layers.length + 1}`);
      layers.push(layer);
      shape = outputShape(layer, shape);
    }
    return { version: SPEC_VERSION, inputShape, layers };
  });

/** Replaces every kernel with positive weights summing to about 1 per output (no cancellation, values stay O(1)) and every bias with small random values. */
function setPositiveWeights(model: tf.LayersModel, seed: number): void {
  tf.tidy(() => {
    model.layers.forEach((layer, layerIndex) => {
      const weights = layer.weights.map((variable, i) => {
        const shape = variable.read().shape;
        const s = seed + 31 * layerIndex + i;
        if (!variable.name.includes('kernel')) return variable.name.includes('bias') ? tf.randomUniform(shape, -0.1, 0.1, 'float32', s) : variable.read();
        // depthwise kernels [kh, kw, cin, dm] sum over kh*kw; conv and pointwise kernels [kh, kw, cin, cout] over kh*kw*cin.
        const fanIn = variable.name.includes('depthwise') ? (shape[0] ?? 1) * (shape[1] ?? 1) : shape.slice(0, -1).reduce((a, b) => a * b, 1);
        return tf.randomUniform(shape, 0.5, 1.5, 'float32', s).div(fanIn);
      });
      if (weights.length > 0) layer.setWeights(weights);
    });
  });
}

/** The input pixels whose perturbation moves output (row, col, channel) of `model`, as [row, col] pairs. */
function influencingPixels(model: tf.LayersModel, inputShape: Shape3D, cell: [number, number, number], seed: number): [number, number][] {
  const [h, w, c] = inputShape;
  const values = tf.tidy(() => {
    const base = tf.randomUniform([1, h, w, c], 0, 1, 'float32', seed);
    // Row 0: no perturbation; row 1 + r*w + q: pixel (r, q) raised in every channel.
    const bumps = tf.concat([tf.zeros([1, h * w]), tf.eye(h * w).mul(PERTURBATION)]).reshape([h * w + 1, h, w, 1]);
    const out = model.predict(base.add(bumps)) as tf.Tensor4D;
    return out.slice([0, ...cell], [-1, 1, 1, 1]).flatten().arraySync();
  });
  const reference = values[0] ?? 0;
  const limit = RELATIVE_THRESHOLD * Math.max(1, Math.abs(reference));
  const pixels: [number, number][] = [];
  values.slice(1).forEach((value, p) => {
    if (Math.abs(value - reference) > limit) pixels.push([Math.floor(p / w), p % w]);
  });
  return pixels;
}

function boundingBox(pixels: readonly [number, number][]): CellBox | null {
  if (pixels.length === 0) return null;
  const rows = pixels.map(([r]) => r);
  const cols = pixels.map(([, q]) => q);
  return { rowStart: Math.min(...rows), rowEnd: Math.max(...rows), colStart: Math.min(...cols), colEnd: Math.max(...cols) };
}

describe('receptiveField against perturbed tfjs models', () => {
  it('finds exactly the input pixels that move a random output cell (inside it, with a max pool), for every padding and mode', () => {
    fc.assert(
      fc.property(spatialSpecArb, fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 1_000_000 }), (spec, layerPick, rowPick, colPick, channelPick, seed) => {
        const analysis = analyzeNetwork(spec);
        const index = layerPick % spec.layers.length;
        const [oh = 0, ow = 0, oc = 0] = analysis.layers[index]?.outputShape ?? [];
        expect(oh * ow * oc).toBeGreaterThan(0);
        const cell: [number, number, number] = [rowPick % oh, colPick % ow, channelPick % oc];

        const before = tf.memory().numTensors;
        const { model, layersBySpecIndex } = buildModel(spec);
        let observed: CellBox | null;
        try {
          setPositiveWeights(model, seed);
          const output = layersBySpecIndex[index]?.at(-1)?.output as tf.SymbolicTensor;
          // Shares the layers (and weights) of `model`; disposing `model` frees them.
          const truncated = tf.model({ inputs: model.inputs, outputs: output });
          observed = boundingBox(influencingPixels(truncated, spec.inputShape, cell, seed));
        } finally {
          model.dispose();
        }
        expect(tf.memory().numTensors).toBe(before);

        const computed = receptiveField(spec, index, cell[0], cell[1])?.input ?? null;
        const hasMaxPool = spec.layers.slice(0, index + 1).some((l) => l.kind === 'maxPool2d');
        if (!hasMaxPool || computed === null || observed === null) {
          expect(observed).toEqual(computed);
          return;
        }
        expect(observed.rowStart).toBeGreaterThanOrEqual(computed.rowStart);
        expect(observed.colStart).toBeGreaterThanOrEqual(computed.colStart);
        expect(observed.rowEnd).toBeLessThanOrEqual(computed.rowEnd);
        expect(observed.colEnd).toBeLessThanOrEqual(computed.colEnd);
      }),
      { numRuns: 80 },
    );
  });
});
