/** The reference convolution math: hand-worked cases and properties, no tfjs. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convOutputSize, samePadding, PADDING_MODES, type PaddingMode, type Pads } from '../../../src/core/math/convMath';
import {
  activate,
  activateChannels,
  activateMap,
  conv2dReference,
  convWindowAt,
  depthwiseConv2dReference,
  depthwiseWindowAt,
  featureMap,
  isCellwiseActivation,
  LEAKY_RELU_SLOPE,
  outputSizeFormula,
  padMap,
  paddedSource,
  pool2dReference,
  poolWindowAt,
  POINTWISE_GEOMETRY,
  separableConv2dReference,
  softmaxChannels,
  valueAt,
  windowOutputSize,
  type ConvGeometry,
  type ConvKernel,
  type FeatureMap,
} from '../../../src/core/math/convolution';
import { slidingWindowOf } from '../../../src/core/math/slidingWindow';
import { layer } from './helpers';

const NO_PADS: Pads = { top: 0, bottom: 0, left: 0, right: 0 };
const pads = (top: number, bottom = top, left = top, right = left): Pads => ({ top, bottom, left, right });
const geometry = (kernel: [number, number], over: Partial<ConvGeometry> = {}): ConvGeometry => ({
  kernel,
  strides: [1, 1],
  dilation: [1, 1],
  pads: NO_PADS,
  mode: 'zeros',
  ...over,
});
const kernel = (shape: [number, number, number, number], values: number[]): ConvKernel => ({ values: Float32Array.from(values), shape });
const rowMap = (values: number[]): FeatureMap => featureMap(1, values.length, 1, values);

/** Deterministic pseudo-random values in [-1, 1), small integers kept exact in float32 for exact comparisons. */
function randomValues(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

describe('paddedSource and padMap', () => {
  it('pads [1, 2, 3] by 2 on each side in every mode (reflect as PyTorch: no repeated edge)', () => {
    const padded = (mode: PaddingMode) => Array.from(padMap(rowMap([1, 2, 3]), pads(0, 0, 2, 2), mode).values);
    expect(padded('zeros')).toEqual([0, 0, 1, 2, 3, 0, 0]);
    expect(padded('reflect')).toEqual([3, 2, 1, 2, 3, 2, 1]);
    expect(padded('replicate')).toEqual([1, 1, 1, 2, 3, 3, 3]);
    expect(padded('circular')).toEqual([2, 3, 1, 2, 3, 1, 2]);
  });

  it('pads rows the same way as columns, unevenly, keeping channels together', () => {
    // A 3x1 map with 2 channels: (v, 10v) for v = 1, 2, 3; pad 1 on top, 2 below.
    const map = featureMap(3, 1, 2, [1, 10, 2, 20, 3, 30]);
    const out = padMap(map, pads(1, 2, 0, 0), 'reflect');
    expect([out.height, out.width, out.channels]).toEqual([6, 1, 2]);
    expect(Array.from(out.values)).toEqual([2, 20, 1, 10, 2, 20, 3, 30, 2, 20, 1, 10]);
  });

  it('mirrors -1 -> 1 and n -> n-2 for reflect, clamps for replicate, wraps for circular', () => {
    expect(paddedSource(-1, 5, 'reflect')).toBe(1);
    expect(paddedSource(5, 5, 'reflect')).toBe(3);
    expect(paddedSource(-1, 5, 'replicate')).toBe(0);
    expect(paddedSource(9, 5, 'replicate')).toBe(4);
    expect(paddedSource(-1, 5, 'circular')).toBe(4);
    expect(paddedSource(12, 5, 'circular')).toBe(2);
    expect(paddedSource(-1, 5, 'zeros')).toBeNull();
    expect(paddedSource(2, 5, 'zeros')).toBe(2);
  });

  it('keeps reflecting when the pad is wider than the input (a triangle wave), and n = 1 always reads 0', () => {
    // n = 3: period 4, so ... 2 1 0 1 2 1 0 1 2 ... around the input 0 1 2.
    const reads = Array.from({ length: 15 }, (_, k) => paddedSource(k - 6, 3, 'reflect'));
    expect(reads).toEqual([2, 1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1, 0]);
    for (const i of [-7, -1, 0, 1, 100]) expect(paddedSource(i, 1, 'reflect')).toBe(0);
  });

  it('matches PyTorch reflect exactly for pads < n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 50 }), fc.integer({ min: 1, max: 49 }), (n, d) => {
        fc.pre(d < n);
        expect(paddedSource(-d, n, 'reflect')).toBe(d);
        expect(paddedSource(n - 1 + d, n, 'reflect')).toBe(n - 1 - d);
      }),
    );
  });

  it('never throws and always names an index inside the input (or a zero) for any integers', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -3, max: 2 ** 40 }), fc.constantFrom(...PADDING_MODES), (i, n, mode) => {
        const source = paddedSource(i, n, mode);
        if (n <= 0) expect(source).toBeNull();
        else if (source === null) expect(mode === 'zeros' && (i < 0 || i >= n)).toBe(true);
        else {
          expect(Number.isInteger(source)).toBe(true);
          expect(source).toBeGreaterThanOrEqual(0);
          expect(source).toBeLessThan(n);
        }
      }),
      { numRuns: 500 },
    );
    for (const odd of [NaN, Infinity, -Infinity, 0.5]) expect(paddedSource(odd, 4, 'circular')).toBeNull();
  });
});

