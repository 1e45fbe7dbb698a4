import { describe, expect, it } from 'vitest';
import { convKernelTiles, denseUnitTiles, depthwiseKernelTiles, matrixTile } from '../../../src/render/filterTiles';

/** Values that spell their own index in tfjs's row-major layout: value = flat index. */
const iota = (n: number) => Float32Array.from({ length: n }, (_, i) => i);
/** Value of tile t at cell (y, x) in channels-last tiles of width w. */
const at = (t: { values: Float32Array; width: number; count: number }, tile: number, y: number, x: number) => t.values[(y * t.width + x) * t.count + tile];

describe('convKernelTiles', () => {
  // kernel [kh=2, kw=2, in=2, out=3]: flat index ((y*2 + x)*2 + i)*3 + o
  const kernel = iota(2 * 2 * 2 * 3);
  const index = (y: number, x: number, i: number, o: number) => ((y * 2 + x) * 2 + i) * 3 + o;

  it('gives one tile per output and input channel for narrow inputs, a row per filter', () => {
    const tiles = convKernelTiles(kernel, [2, 2, 2, 3], 'mean');
    expect(tiles).toMatchObject({ height: 2, width: 2, count: 6, columns: 2 });
    expect(at(tiles, 1 * 2 + 1, 1, 0)).toBe(index(1, 0, 1, 1));
    expect(at(tiles, 2 * 2 + 0, 0, 1)).toBe(index(0, 1, 0, 2));
    expect(tiles.describe(5)).toBe('filter 3, input 2');
  });

  it('shows one chosen input channel, or the mean over inputs, for wide layers', () => {
    const wide = iota(1 * 1 * 10 * 2); // [1, 1, in=10, out=2]
    const one = convKernelTiles(wide, [1, 1, 10, 2], 3);
    expect(one.count).toBe(2);
    expect(one.columns).toBeNull();
    expect(at(one, 1, 0, 0)).toBe(3 * 2 + 1);
    const mean = convKernelTiles(wide, [1, 1, 10, 2], 'mean');
    expect(at(mean, 0, 0, 0)).toBeCloseTo((0 + 2 + 4 + 6 + 8 + 10 + 12 + 14 + 16 + 18) / 10);
  });
});

describe('depthwiseKernelTiles', () => {
  it('keeps tfjs order: input channel major, multiplier minor', () => {
    const tiles = depthwiseKernelTiles(iota(3 * 3 * 2 * 2), [3, 3, 2, 2]);
    expect(tiles).toMatchObject({ height: 3, width: 3, count: 4, columns: 2 });
    expect(at(tiles, 3, 2, 1)).toBe(((2 * 3 + 1) * 2 + 1) * 2 + 1);
    expect(tiles.describe(3)).toBe('input 2, copy 2');
  });
});

describe('matrixTile', () => {
  it('draws [in, out] with a row per output', () => {
    const tile = matrixTile(iota(4 * 3), 4, 3);
    expect(tile).toMatchObject({ height: 3, width: 4, count: 1 });
    expect(tile.values[2 * 4 + 1]).toBe(1 * 3 + 2);
  });
});

describe('denseUnitTiles', () => {
  it("puts each unit's weights back into the flattened [h, w, c] map, channels last", () => {
    // map [2, 2, 3] flattened to 12 inputs, 2 units: kernel index input * 2 + unit
    const kernel = iota(12 * 2);
    const tiles = denseUnitTiles(kernel, [2, 2, 3], 2, 1);
    expect(tiles).toMatchObject({ height: 2, width: 2, count: 2 });
    // unit 1, cell (1, 0), channel 1: input (1*2 + 0)*3 + 1 = 7
    expect(at(tiles, 1, 1, 0)).toBe(7 * 2 + 1);
    const mean = denseUnitTiles(kernel, [2, 2, 3], 2, 'mean');
    expect(at(mean, 0, 0, 1)).toBeCloseTo(((3 + 4 + 5) * 2) / 3);
  });
});
