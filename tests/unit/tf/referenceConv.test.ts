/** The pure reference convolution math (src/core/math/convolution.ts) against real tfjs on the cpu backend. */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { samePadding, type PaddingMode, type Pads } from '../../../src/core/math/convMath';
import {
  activateMap,
  conv2dReference,
  depthwiseConv2dReference,
  featureMap,
  LEAKY_RELU_SLOPE,
  padMap,
  pool2dReference,
  separableConv2dReference,
  windowOutputSize,
  type ConvGeometry,
  type ConvKernel,
  type FeatureMap,
} from '../../../src/core/math/convolution';
import { LAYER_ACTIVATIONS } from '../../../src/core/spec/spec';
import { LEAKY_RELU_ALPHA } from '../../../src/tf/buildModel';
import { expectClose } from './expectClose';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const NUM_RUNS = 60;

function randomValues(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

const toTensor = (map: FeatureMap) => tf.tensor4d(map.values, [1, map.height, map.width, map.channels]);
const kernelTensor = (k: ConvKernel) => tf.tensor4d(k.values, [...k.shape]);

/** Runs fn in a tidy scope and compares its single-example output with a reference map (shape and values). */
function expectMatchesTf(actual: FeatureMap, fn: () => tf.Tensor): void {
  const { shape, values } = tf.tidy(() => {
    const t = fn();
    return { shape: t.shape, values: t.dataSync().slice() };
  });
  expect(shape).toEqual([1, actual.height, actual.width, actual.channels]);
  expectClose(actual.values, values, 1e-4);
}

/** tfjs refuses stride > 1 together with dilation > 1; a dilation-1 kernel with zeros between taps reads the same cells. */
function dilateKernel(k: ConvKernel, [dh, dw]: [number, number]): ConvKernel {
  const [kh, kw, cin, cout] = k.shape;
  const eh = dh * (kh - 1) + 1;
  const ew = dw * (kw - 1) + 1;
  const values = new Float32Array(eh * ew * cin * cout);
  for (let r = 0; r < kh; r++)
    for (let c = 0; c < kw; c++)
      for (let i = 0; i < cin * cout; i++) values[(r * dh * ew + c * dw) * cin * cout + i] = k.values[(r * kw + c) * cin * cout + i]!;
  return { values, shape: [eh, ew, cin, cout] };
}

/** The kernel and dilation to hand tfjs: as given, unless stride and dilation both exceed 1. */
function tfKernelAndDilation(k: ConvKernel, g: ConvGeometry): { kernel: ConvKernel; dilation: [number, number] } {
  const stridesAreOne = g.strides[0] === 1 && g.strides[1] === 1;
  const dilationsAreOne = g.dilation[0] === 1 && g.dilation[1] === 1;
  return stridesAreOne || dilationsAreOne ? { kernel: k, dilation: g.dilation } : { kernel: dilateKernel(k, g.dilation), dilation: [1, 1] };
}

/**
 * Pads one spatial axis (1 = rows, 2 = columns) of an NHWC tensor, built independently of padMap:
 * zeros with tf.pad, reflect with tf.mirrorPad, replicate and circular from slices and concat.
 */
function padAxis(x: tf.Tensor4D, axis: 1 | 2, before: number, after: number, mode: PaddingMode): tf.Tensor4D {
  if (before === 0 && after === 0) return x;
  const n = x.shape[axis];
  const paddings: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 0]];
  paddings[axis] = [before, after];
  const slice = (start: number, size: number): tf.Tensor4D => {
    const begin = [0, 0, 0, 0];
    const sizes = [...x.shape];
    begin[axis] = start;
    sizes[axis] = size;
    return tf.slice(x, begin, sizes);
  };
  const repeat = (t: tf.Tensor4D, times: number): tf.Tensor4D => {
    const reps = [1, 1, 1, 1];
    reps[axis] = times;
    return tf.tile(t, reps);
  };
  const parts: tf.Tensor4D[] = [];
  switch (mode) {
    case 'zeros':
      return tf.pad(x, paddings);
    case 'reflect':
      return tf.mirrorPad(x, paddings, 'reflect');
    case 'replicate':
      if (before > 0) parts.push(repeat(slice(0, 1), before));
      parts.push(x);
      if (after > 0) parts.push(repeat(slice(n - 1, 1), after));
      return tf.concat(parts, axis);
    case 'circular':
      if (before > 0) parts.push(slice(n - before, before));
      parts.push(x);
      if (after > 0) parts.push(slice(0, after));
      return tf.concat(parts, axis);
  }
}