describe('windowOutputSize and outputSizeFormula', () => {
  it('is floor((n + pb + pa - d(k-1) - 1) / s) + 1, and 0 when no window fits', () => {
    expect(windowOutputSize(7, 3, 2, 1, 1, 1)).toBe(4);
    expect(windowOutputSize(28, 5, 1, 0, 0, 1)).toBe(24);
    expect(windowOutputSize(8, 3, 2, 0, 1, 1)).toBe(4);
    expect(windowOutputSize(5, 3, 1, 0, 0, 2)).toBe(1);
    expect(windowOutputSize(4, 3, 1, 0, 0, 2)).toBe(0);
    expect(windowOutputSize(1, 4, 3, 0, 0, 3)).toBe(0);
    expect(windowOutputSize(5, 3, 0)).toBe(0);
  });

  it('counts exactly the window starts that fit, and agrees with convOutputSize for valid and same', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        (n, k, s, pb, pa, d) => {
          let starts = 0;
          for (let start = 0; start + d * (k - 1) < n + pb + pa; start += s) starts++;
          expect(windowOutputSize(n, k, s, pb, pa, d)).toBe(starts);
          expect(windowOutputSize(n, k, s, 0, 0, d)).toBe(convOutputSize(n, k, s, 'valid', d));
          if (n >= 1) expect(windowOutputSize(n, k, s, ...samePadding(n, k, s, d), d)).toBe(convOutputSize(n, k, s, 'same', d));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('works the formula with the numbers given: n=7, k=3, s=2, p=1 gives 4', () => {
    const working = outputSizeFormula(7, 3, 2, 1);
    expect(working.size).toBe(4);
    expect(working.formula).toBe('floor((7 + 2*1 - 1*(3-1) - 1) / 2) + 1 = 4');
    expect(working.pads).toEqual({ before: 1, after: 1 });
    expect(working.problem).toBeNull();
    expect(outputSizeFormula(28, 5, 1, 0, 2).formula).toBe('floor((28 + 2*0 - 2*(5-1) - 1) / 1) + 1 = 20');
  });

  it("shows 'same' as ceil(n / s) with the zeros on each side", () => {
    const same = outputSizeFormula(7, 3, 2, 'same');
    expect(same.size).toBe(4);
    expect(same.formula).toBe('ceil(7 / 2) = 4');
    expect(same.pads).toEqual({ before: 1, after: 1 });
    expect(same.paddingNote).toBe("'same' adds 1 zero before and 1 after (2 in all).");
    const odd = outputSizeFormula(8, 3, 2, 'same');
    expect(odd.pads).toEqual({ before: 0, after: 1 });
    expect(odd.paddingNote).toBe("'same' adds 0 zeros before and 1 after (1 in all; the odd one goes after).");
    expect(outputSizeFormula(8, 1, 1, 'same').paddingNote).toBe("'same' adds no zeros here: the windows already fit.");
  });

  it('explains in plain words, with a fix, when the kernel is wider than the padded input', () => {
    const dilated = outputSizeFormula(4, 3, 1, 0, 2);
    expect(dilated.size).toBe(0);
    expect(dilated.formula).toBe('floor((4 + 2*0 - 2*(3-1) - 1) / 1) + 1 = 0');
    expect(dilated.problem).toBe(
      'The kernel spans 5 inputs (dilation 2 × (3 − 1) + 1), but the padded input is only 4 wide: pad by at least 1 on each side, or use a smaller kernel or dilation.',
    );
    const padded = outputSizeFormula(1, 5, 1, 1);
    expect(padded.size).toBe(0);
    expect(padded.problem).toBe('The kernel spans 5 inputs, but the padded input is only 3 wide (1 + 2 × 1): pad by at least 2 on each side, or use a smaller kernel.');
    // The suggested padding does fit.
    expect(outputSizeFormula(1, 5, 1, 2).size).toBe(1);
  });

  it('never throws; its size is windowOutputSize; a problem exactly when there is no output', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2, max: 40 }),
        fc.integer({ min: -1, max: 9 }),
        fc.integer({ min: -1, max: 5 }),
        fc.oneof(fc.integer({ min: -1, max: 5 }), fc.constant('same' as const)),
        fc.integer({ min: -1, max: 5 }),
        (n, k, s, p, d) => {
          const working = outputSizeFormula(n, k, s, p, d);
          const sensible = n >= 1 && k >= 1 && s >= 1 && d >= 1;
          const expected = !sensible ? 0 : p === 'same' ? Math.ceil(n / s) : windowOutputSize(n, k, s, p, p, d);
          expect(working.size).toBe(expected);
          expect(working.problem === null).toBe(working.size >= 1);
          if (working.size >= 1) expect(working.formula.endsWith(`= ${working.size}`)).toBe(true);
          if (working.size >= 1 && p !== 'same') expect(windowOutputSize(n, k, s, working.pads.before, working.pads.after, d)).toBe(working.size);
        },
      ),
      { numRuns: 500 },
    );
    expect(outputSizeFormula(7, 3, 0, 1).problem).toBe('The stride must be a whole number of at least 1 (got 0).');
  });
});

