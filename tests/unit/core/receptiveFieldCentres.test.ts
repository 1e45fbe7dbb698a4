import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { receptiveField, receptiveFieldCentres, receptiveFieldSizes } from '../../../src/core/math/receptiveField';
import { getPreset } from '../../../src/core/editing/presets';
import type { NetworkSpec, Shape3D } from '../../../src/core/spec/spec';
import { validSpecArb } from './arbitraries';
import { layer, net } from './helpers';

const conv = (overrides: Parameters<typeof layer<'conv2d'>>[1] = {}) => layer('conv2d', { activation: 'linear', ...overrides });
const spec8 = (layers: NetworkSpec['layers'], inputShape: Shape3D = [8, 8, 1]) => net(layers, inputShape);

/** The spec with every conv padding with zeros, so a padded cell reads no input pixel at all. */
function zeroPadded(spec: NetworkSpec): NetworkSpec {
  const copy = structuredClone(spec);
  for (const l of copy.layers) if ('paddingMode' in l) l.paddingMode = 'zeros';
  return copy;
}

describe('receptiveFieldCentres', () => {
  it("puts the small preset's second conv (8x8) over input rows 6.5 .. 20.5", () => {
    const preset = getPreset('small-cnn');
    if (!preset) throw new Error('small-cnn preset missing');
    expect(receptiveFieldCentres(preset.spec)).toEqual([
      { start: [2, 2], jump: [1, 1] },
      { start: [2.5, 2.5], jump: [2, 2] },
      { start: [6.5, 6.5], jump: [2, 2] },
      { start: [7.5, 7.5], jump: [4, 4] },
      null,
      null,
    ]);
  });

  it("follows 'same' padding (tfjs's odd cell after), dilation and cell-wise layers", () => {
    // n = 8, k = 3, s = 2: no pad before, cell 0 reads 0..2; n = 7: one pad before, cell 0 reads -1..1.
    expect(receptiveFieldCentres(spec8([conv({ padding: 'same', strides: [2, 2] })]))).toEqual([{ start: [1, 1], jump: [2, 2] }]);
    expect(receptiveFieldCentres(spec8([conv({ padding: 'same', strides: [2, 2] })], [7, 7, 1]))).toEqual([{ start: [0, 0], jump: [2, 2] }]);
    const spec = spec8([conv({ dilation: [2, 1] }), layer('batchNorm'), conv({ kernelSize: [2, 2], strides: [2, 3], padding: [1, 0] })], [12, 12, 1]);
    // Dilated 3x3 spans 5 rows (centre 2) and 3 columns (centre 1); then a 2x2 window 1 row above.
    expect(receptiveFieldCentres(spec)).toEqual([
      { start: [2, 1], jump: [1, 1] },
      { start: [2, 1], jump: [1, 1] },
      { start: [1.5, 1.5], jump: [2, 3] },
    ]);
  });

  it('is null exactly where receptiveFieldSizes is, with the same jumps', () => {
    fc.assert(
      fc.property(validSpecArb, (spec) => {
        const centres = receptiveFieldCentres(spec);
        const sizes = receptiveFieldSizes(spec);
        expect(centres.map((c) => c?.jump ?? null)).toEqual(sizes.map((s) => s?.jump ?? null));
      }),
      { numRuns: 100 },
    );
  });

  it("is the middle of receptiveField's box whenever no padding clips it, and the box never leaves the centred field", () => {
    fc.assert(
      fc.property(validSpecArb.map(zeroPadded), fc.nat(), fc.nat(), fc.nat(), (spec, layerPick, rowPick, colPick) => {
        const centres = receptiveFieldCentres(spec);
        const sizes = receptiveFieldSizes(spec);
        const spatial = centres.flatMap((c, i) => (c ? [i] : []));
        const index = spatial[layerPick % Math.max(1, spatial.length)];
        if (index === undefined) return;
        const centre = centres[index];
        const size = sizes[index];
        if (!centre || !size) throw new Error('centres and sizes disagree');
        const [h = 0, w = 0] = analyzeNetwork(spec).layers[index]?.outputShape ?? [];
        const [row, col] = [rowPick % h, colPick % w];
        const field = receptiveField(spec, index, row, col);
        if (!field) return; // a cell that reads only zero padding
        const [cy, cx] = [centre.start[0] + row * centre.jump[0], centre.start[1] + col * centre.jump[1]];
        const [ry, rx] = [(size.size[0] - 1) / 2, (size.size[1] - 1) / 2];
        const { rowStart, rowEnd, colStart, colEnd } = field.input;
        expect(rowStart).toBeGreaterThanOrEqual(cy - ry);
        expect(rowEnd).toBeLessThanOrEqual(cy + ry);
        expect(colStart).toBeGreaterThanOrEqual(cx - rx);
        expect(colEnd).toBeLessThanOrEqual(cx + rx);
        if (rowEnd - rowStart + 1 === size.size[0]) expect((rowStart + rowEnd) / 2).toBe(cy);
        if (colEnd - colStart + 1 === size.size[1]) expect((colStart + colEnd) / 2).toBe(cx);
      }),
      { numRuns: 300 },
    );
  });
});
