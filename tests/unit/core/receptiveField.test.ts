import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { receptiveField, receptiveFieldSizes, type CellBox } from '../../../src/core/math/receptiveField';
import { getPreset } from '../../../src/core/editing/presets';
import type { NetworkSpec, Shape3D } from '../../../src/core/spec/spec';
import { validSpecArb } from './arbitraries';
import { layer, net } from './helpers';

const box = (rowStart: number, rowEnd: number, colStart: number, colEnd: number): CellBox => ({ rowStart, rowEnd, colStart, colEnd });
const square = (start: number, end: number): CellBox => box(start, end, start, end);
const conv = (overrides: Parameters<typeof layer<'conv2d'>>[1] = {}) => layer('conv2d', { activation: 'linear', ...overrides });
const spec8 = (layers: NetworkSpec['layers'], inputShape: Shape3D = [8, 8, 1]) => net(layers, inputShape);

describe('receptiveField: hand-worked cases', () => {
  it('maps a 3x3 valid conv cell (0,0) to input rows and columns 0..2', () => {
    const spec = spec8([conv()]);
    expect(receptiveField(spec, 0, 0, 0)).toEqual({ input: square(0, 2), layers: [square(0, 0)] });
    expect(receptiveField(spec, 0, 2, 3)?.input).toEqual(box(2, 4, 3, 5));
  });

  it('grows to 5x5 over two stacked 3x3 convs, with the middle layer 3x3', () => {
    const spec = spec8([conv(), conv()]);
    expect(receptiveField(spec, 1, 0, 0)).toEqual({ input: square(0, 4), layers: [square(0, 2), square(0, 0)] });
    expect(receptiveField(spec, 1, 3, 1)?.input).toEqual(box(3, 7, 1, 5));
  });

  it('covers 4x4 input pixels for a 3x3 conv then a 2x2 stride-2 max pool', () => {
    const spec = spec8([conv(), layer('maxPool2d', { poolSize: [2, 2], strides: [2, 2] })]);
    expect(receptiveField(spec, 1, 0, 0)).toEqual({ input: square(0, 3), layers: [square(0, 1), square(0, 0)] });
    expect(receptiveField(spec, 1, 1, 2)?.input).toEqual(box(2, 5, 4, 7));
  });

  it("clips 'same' padding at the border: cell (0,0) of a 3x3 same conv reads rows 0..1", () => {
    const spec = spec8([conv({ padding: 'same' })]);
    expect(receptiveField(spec, 0, 0, 0)?.input).toEqual(square(0, 1));
    expect(receptiveField(spec, 0, 3, 3)?.input).toEqual(square(2, 4));
    expect(receptiveField(spec, 0, 7, 7)?.input).toEqual(square(6, 7));
  });

  it("follows tfjs' asymmetric 'same' padding for stride 2 (odd cell after)", () => {
    // n = 8, k = 3, s = 2: total pad 1, all of it after, so cell 0 reads 0..2 and cell 3 reads 6..7 (+ pad).
    const even = spec8([conv({ padding: 'same', strides: [2, 2] })]);
    expect(receptiveField(even, 0, 0, 0)?.input).toEqual(square(0, 2));
    expect(receptiveField(even, 0, 3, 3)?.input).toEqual(square(6, 7));
    // n = 7: total pad 2, one each side, so cell 0 reads (pad) 0..1.
    const odd = spec8([conv({ padding: 'same', strides: [2, 2] })], [7, 7, 1]);
    expect(receptiveField(odd, 0, 0, 0)?.input).toEqual(square(0, 1));
    expect(receptiveField(odd, 0, 3, 3)?.input).toEqual(square(5, 6));
  });

  it('spans 5 pixels for a 3x3 kernel with dilation 2', () => {
    const spec = spec8([conv({ dilation: [2, 2] })]);
    expect(receptiveField(spec, 0, 0, 0)?.input).toEqual(square(0, 4));
    expect(receptiveField(spec, 0, 3, 1)?.input).toEqual(box(3, 7, 1, 5));
  });

  it("keeps only real dilated taps when 'same' padding clips them", () => {
    // n = 8, k = 3, d = 2, 'same': 2 pad before; cell 1 taps -1, 1, 3, so the box is 1..3, not 0..3.
    const spec = spec8([conv({ dilation: [2, 2], padding: 'same' })]);
    expect(receptiveField(spec, 0, 1, 0)?.input).toEqual(box(1, 3, 0, 2));
  });

  it('treats rectangular kernels and strides per axis', () => {
    const spec = spec8([conv({ kernelSize: [3, 1], strides: [1, 2] })], [8, 9, 1]);
    expect(receptiveField(spec, 0, 2, 3)?.input).toEqual(box(2, 4, 6, 6));
  });

  it('passes through activation, dropout and batchNorm unchanged', () => {
    const spec = spec8([conv(), layer('batchNorm'), layer('activation', { activation: 'relu' }), layer('dropout', { rate: 0.3 })]);
    expect(receptiveField(spec, 3, 2, 2)).toEqual({ input: square(2, 4), layers: [square(2, 2), square(2, 2), square(2, 2), square(2, 2)] });
  });

  it('maps depthwise and separable convs and avg pools like a conv', () => {
    const spec = spec8([
      layer('depthwiseConv2d', { kernelSize: [2, 2], activation: 'linear' }),
      layer('separableConv2d', { kernelSize: [3, 3], activation: 'linear' }),
      layer('avgPool2d', { poolSize: [2, 2], strides: [1, 1] }),
    ]);
    expect(receptiveField(spec, 2, 0, 0)).toEqual({ input: square(0, 4), layers: [square(0, 3), square(0, 1), square(0, 0)] });
  });

  it('is null when no input pixel reaches the cell (dilated same kernel jumping over a 2-pixel input)', () => {
    // ek = 4 on n = 2: 1 pad before, so cell 0 taps -1 and 2, both padding; cell 1 taps 0 and 3.
    const spec = spec8([conv({ kernelSize: [2, 2], dilation: [3, 3], padding: 'same' })], [2, 2, 1]);
    expect(receptiveField(spec, 0, 0, 0)).toBeNull();
    expect(receptiveField(spec, 0, 1, 1)?.input).toEqual(square(0, 0));
  });
});