describe('conv2dReference: hand-worked', () => {
  const nine = featureMap(3, 3, 1, [1, 2, 3, 4, 5, 6, 7, 8, 9]);

  it('slides a 2x2 kernel of ones over 1..9 and adds the bias', () => {
    const out = conv2dReference(nine, kernel([2, 2, 1, 1], [1, 1, 1, 1]), Float32Array.of(0.5), geometry([2, 2]));
    expect([out.height, out.width, out.channels]).toEqual([2, 2, 1]);
    expect(Array.from(out.values)).toEqual([12.5, 16.5, 24.5, 28.5]);
  });

  it("sums 3x3 ones over ones with 'same' zero pads: 4 at corners, 6 on edges, 9 inside", () => {
    const ones = featureMap(3, 3, 1, new Array(9).fill(1));
    const out = conv2dReference(ones, kernel([3, 3, 1, 1], new Array(9).fill(1)), null, geometry([3, 3], { pads: pads(1) }));
    expect(Array.from(out.values)).toEqual([4, 6, 4, 6, 9, 6, 4, 6, 4]);
  });

  it('reads the border as the padding mode says', () => {
    // Row [1, 2, 3], kernel [1, 10, 100] with pad 1: the first output reads (border, 1, 2).
    const row = rowMap([1, 2, 3]);
    const k = kernel([1, 3, 1, 1], [1, 10, 100]);
    const first = (mode: PaddingMode) => conv2dReference(row, k, null, geometry([1, 3], { pads: pads(0, 0, 1, 1), mode })).values[0];
    expect(first('zeros')).toBe(210);
    expect(first('reflect')).toBe(2 + 10 + 200);
    expect(first('replicate')).toBe(1 + 10 + 200);
    expect(first('circular')).toBe(3 + 10 + 200);
  });

  it('uses the [kh, kw, in, out] layout, strides and dilation', () => {
    // 2 input channels (v and -v), 2 filters: filter 0 takes channel 0, filter 1 doubles channel 1.
    const map = featureMap(1, 5, 2, [1, -1, 2, -2, 3, -3, 4, -4, 5, -5]);
    // kernel [1, 2, 2, 2]: index ((kr*kw + kc)*in + ci)*out + co.
    const k = kernel([1, 2, 2, 2], [1, 0, 0, 2, 1, 0, 0, 2]);
    const out = conv2dReference(map, k, null, geometry([1, 2], { strides: [1, 2], dilation: [1, 2] }));
    // Windows start at columns 0 and 2 and read columns (0, 2) and (2, 4).
    expect([out.width, out.channels]).toEqual([2, 2]);
    expect(Array.from(out.values)).toEqual([1 + 3, -2 * (1 + 3), 3 + 5, -2 * (3 + 5)]);
    expect(Array.from(conv2dReference(map, k, null, geometry([1, 2], { strides: [1, 2], dilation: [1, 2] }), { outChannel: 1 }).values)).toEqual([-8, -16]);
  });

  it('computes a single output channel on request, equal to that channel of the full map', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }), fc.nat(), (filters, pick, seed) => {
        fc.pre(pick < filters);
        const input = featureMap(5, 4, 2, randomValues(40, seed));
        const k = { values: randomValues(3 * 3 * 2 * filters, seed + 1), shape: [3, 3, 2, filters] as const };
        const g = geometry([3, 3], { pads: pads(1, 2, 0, 1), mode: 'reflect' });
        const full = conv2dReference(input, k, randomValues(filters, seed + 2), g);
        const one = conv2dReference(input, k, randomValues(filters, seed + 2), g, { outChannel: pick });
        expect(one.channels).toBe(1);
        expect(Array.from(one.values)).toEqual(Array.from(full.values).filter((_, i) => i % filters === pick));
      }),
      { numRuns: 30 },
    );
  });

  it('refuses mismatched shapes with a RangeError', () => {
    expect(() => conv2dReference(nine, kernel([2, 2, 1, 1], [1, 1, 1, 1]), null, geometry([3, 3]))).toThrow(RangeError);
    expect(() => conv2dReference(nine, kernel([2, 2, 2, 1], new Array(8).fill(1)), null, geometry([2, 2]))).toThrow(RangeError);
    expect(() => conv2dReference(nine, kernel([2, 2, 1, 1], [1, 1, 1, 1]), Float32Array.of(1, 2), geometry([2, 2]))).toThrow(RangeError);
  });

  it('takes the SlidingWindow of a spec layer as its geometry', () => {
    const spec = layer('conv2d', { kernelSize: [3, 3], strides: [2, 2], padding: 'same', filters: 1 });
    const window = slidingWindowOf(spec, [7, 7, 1]);
    if (!window) throw new Error('conv2d has a window');
    const out = conv2dReference(featureMap(7, 7, 1, new Array(49).fill(1)), kernel([3, 3, 1, 1], new Array(9).fill(1)), null, window);
    expect([out.height, out.width]).toEqual([4, 4]);
    expect(out.values[0]).toBe(4);
    expect(out.values[5]).toBe(9);
  });
});

