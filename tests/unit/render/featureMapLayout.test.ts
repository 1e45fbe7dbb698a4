import { describe, expect, it } from 'vitest';
import { cellSizeFor, channelCount, columnsFor, fitTiles, scalesFor, vectorLayout, wrapVector } from '../../../src/render/featureMapLayout';

describe('feature-map layout', () => {
  it('scales maps by whole pixels to about the target tile size', () => {
    expect(cellSizeFor(28, 28, 56)).toBe(2);
    expect(cellSizeFor(24, 24, 56)).toBe(2);
    expect(cellSizeFor(4, 4, 56)).toBe(14);
    expect(cellSizeFor(200, 200, 56)).toBe(1);
    expect(cellSizeFor(3, 7, 56)).toBe(8);
  });

  it('fits as many tiles in a row as the width allows, at least one, at most the channels', () => {
    expect(columnsFor(600, 48, 4, 64)).toBe(11);
    expect(columnsFor(600, 48, 4, 8)).toBe(8);
    expect(columnsFor(20, 48, 4, 8)).toBe(1);
  });

  it('shrinks tiles a little when that saves a row, and balances the rows', () => {
    // 8 maps of 12x12 aim at 60 px tiles: 7 fit in 480 px; at 48 px all 8 fit in one row.
    expect(fitTiles(480, 12, 12, 8, 56, 4)).toEqual({ cellSize: 4, columns: 8 });
    // 16 maps of 8x8: 56 px tiles need 3 rows in 460 px, 48 px ones 2 rows of 8.
    expect(fitTiles(460, 8, 8, 16, 56, 4)).toEqual({ cellSize: 6, columns: 8 });
    // Room for all at the target size: unchanged.
    expect(fitTiles(1000, 24, 24, 8, 56, 4)).toEqual({ cellSize: 2, columns: 8 });
    // Never under 70 % of the target: 64 maps of 14x14 take rows, balanced (11 a row fit: 6 rows of 11, 11, 11, 11, 10, 10).
    const many = fitTiles(600, 14, 14, 64, 36, 4);
    expect(many.cellSize).toBeGreaterThanOrEqual(2);
    expect(Math.ceil(64 / many.columns)).toBe(Math.ceil(64 / columnsFor(600, 14 * many.cellSize, 4, 64)));
    // One cell a pixel stays one.
    expect(fitTiles(100, 200, 200, 4, 56, 4)).toEqual({ cellSize: 1, columns: 1 });
  });

  it('wraps a vector into rows, blank (NaN) past its end', () => {
    const { rows, columns, grid } = wrapVector(Float32Array.from([1, 2, 3, 4, 5]), 2);
    expect([rows, columns]).toEqual([3, 2]);
    expect(Array.from(grid.slice(0, 5))).toEqual([1, 2, 3, 4, 5]);
    expect(grid[5]).toBeNaN();
    expect(vectorLayout(10, 300)).toEqual({ columns: 18, cellSize: 16 });
    expect(vectorLayout(3136, 600)).toEqual({ columns: 300, cellSize: 2 });
  });

  it('counts channels on the last axis of a map, one for a vector', () => {
    expect(channelCount([24, 24, 8])).toBe(8);
    expect(channelCount([128])).toBe(1);
  });
});

describe('scalesFor', () => {
  // Two layers: a [1, 2, 2] map (channel 0: 0 and 4; channel 1: 1 and 2) and a signed vector.
  const layers = [
    { values: Float32Array.from([0, 1, 4, 2]), shape: [1, 2, 2] },
    { values: Float32Array.from([-3, 1]), shape: [2] },
  ];

  it('per channel: each channel its own range', () => {
    const [map] = scalesFor(layers, 'channel');
    expect(map?.(0).domain).toEqual([0, 4]);
    expect(map?.(1).domain).toEqual([1, 2]);
  });

  it('per layer: one range per layer, diverging where values are signed', () => {
    const [map, vector] = scalesFor(layers, 'layer');
    expect(map?.(0).domain).toEqual([0, 4]);
    expect(map?.(1)).toBe(map?.(0));
    expect(vector?.(0)).toMatchObject({ kind: 'diverging', domain: [-3, 3] });
  });

  it('whole network: one range for all', () => {
    const [map, vector] = scalesFor(layers, 'network');
    expect(map?.(1)).toBe(vector?.(0));
    expect(map?.(0)).toMatchObject({ kind: 'diverging', domain: [-4, 4] });
  });
});