const padTf = (x: tf.Tensor4D, p: Pads, mode: PaddingMode) => padAxis(padAxis(x, 1, p.top, p.bottom, mode), 2, p.left, p.right, mode);

/** Pads that tfjs (reflect: < n) and PyTorch (circular: <= n) accept for this mode. */
function legalPads(p: Pads, h: number, w: number, mode: PaddingMode): Pads {
  const limit = (n: number) => (mode === 'reflect' ? n - 1 : mode === 'circular' ? n : Infinity);
  return { top: Math.min(p.top, limit(h)), bottom: Math.min(p.bottom, limit(h)), left: Math.min(p.left, limit(w)), right: Math.min(p.right, limit(w)) };
}

const caseArb = fc.record({
  h: fc.integer({ min: 1, max: 9 }),
  w: fc.integer({ min: 1, max: 9 }),
  cin: fc.integer({ min: 1, max: 3 }),
  cout: fc.integer({ min: 1, max: 3 }),
  kh: fc.integer({ min: 1, max: 4 }),
  kw: fc.integer({ min: 1, max: 4 }),
  sh: fc.integer({ min: 1, max: 3 }),
  sw: fc.integer({ min: 1, max: 3 }),
  dh: fc.integer({ min: 1, max: 3 }),
  dw: fc.integer({ min: 1, max: 3 }),
  pads: fc.record({ top: fc.nat(3), bottom: fc.nat(3), left: fc.nat(3), right: fc.nat(3) }),
  mode: fc.constantFrom<PaddingMode>('zeros', 'reflect', 'replicate', 'circular'),
  withBias: fc.boolean(),
  seed: fc.nat(),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/** The reference inputs for a case; `same` replaces the pads by TF's 'same' zeros. `outChannels` is filters (or the multiplier for depthwise). */
function build(c: Case, { same = false, depthwise = false } = {}) {
  const input = featureMap(c.h, c.w, c.cin, randomValues(c.h * c.w * c.cin, c.seed));
  const kernel: ConvKernel = { values: randomValues(c.kh * c.kw * c.cin * c.cout, c.seed + 1), shape: [c.kh, c.kw, c.cin, c.cout] };
  const bias = c.withBias ? randomValues(depthwise ? c.cin * c.cout : c.cout, c.seed + 2) : null;
  let pads: Pads;
  if (same) {
    const [top, bottom] = samePadding(c.h, c.kh, c.sh, c.dh);
    const [left, right] = samePadding(c.w, c.kw, c.sw, c.dw);
    pads = { top, bottom, left, right };
  } else pads = legalPads(c.pads, c.h, c.w, c.mode);
  const geometry: ConvGeometry = { kernel: [c.kh, c.kw], strides: [c.sh, c.sw], dilation: [c.dh, c.dw], pads, mode: same ? 'zeros' : c.mode };
  const fits =
    windowOutputSize(c.h, c.kh, c.sh, pads.top, pads.bottom, c.dh) > 0 && windowOutputSize(c.w, c.kw, c.sw, pads.left, pads.right, c.dw) > 0;
  return { input, kernel, bias, geometry, fits };
}

const withBias = (t: tf.Tensor4D, bias: Float32Array | null) => (bias ? tf.add(t, tf.tensor1d(bias)) : t);

describe('padding modes vs tfjs', () => {
  it('padMap equals tf.pad (zeros), tf.mirrorPad (reflect) and slice/concat constructions (replicate, circular)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { input, geometry } = build(c);
        expectMatchesTf(padMap(input, geometry.pads, geometry.mode), () => padTf(toTensor(input), geometry.pads, geometry.mode));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('reflect of [1, 2, 3] by 2 is [3, 2, 1, 2, 3, 2, 1], as tf.mirrorPad says', () => {
    const mirrored = tf.tidy(() => tf.mirrorPad(tf.tensor1d([1, 2, 3]), [[2, 2]], 'reflect').arraySync());
    expect(mirrored).toEqual([3, 2, 1, 2, 3, 2, 1]);
    expect(Array.from(padMap(featureMap(1, 3, 1, [1, 2, 3]), { top: 0, bottom: 0, left: 2, right: 2 }, 'reflect').values)).toEqual(mirrored);
  });
});

describe('conv2dReference vs tf.conv2d', () => {
  it('with explicit pads in every mode (the padded tensor then a valid tf.conv2d)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { input, kernel, bias, geometry, fits } = build(c);
        fc.pre(fits);
        const { kernel: k, dilation } = tfKernelAndDilation(kernel, geometry);
        expectMatchesTf(conv2dReference(input, kernel, bias, geometry), () =>
          withBias(tf.conv2d(padTf(toTensor(input), geometry.pads, geometry.mode), kernelTensor(k), geometry.strides, 'valid', 'NHWC', dilation), bias),
        );
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("with samePadding's pads equals tfjs 'same'", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { input, kernel, bias, geometry } = build(c, { same: true });
        const { kernel: k, dilation } = tfKernelAndDilation(kernel, geometry);
        expectMatchesTf(conv2dReference(input, kernel, bias, geometry), () =>
          withBias(tf.conv2d(toTensor(input), kernelTensor(k), geometry.strides, 'same', 'NHWC', dilation), bias),
        );
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('computes one output channel equal to that channel of tf.conv2d', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), (c, pick) => {
        const { input, kernel, bias, geometry, fits } = build(c);
        fc.pre(fits);
        const outChannel = pick % c.cout;
        const { kernel: k, dilation } = tfKernelAndDilation(kernel, geometry);
        expectMatchesTf(conv2dReference(input, kernel, bias, geometry, { outChannel }), () => {
          const full = withBias(tf.conv2d(padTf(toTensor(input), geometry.pads, geometry.mode), kernelTensor(k), geometry.strides, 'valid', 'NHWC', dilation), bias);
          return tf.slice(full, [0, 0, 0, outChannel], [-1, -1, -1, 1]);
        });
      }),
      { numRuns: 20 },
    );
  });
});

describe('depthwise and separable vs tfjs', () => {
  it("depthwiseConv2dReference equals tf.depthwiseConv2d, explicit pads and 'same'", () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), (c, same) => {
        const { input, kernel, bias, geometry, fits } = build(c, { same, depthwise: true });
        fc.pre(fits);
        const { kernel: k, dilation } = tfKernelAndDilation(kernel, geometry);
        expectMatchesTf(depthwiseConv2dReference(input, kernel, bias, geometry), () => {
          const x = same ? toTensor(input) : padTf(toTensor(input), geometry.pads, geometry.mode);
          return withBias(tf.depthwiseConv2d(x, kernelTensor(k), geometry.strides, same ? 'same' : 'valid', 'NHWC', dilation), bias);
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('separableConv2dReference equals tf.separableConv2d plus the bias', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), fc.integer({ min: 1, max: 3 }), (c, same, filters) => {
        const { input, kernel, geometry, fits } = build(c, { same, depthwise: true });
        fc.pre(fits);
        const pointwise: ConvKernel = { values: randomValues(c.cin * c.cout * filters, c.seed + 3), shape: [1, 1, c.cin * c.cout, filters] };
        const bias = c.withBias ? randomValues(filters, c.seed + 4) : null;
        const { kernel: k, dilation } = tfKernelAndDilation(kernel, geometry);
        expectMatchesTf(separableConv2dReference(input, kernel, pointwise, bias, geometry), () => {
          const x = same ? toTensor(input) : padTf(toTensor(input), geometry.pads, geometry.mode);
          return withBias(tf.separableConv2d(x, kernelTensor(k), kernelTensor(pointwise), geometry.strides, same ? 'same' : 'valid', dilation), bias);
        });
      }),
      { numRuns: 30 },
    );
  });
});