describe('depthwise and separable', () => {
  it('orders output channels inChannel * multiplier + m, as tfjs does', () => {
    // 1x1 map with channels (2, 3); multiplier 2 with 1x1 weights [[10, 100], [1000, 10000]].
    const map = featureMap(1, 1, 2, [2, 3]);
    const k = kernel([1, 1, 2, 2], [10, 100, 1000, 10000]);
    const out = depthwiseConv2dReference(map, k, Float32Array.of(1, 2, 3, 4), geometry([1, 1]));
    expect(Array.from(out.values)).toEqual([21, 202, 3003, 30004]);
    expect(Array.from(depthwiseConv2dReference(map, k, null, geometry([1, 1]), { outChannel: 2 }).values)).toEqual([3000]);
  });

  it('keeps channels apart: each output reads only its own input channel', () => {
    const map = featureMap(2, 2, 2, [1, 100, 2, 200, 3, 300, 4, 400]);
    const out = depthwiseConv2dReference(map, kernel([2, 2, 2, 1], new Array(8).fill(1)), null, geometry([2, 2]));
    expect(Array.from(out.values)).toEqual([10, 1000]);
  });

  it('separable = depthwise then a 1x1 conv with the bias', () => {
    const input = featureMap(4, 4, 2, randomValues(32, 7));
    const dw = { values: randomValues(3 * 3 * 2 * 2, 8), shape: [3, 3, 2, 2] as const };
    const pw = { values: randomValues(4 * 3, 9), shape: [1, 1, 4, 3] as const };
    const bias = Float32Array.of(0.1, 0.2, 0.3);
    const g = geometry([3, 3], { pads: pads(1) });
    const expected = conv2dReference(depthwiseConv2dReference(input, dw, null, g), pw, bias, POINTWISE_GEOMETRY);
    expect(separableConv2dReference(input, dw, pw, bias, g)).toEqual(expected);
  });
});

