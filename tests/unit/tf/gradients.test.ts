import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerConvGradients } from '../../../src/tf/gradients';
import { expectClose } from './expectClose';

/*
 * The conv gradients on the CPU backend against an oracle of direct loops (independent of tfjs),
 * and, for dilation 1, against tfjs's own gradients, taken before registerConvGradients replaces them.
 */
const tfjsConv2dGrad = tf.getGradient('Conv2D');
const tfjsDepthwiseGrad = tf.getGradient('DepthwiseConv2dNative');

/** One conv: x [b, h, w, c], filter [kh, kw, c, o] (o = multiplier when depthwise). */
interface ConvCase {
  depthwise: boolean;
  b: number; h: number; w: number; c: number; kh: number; kw: number; o: number;
  s: [number, number]; d: [number, number]; pad: 'valid' | 'same';
}

function axis(n: number, k: number, s: number, d: number, pad: 'valid' | 'same'): { out: number; before: number } {
  const span = d * (k - 1) + 1;
  if (pad === 'valid') return { out: Math.ceil((n - span + 1) / s), before: 0 };
  const out = Math.ceil(n / s);
  return { out, before: Math.floor(Math.max((out - 1) * s + span - n, 0) / 2) };
}

function outShape(t: ConvCase): [number, number, number, number] {
  const rows = axis(t.h, t.kh, t.s[0], t.d[0], t.pad).out;
  return [t.b, rows, axis(t.w, t.kw, t.s[1], t.d[1], t.pad).out, t.depthwise ? t.c * t.o : t.o];
}

/** dx and dW of y = conv(x, w) for upstream dy, by direct summation over every tap. */
function oracle(t: ConvCase, x: Float32Array, w: Float32Array, dy: Float32Array) {
  const rows = axis(t.h, t.kh, t.s[0], t.d[0], t.pad);
  const cols = axis(t.w, t.kw, t.s[1], t.d[1], t.pad);
  const outC = outShape(t)[3];
  const dx = new Float32Array(x.length);
  const dw = new Float32Array(w.length);
  for (let b = 0; b < t.b; b++) for (let oy = 0; oy < rows.out; oy++) for (let ox = 0; ox < cols.out; ox++) {
    for (let i = 0; i < t.kh; i++) for (let j = 0; j < t.kw; j++) {
      const iy = oy * t.s[0] + i * t.d[0] - rows.before;
      const ix = ox * t.s[1] + j * t.d[1] - cols.before;
      if (iy < 0 || iy >= t.h || ix < 0 || ix >= t.w) continue;
      const xAt = ((b * t.h + iy) * t.w + ix) * t.c;
      const dyAt = ((b * rows.out + oy) * cols.out + ox) * outC;
      for (let c = 0; c < t.c; c++) for (let o = 0; o < t.o; o++) {
        const g = dy[dyAt + (t.depthwise ? c * t.o + o : o)]!;
        const wAt = ((i * t.kw + j) * t.c + c) * t.o + o;
        dx[xAt + c]! += g * w[wAt]!;
        dw[wAt]! += g * x[xAt + c]!;
      }
    }
  }
  return { dx, dw };
}

/** Strides 1-3 or dilations 1-3 (never both above 1), kernels 1-5, odd and even sizes. */
const caseArb: fc.Arbitrary<ConvCase> = fc
  .record({
    depthwise: fc.boolean(), dilated: fc.boolean(), pad: fc.constantFrom<'valid' | 'same'>('valid', 'same'),
    b: fc.integer({ min: 1, max: 3 }), c: fc.integer({ min: 1, max: 4 }), o: fc.integer({ min: 1, max: 4 }),
    kh: fc.integer({ min: 1, max: 5 }), kw: fc.integer({ min: 1, max: 5 }),
    sh: fc.integer({ min: 1, max: 3 }), sw: fc.integer({ min: 1, max: 3 }),
    extraH: fc.integer({ min: 0, max: 5 }), extraW: fc.integer({ min: 0, max: 5 }),
  })
  .map(({ dilated, sh, sw, extraH, extraW, ...r }) => {
    const s: [number, number] = dilated ? [1, 1] : [sh, sw];
    const d: [number, number] = dilated ? [sh, sw] : [1, 1];
    const o = r.depthwise ? Math.min(r.o, 3) : r.o;
    return { ...r, o, s, d, h: d[0] * (r.kh - 1) + 1 + extraH, w: d[1] * (r.kw - 1) + 1 + extraW };
  });

function randomValues(n: number, seed: number): Float32Array {
  let state = seed >>> 0 || 1;
  return Float32Array.from({ length: n }, () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1);
}


/** Inputs, upstream gradient and the oracle's answer for a case. */
function setUp(t: ConvCase, seed: number) {
  const x = randomValues(t.b * t.h * t.w * t.c, seed);
  const w = randomValues(t.kh * t.kw * t.c * t.o, seed + 1);
  const yShape = outShape(t);
  const dy = randomValues(yShape.reduce((a, n) => a * n, 1), seed + 2);
  return { x, w, dy, yShape, ref: oracle(t, x, w, dy) };
}

function forward(t: ConvCase): (x: tf.Tensor, w: tf.Tensor) => tf.Tensor4D {
  return (x, w) => (t.depthwise ? tf.depthwiseConv2d : tf.conv2d)(x as tf.Tensor4D, w as tf.Tensor4D, t.s, t.pad, 'NHWC', t.d);
}