describe('pool2dReference vs tf.maxPool / tf.avgPool', () => {
  const poolArb = fc.record({
    h: fc.integer({ min: 1, max: 9 }),
    w: fc.integer({ min: 1, max: 9 }),
    c: fc.integer({ min: 1, max: 3 }),
    ph: fc.integer({ min: 1, max: 4 }),
    pw: fc.integer({ min: 1, max: 4 }),
    sh: fc.integer({ min: 1, max: 3 }),
    sw: fc.integer({ min: 1, max: 3 }),
    same: fc.boolean(),
    type: fc.constantFrom('max' as const, 'avg' as const),
    seed: fc.nat(),
  });

  it("matches for 'valid' and 'same', max and avg", () => {
    fc.assert(
      fc.property(poolArb, (p) => {
        const input = featureMap(p.h, p.w, p.c, randomValues(p.h * p.w * p.c, p.seed));
        const [top, bottom] = p.same ? samePadding(p.h, p.ph, p.sh) : [0, 0];
        const [left, right] = p.same ? samePadding(p.w, p.pw, p.sw) : [0, 0];
        const pads = { top, bottom, left, right };
        fc.pre(windowOutputSize(p.h, p.ph, p.sh, top, bottom) > 0 && windowOutputSize(p.w, p.pw, p.sw, left, right) > 0);
        const reference = pool2dReference(input, p.type, { kernel: [p.ph, p.pw], strides: [p.sh, p.sw], pads });
        const pool = p.type === 'max' ? tf.maxPool : tf.avgPool;
        expectMatchesTf(reference, () => pool(toTensor(input), [p.ph, p.pw], [p.sh, p.sw], p.same ? 'same' : 'valid'));
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  it('with countPadding equals zero padding then a valid tfjs pool (what the app builds for explicit padding)', () => {
    fc.assert(
      fc.property(poolArb, fc.record({ top: fc.nat(3), bottom: fc.nat(3), left: fc.nat(3), right: fc.nat(3) }), (p, pads) => {
        const input = featureMap(p.h, p.w, p.c, randomValues(p.h * p.w * p.c, p.seed));
        // PyTorch allows at most half the window as padding; keep every window touching the input.
        const clamp = (n: number, k: number) => Math.min(n, Math.floor(k / 2));
        const legal = { top: clamp(pads.top, p.ph), bottom: clamp(pads.bottom, p.ph), left: clamp(pads.left, p.pw), right: clamp(pads.right, p.pw) };
        fc.pre(windowOutputSize(p.h, p.ph, p.sh, legal.top, legal.bottom) > 0 && windowOutputSize(p.w, p.pw, p.sw, legal.left, legal.right) > 0);
        const reference = pool2dReference(input, 'avg', { kernel: [p.ph, p.pw], strides: [p.sh, p.sw], pads: legal, countPadding: true });
        expectMatchesTf(reference, () => tf.avgPool(padTf(toTensor(input), legal, 'zeros'), [p.ph, p.pw], [p.sh, p.sw], 'valid'));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("tfjs avgPool 'same' divides by the covered cells only, and a padded zero never wins maxPool", () => {
    const x = featureMap(2, 2, 1, [-1, -2, -3, -4]);
    const g = { kernel: [2, 2] as [number, number], strides: [1, 1] as [number, number], pads: { top: 0, bottom: 1, left: 0, right: 1 } };
    const avg = tf.tidy(() => Array.from(tf.avgPool(toTensor(x), 2, 1, 'same').dataSync()));
    const max = tf.tidy(() => Array.from(tf.maxPool(toTensor(x), 2, 1, 'same').dataSync()));
    expect(avg).toEqual([-2.5, -3, -3.5, -4]);
    expect(max).toEqual([-1, -2, -3, -4]);
    expect(Array.from(pool2dReference(x, 'avg', g).values)).toEqual(avg);
    expect(Array.from(pool2dReference(x, 'max', g).values)).toEqual(max);
  });
});

describe('activations vs tfjs-layers', () => {
  it('the core leaky ReLU slope is the one the app builds', () => {
    expect(LEAKY_RELU_SLOPE).toBe(LEAKY_RELU_ALPHA);
  });

  it('activateMap equals the tfjs layer the app uses, for every layer activation', () => {
    const map = featureMap(3, 4, 3, Array.from(randomValues(36, 11), (v) => v * 6));
    for (const fn of LAYER_ACTIVATIONS) {
      const tfLayer = fn === 'leakyRelu' ? tf.layers.leakyReLU({ alpha: LEAKY_RELU_ALPHA }) : tf.layers.activation({ activation: fn });
      expectMatchesTf(activateMap(fn, map), () => tfLayer.apply(toTensor(map)) as tf.Tensor);
    }
  });
});