describe('receptiveField: null cases', () => {
  const spec = spec8([
    conv(),
    layer('globalAvgPool2d'),
    layer('dense', { units: 10, activation: 'softmax' }),
  ]);
  const flat = spec8([conv(), layer('flatten'), layer('dropout'), layer('batchNorm'), layer('dense', { units: 10, activation: 'softmax' })]);

  it('is null for global pools, flatten, dense and everything after a flatten', () => {
    expect(receptiveField(spec, 1, 0, 0)).toBeNull();
    expect(receptiveField(spec, 2, 0, 0)).toBeNull();
    for (const index of [1, 2, 3, 4]) expect(receptiveField(flat, index, 0, 0)).toBeNull();
    expect(receptiveField(flat, 0, 0, 0)).not.toBeNull();
  });

  it('is null for out-of-range cells and layer indices', () => {
    // The conv output is 6x6.
    for (const [row, col] of [[-1, 0], [0, -1], [6, 0], [0, 6], [0.5, 0], [Number.NaN, 0]] as const) {
      expect(receptiveField(spec, 0, row, col)).toBeNull();
    }
    expect(receptiveField(spec, 0, 5, 5)).not.toBeNull();
    for (const index of [-1, 3, 0.5]) expect(receptiveField(spec, index, 0, 0)).toBeNull();
  });

  it('is null once the shapes are invalid', () => {
    const broken = spec8([conv({ kernelSize: [5, 5] }), conv({ kernelSize: [5, 5] }), layer('batchNorm')]);
    expect(receptiveField(broken, 0, 0, 0)?.input).toEqual(square(0, 4));
    expect(receptiveField(broken, 1, 0, 0)).toBeNull();
    expect(receptiveField(broken, 2, 0, 0)).toBeNull();
  });
});

describe('receptiveFieldSizes', () => {
  it("gives 5, 6, 14, 16 for the small preset's conv5, pool2, conv5, pool2", () => {
    const preset = getPreset('small-cnn');
    if (!preset) throw new Error('small-cnn preset missing');
    expect(receptiveFieldSizes(preset.spec)).toEqual([
      { size: [5, 5], jump: [1, 1] },
      { size: [6, 6], jump: [2, 2] },
      { size: [14, 14], jump: [2, 2] },
      { size: [16, 16], jump: [4, 4] },
      null,
      null,
    ]);
  });

  it('counts dilation and keeps cell-wise layers', () => {
    const spec = spec8([conv({ dilation: [2, 1] }), layer('batchNorm'), conv({ kernelSize: [2, 2], strides: [2, 3] })], [12, 12, 1]);
    expect(receptiveFieldSizes(spec)).toEqual([
      { size: [5, 3], jump: [1, 1] },
      { size: [5, 3], jump: [1, 1] },
      { size: [6, 4], jump: [2, 3] },
    ]);
  });

  it('agrees with receptiveField on random networks: the box never exceeds the size, and equals it with valid padding', () => {
    fc.assert(
      fc.property(validSpecArb, fc.nat(), fc.nat(), fc.nat(), (spec, layerPick, rowPick, colPick) => {
        const sizes = receptiveFieldSizes(spec);
        const spatial = sizes.flatMap((s, i) => (s ? [i] : []));
        const index = spatial[layerPick % Math.max(1, spatial.length)];
        const rf = index === undefined ? null : sizes[index];
        if (index === undefined || !rf) return;
        const [h = 0, w = 0] = analyzeNetwork(spec).layers[index]?.outputShape ?? [];
        const [row, col] = [rowPick % h, colPick % w];
        const field = receptiveField(spec, index, row, col);
        // A 1x1 kernel on explicit zero padding makes border cells that read nothing but padding.
        const explicit = spec.layers.slice(0, index + 1).some((l) => 'padding' in l && Array.isArray(l.padding));
        if (!field && explicit) return;
        if (!field) throw new Error(`no receptive field for layer ${index} (${row}, ${col})`);
        const { input } = field;
        expect(input.rowStart).toBeGreaterThanOrEqual(0);
        expect(input.colStart).toBeGreaterThanOrEqual(0);
        expect(input.rowEnd).toBeLessThan(spec.inputShape[0]);
        expect(input.colEnd).toBeLessThan(spec.inputShape[1]);
        // A circular border wraps around, so its box may reach the far side of the map.
        const wraps = spec.layers.slice(0, index + 1).some((l) => 'paddingMode' in l && l.paddingMode === 'circular' && l.padding !== 'valid');
        if (!wraps) {
          expect(input.rowEnd - input.rowStart + 1).toBeLessThanOrEqual(rf.size[0]);
          expect(input.colEnd - input.colStart + 1).toBeLessThanOrEqual(rf.size[1]);
        }
        const allValid = spec.layers.slice(0, index + 1).every((l) => !('padding' in l) || l.padding === 'valid');
        if (allValid) expect(input).toEqual(box(row * rf.jump[0], row * rf.jump[0] + rf.size[0] - 1, col * rf.jump[1], col * rf.jump[1] + rf.size[1] - 1));
        expect(field.layers).toHaveLength(index + 1);
        expect(field.layers[index]).toEqual(box(row, row, col, col));
      }),
      { numRuns: 200 },
    );
  });
});