const consoleSpies = (['log', 'info', 'warn', 'error'] as const).map((m) => vi.spyOn(console, m));

beforeAll(async () => {
  await tf.setBackend('cpu');
  tf.env().set('DEBUG', true); // tfjs warns about gradient overrides only in debug mode
  consoleSpies.forEach((spy) => spy.mockClear());
  registerConvGradients();
  registerConvGradients();
  tf.env().set('DEBUG', false);
});

afterAll(() => consoleSpies.forEach((spy) => spy.mockRestore()));

describe('registerConvGradients', () => {
  it('prints nothing, even in tfjs debug mode, and can be called again', () => {
    for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
    expect(tf.getGradient('Conv2D')).not.toBe(tfjsConv2dGrad);
  });
});

describe('conv gradients on cpu', () => {
  it('equal direct summation for random strides, dilations, paddings and sizes', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 1e6 }), (t, seed) => {
        const { x, w, dy, yShape, ref } = setUp(t, seed);
        const before = tf.memory().numTensors;
        const [gx, gw] = tf.tidy(() => tf.grads(forward(t))([tf.tensor4d(x, [t.b, t.h, t.w, t.c]), tf.tensor4d(w, [t.kh, t.kw, t.c, t.o])], tf.tensor4d(dy, yShape)));
        expectClose(gx!.dataSync(), ref.dx);
        expectClose(gw!.dataSync(), ref.dw);
        tf.dispose([gx!, gw!]);
        expect(tf.memory().numTensors).toBe(before);
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  it("equal tfjs's own gradients where those work (dilation 1)", () => {
    fc.assert(
      fc.property(caseArb.filter((t) => t.d[0] === 1 && t.d[1] === 1), fc.integer({ min: 1, max: 1e6 }), (t, seed) => {
        const { x, w, dy, yShape } = setUp(t, seed);
        tf.tidy(() => {
          const xT = tf.tensor4d(x, [t.b, t.h, t.w, t.c]);
          const wT = tf.tensor4d(w, [t.kh, t.kw, t.c, t.o]);
          const dyT = tf.tensor4d(dy, yShape);
          const original = (t.depthwise ? tfjsDepthwiseGrad : tfjsConv2dGrad)!;
          const attrs = { strides: t.s, pad: t.pad, dataFormat: 'NHWC', dilations: t.d };
          const expected = original.gradFunc(dyT, [xT, wT], attrs);
          const [gx, gw] = tf.grads(forward(t))([xT, wT], dyT);
          expectClose(gx!.dataSync(), expected.x!().dataSync());
          expectClose(gw!.dataSync(), expected.filter!().dataSync());
        });
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('equal direct summation through tf.fused.conv2d (linear, with bias), which Conv2D layers use', () => {
    fc.assert(
      fc.property(caseArb.filter((t) => !t.depthwise), fc.integer({ min: 1, max: 1e6 }), (t, seed) => {
        const { x, w, dy, yShape, ref } = setUp(t, seed);
        const before = tf.memory().numTensors;
        const grads = tf.tidy(() => {
          const f = (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor) =>
            tf.fused.conv2d({ x: a as tf.Tensor4D, filter: b as tf.Tensor4D, bias, strides: t.s, pad: t.pad, dilations: t.d });
          const inputs = [tf.tensor4d(x, [t.b, t.h, t.w, t.c]), tf.tensor4d(w, [t.kh, t.kw, t.c, t.o]), tf.zeros([t.o])];
          return tf.grads(f)(inputs, tf.tensor4d(dy, yShape));
        });
        const biasRef = tf.tidy(() => tf.tensor4d(dy, yShape).sum([0, 1, 2]).dataSync());
        expectClose(grads[0]!.dataSync(), ref.dx);
        expectClose(grads[1]!.dataSync(), ref.dw);
        expectClose(grads[2]!.dataSync(), biasRef);
        tf.dispose(grads);
        expect(tf.memory().numTensors).toBe(before);
      }),
      { numRuns: 60, seed: 3 },
    );
  });

  it('handle NCHW tensors by working in NHWC', () => {
    // The CPU backend's conv2d cannot run NCHW, so only the gradient function itself is checked.
    const t: ConvCase = { depthwise: false, b: 2, h: 7, w: 6, c: 3, kh: 3, kw: 2, o: 2, s: [1, 1], d: [2, 1], pad: 'same' };
    const { x, w, dy, yShape, ref } = setUp(t, 11);
    tf.tidy(() => {
      const xT = tf.tensor4d(x, [t.b, t.h, t.w, t.c]).transpose([0, 3, 1, 2]);
      const dyT = tf.tensor4d(dy, yShape).transpose([0, 3, 1, 2]);
      const g = tf.getGradient('Conv2D')!.gradFunc(dyT, [xT, tf.tensor4d(w, [t.kh, t.kw, t.c, t.o])], { strides: t.s, pad: t.pad, dataFormat: 'NCHW', dilations: t.d });
      expectClose(g.x!().transpose([0, 2, 3, 1]).dataSync(), ref.dx);
      expectClose(g.filter!().dataSync(), ref.dw);
    });
  });
});