/** Random conv cases small enough to check every output cell. */
const convCaseArb = fc.record({
  h: fc.integer({ min: 1, max: 7 }),
  w: fc.integer({ min: 1, max: 7 }),
  cin: fc.integer({ min: 1, max: 3 }),
  cout: fc.integer({ min: 1, max: 3 }),
  kh: fc.integer({ min: 1, max: 4 }),
  kw: fc.integer({ min: 1, max: 4 }),
  sh: fc.integer({ min: 1, max: 3 }),
  sw: fc.integer({ min: 1, max: 3 }),
  dh: fc.integer({ min: 1, max: 3 }),
  dw: fc.integer({ min: 1, max: 3 }),
  pads: fc.record({ top: fc.nat(3), bottom: fc.nat(3), left: fc.nat(3), right: fc.nat(3) }),
  mode: fc.constantFrom(...PADDING_MODES),
  withBias: fc.boolean(),
  seed: fc.nat(),
});
type ConvCase = typeof convCaseArb extends fc.Arbitrary<infer T> ? T : never;

function buildCase(c: ConvCase, depthwise = false) {
  const input = featureMap(c.h, c.w, c.cin, randomValues(c.h * c.w * c.cin, c.seed));
  const k: ConvKernel = { values: randomValues(c.kh * c.kw * c.cin * c.cout, c.seed + 1), shape: [c.kh, c.kw, c.cin, c.cout] };
  const outChannels = depthwise ? c.cin * c.cout : c.cout;
  const bias = c.withBias ? randomValues(outChannels, c.seed + 2) : null;
  const g: ConvGeometry = { kernel: [c.kh, c.kw], strides: [c.sh, c.sw], dilation: [c.dh, c.dw], pads: c.pads, mode: c.mode };
  return { input, k, bias, g, outChannels };
}

/** The kernel with d - 1 zeros between taps: a dilation-1 kernel that reads the same cells. */
function dilateKernel(k: ConvKernel, [dh, dw]: [number, number]): ConvKernel {
  const [kh, kw, cin, cout] = k.shape;
  const eh = dh * (kh - 1) + 1;
  const ew = dw * (kw - 1) + 1;
  const values = new Float32Array(eh * ew * cin * cout);
  for (let r = 0; r < kh; r++)
    for (let c = 0; c < kw; c++)
      for (let i = 0; i < cin * cout; i++) values[((r * dh) * ew + c * dw) * cin * cout + i] = k.values[(r * kw + c) * cin * cout + i]!;
  return { values, shape: [eh, ew, cin, cout] };
}

describe('conv properties', () => {
  it('padMap then a valid conv equals the conv with pads, in every padding mode', () => {
    fc.assert(
      fc.property(convCaseArb, (c) => {
        const { input, k, bias, g } = buildCase(c);
        const direct = conv2dReference(input, k, bias, g);
        const viaPad = conv2dReference(padMap(input, g.pads, g.mode), k, bias, { ...g, pads: NO_PADS, mode: 'zeros' });
        expect(viaPad).toEqual(direct);
        const dw = buildCase(c, true);
        expect(depthwiseConv2dReference(padMap(dw.input, g.pads, g.mode), dw.k, dw.bias, { ...g, pads: NO_PADS })).toEqual(depthwiseConv2dReference(dw.input, dw.k, dw.bias, g));
      }),
      { numRuns: 150 },
    );
  });

  it('a dilated kernel equals the kernel with zeros inserted (dilation 1)', () => {
    fc.assert(
      fc.property(convCaseArb, (c) => {
        const { input, k, bias, g } = buildCase(c);
        const dilated = dilateKernel(k, g.dilation);
        expect(conv2dReference(input, dilated, bias, { ...g, kernel: [dilated.shape[0], dilated.shape[1]], dilation: [1, 1] })).toEqual(conv2dReference(input, k, bias, g));
      }),
      { numRuns: 100 },
    );
  });

  it('convWindowAt: every tap, channel sum and the total, which is exactly the map cell', () => {
    fc.assert(
      fc.property(convCaseArb, fc.nat(), (c, pick) => {
        const { input, k, bias, g, outChannels } = buildCase(c);
        const map = conv2dReference(input, k, bias, g);
        fc.pre(map.values.length > 0);
        const cell = pick % map.values.length;
        const outChannel = cell % outChannels;
        const outCol = Math.floor(cell / outChannels) % map.width;
        const outRow = Math.floor(cell / outChannels / map.width);
        const win = convWindowAt(input, k, bias, g, outRow, outCol, outChannel);
        expect(win.total).toBe(map.values[cell]);
        expect(win.taps).toHaveLength(c.kh * c.kw * c.cin);
        expect(win.channelSums.map((s) => s.inChannel)).toEqual(Array.from({ length: c.cin }, (_, i) => i));
        expect(win.bias).toBe(bias ? bias[outChannel] : null);
        for (const tap of win.taps) {
          expect(tap.row).toBe(outRow * c.sh - c.pads.top + tap.kernelRow * c.dh);
          expect(tap.col).toBe(outCol * c.sw - c.pads.left + tap.kernelCol * c.dw);
          const inside = tap.row >= 0 && tap.row < c.h && tap.col >= 0 && tap.col < c.w;
          if (inside) expect(tap.source).toEqual({ row: tap.row, col: tap.col });
          if (c.mode === 'zeros') expect(tap.source === null).toBe(!inside);
          else expect(tap.source).not.toBeNull();
          expect(tap.value).toBe(tap.source ? valueAt(input, tap.source.row, tap.source.col, tap.inChannel) : 0);
          expect(tap.weight).toBe(k.values[((tap.kernelRow * c.kw + tap.kernelCol) * c.cin + tap.inChannel) * c.cout + outChannel]);
          expect(tap.product).toBe(tap.value * tap.weight);
        }
        for (const { inChannel, sum } of win.channelSums) {
          const products = win.taps.filter((t) => t.inChannel === inChannel).map((t) => t.product);
          expect(sum).toBe(products.reduce((a, b) => a + b, 0));
        }
        expect(win.total).toBe(Math.fround(win.channelSums.reduce((a, s) => a + s.sum, 0) + (win.bias ?? 0)));
      }),
      { numRuns: 150 },
    );
  });

  it('depthwiseWindowAt: the taps of one input channel, total exactly the map cell', () => {
    fc.assert(
      fc.property(convCaseArb, fc.nat(), (c, pick) => {
        const { input, k, bias, g, outChannels } = buildCase(c, true);
        const map = depthwiseConv2dReference(input, k, bias, g);
        fc.pre(map.values.length > 0);
        const cell = pick % map.values.length;
        const outChannel = cell % outChannels;
        const outCol = Math.floor(cell / outChannels) % map.width;
        const outRow = Math.floor(cell / outChannels / map.width);
        const win = depthwiseWindowAt(input, k, bias, g, outRow, outCol, outChannel);
        expect(win.total).toBe(map.values[cell]);
        const inChannel = Math.floor(outChannel / c.cout);
        expect(win.channelSums).toHaveLength(1);
        expect(win.channelSums[0]?.inChannel).toBe(inChannel);
        expect(win.taps.every((t) => t.inChannel === inChannel)).toBe(true);
        expect(win.taps).toHaveLength(c.kh * c.kw);
        for (const tap of win.taps) expect(tap.weight).toBe(k.values[((tap.kernelRow * c.kw + tap.kernelCol) * c.cin + inChannel) * c.cout + (outChannel % c.cout)]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('pools', () => {
  const negatives = featureMap(2, 2, 1, [-1, -2, -3, -4]);
  const samePads = pads(0, 1, 0, 1); // 2x2 window, stride 1 on 2x2: 'same' puts the one pad after.

  it('never lets a border zero win a max', () => {
    const out = pool2dReference(negatives, 'max', { kernel: [2, 2], strides: [1, 1], pads: samePads });
    expect(Array.from(out.values)).toEqual([-1, -2, -3, -4]);
  });

  it('divides a mean by the cells actually covered, not the window size', () => {
    const out = pool2dReference(featureMap(2, 2, 1, [1, 2, 3, 4]), 'avg', { kernel: [2, 2], strides: [1, 1], pads: samePads });
    expect(Array.from(out.values)).toEqual([2.5, 3, 3.5, 4]);
  });

  it('divides by the whole window when the geometry counts padding (explicit padding, PyTorch count_include_pad)', () => {
    const g = { kernel: [2, 2] as [number, number], strides: [1, 1] as [number, number], pads: samePads, countPadding: true };
    expect(Array.from(pool2dReference(featureMap(2, 2, 1, [1, 2, 3, 4]), 'avg', g).values)).toEqual([2.5, 1.5, 1.75, 1]);
    expect(Array.from(pool2dReference(negatives, 'max', g).values)).toEqual([-1, -2, -3, -4]);
    const win = poolWindowAt(featureMap(2, 2, 1, [1, 2, 3, 4]), 'avg', g, 1, 1, 0);
    expect([win.count, win.divisor, win.result]).toEqual([1, 4, 1]);
  });

  it('pools valid windows with strides per channel', () => {
    const map = featureMap(2, 4, 2, [1, 8, 2, 7, 3, 6, 4, 5, 5, 4, 6, 3, 7, 2, 8, 1]);
    const g = { kernel: [2, 2] as [number, number], strides: [2, 2] as [number, number], pads: NO_PADS };
    expect(Array.from(pool2dReference(map, 'max', g).values)).toEqual([6, 8, 8, 6]);
    expect(Array.from(pool2dReference(map, 'avg', g).values)).toEqual([3.5, 5.5, 5.5, 3.5]);
  });

  it('poolWindowAt marks the winning tap of a max and lists border taps without counting them', () => {
    const win = poolWindowAt(negatives, 'max', { kernel: [2, 2], strides: [1, 1], pads: samePads }, 0, 1, 0);
    expect(win.taps.map((t) => t.value)).toEqual([-2, null, -4, null]);
    expect(win.count).toBe(2);
    expect(win.divisor).toBe(2);
    expect(win.result).toBe(-2);
    expect(win.winner).toBe(0);
    expect(win.taps[1]).toEqual({ kernelRow: 0, kernelCol: 1, row: 0, col: 2, value: null });
    const avg = poolWindowAt(negatives, 'avg', { kernel: [2, 2], strides: [1, 1], pads: samePads }, 0, 1, 0);
    expect(avg.result).toBe(-3);
    expect(avg.winner).toBeNull();
  });

  it('takes a pool SlidingWindow, and its windows equal the map cells with a valid winner', () => {
    fc.assert(
      fc.property(
        fc.record({
          h: fc.integer({ min: 1, max: 8 }),
          w: fc.integer({ min: 1, max: 8 }),
          c: fc.integer({ min: 1, max: 3 }),
          ph: fc.integer({ min: 1, max: 4 }),
          pw: fc.integer({ min: 1, max: 4 }),
          sh: fc.integer({ min: 1, max: 3 }),
          sw: fc.integer({ min: 1, max: 3 }),
          same: fc.boolean(),
          type: fc.constantFrom('max' as const, 'avg' as const),
          seed: fc.nat(),
        }),
        fc.nat(),
        (p, pick) => {
          const spec = layer(p.type === 'max' ? 'maxPool2d' : 'avgPool2d', { poolSize: [p.ph, p.pw], strides: [p.sh, p.sw], padding: p.same ? 'same' : 'valid' });
          const window = slidingWindowOf(spec, [p.h, p.w, p.c]);
          if (!window) throw new Error('pools have a window');
          const input = featureMap(p.h, p.w, p.c, randomValues(p.h * p.w * p.c, p.seed));
          const map = pool2dReference(input, p.type, window);
          fc.pre(map.values.length > 0);
          const cell = pick % map.values.length;
          const ch = cell % p.c;
          const col = Math.floor(cell / p.c) % map.width;
          const row = Math.floor(cell / p.c / map.width);
          const win = poolWindowAt(input, p.type, window, row, col, ch);
          expect(win.result).toBe(map.values[cell]);
          const inside = win.taps.filter((t) => t.value !== null).map((t) => t.value as number);
          expect(win.count).toBe(inside.length);
          expect(win.divisor).toBe(window.countPadding ? p.ph * p.pw : inside.length);
          if (p.type === 'max') {
            expect(win.winner).not.toBeNull();
            const winner = win.taps[win.winner ?? -1];
            expect(winner?.value).toBe(win.result);
            expect(Math.max(...inside)).toBe(win.result);
          } else {
            expect(win.result).toBeCloseTo(inside.reduce((a, b) => a + b, 0) / inside.length, 6);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('activations', () => {
  it('applies each per-cell activation', () => {
    expect(activate('linear', -3)).toBe(-3);
    expect(activate('relu', -3)).toBe(0);
    expect(activate('relu', 2)).toBe(2);
    expect(activate('leakyRelu', -2)).toBeCloseTo(-2 * LEAKY_RELU_SLOPE, 12);
    expect(LEAKY_RELU_SLOPE).toBe(0.01);
    expect(activate('leakyRelu', 2)).toBe(2);
    expect(activate('elu', -1)).toBeCloseTo(Math.exp(-1) - 1, 12);
    expect(activate('elu', 1.5)).toBe(1.5);
    expect(activate('sigmoid', 0)).toBe(0.5);
    expect(activate('sigmoid', -1000)).toBe(0);
    expect(activate('tanh', 1)).toBeCloseTo(Math.tanh(1), 12);
  });

  it('refuses softmax per cell, in the type and at run time', () => {
    expect(isCellwiseActivation('softmax')).toBe(false);
    expect(isCellwiseActivation('relu')).toBe(true);
    // @ts-expect-error softmax is not a per-cell activation
    expect(() => activate('softmax', 1)).toThrow(TypeError);
  });

  it('softmax over channels sums to 1, ignores a shift and survives huge logits', () => {
    const [a, b] = softmaxChannels([0, Math.log(3)]);
    expect(a).toBeCloseTo(0.25, 12);
    expect(b).toBeCloseTo(0.75, 12);
    const big = softmaxChannels([1000, 1000]);
    expect(big).toEqual([0.5, 0.5]);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 8 }), fc.double({ min: -100, max: 100, noNaN: true }), (xs, shift) => {
        const p = softmaxChannels(xs);
        expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
        const q = softmaxChannels(xs.map((x) => x + shift));
        p.forEach((v, i) => expect(q[i]).toBeCloseTo(v, 9));
      }),
      { numRuns: 100 },
    );
  });

  it('activateChannels and activateMap apply softmax per position and the rest per cell', () => {
    expect(activateChannels('relu', [-1, 2])).toEqual([0, 2]);
    expect(activateChannels('softmax', [0, Math.log(3)])).toEqual(softmaxChannels([0, Math.log(3)]));
    const map = featureMap(1, 2, 2, [0, Math.log(3), 5, 5]);
    activateMap('softmax', map).values.forEach((v, i) => expect(v).toBeCloseTo([0.25, 0.75, 0.5, 0.5][i]!, 6));
    expect(Array.from(activateMap('relu', featureMap(1, 2, 1, [-1, 3])).values)).toEqual([0, 3]);
  });
});
