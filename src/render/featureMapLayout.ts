/**
 * How the inside view lays out and colours a layer's output: pure arithmetic on shapes and values,
 * shared by the feature-map and filter views.
 */
import { createColorScale, valueRange, type ColorScale } from './colorScale';

/** CSS pixels a tile aims for, by how many tiles a layer has: few large maps, many smaller ones. */
export function targetTileSize(channels: number): number {
  if (channels <= 16) return 56;
  if (channels <= 32) return 44;
  return 36;
}

/**
 * Whole CSS pixels per cell so that a map of height x width comes close to `target` pixels on its
 * longer side; at least 1, so each cell stays a crisp square.
 */
export function cellSizeFor(height: number, width: number, target: number): number {
  return Math.max(1, Math.round(target / Math.max(1, height, width)));
}

/** Tiles of `tileWidth` px that fit one row of `available` px with `gap` px between them (at least 1). */
export function columnsFor(available: number, tileWidth: number, gap: number, channels: number): number {
  const fit = Math.floor((available + gap) / (tileWidth + gap));
  return Math.max(1, Math.min(channels, fit));
}

/**
 * Cell size and tiles per row for `channels` maps of height x width in `available` px: the cell
 * size that aims at `target` px a tile, or a smaller one (down to 70 % of it, never under 1) when
 * that saves a row; then the rows are balanced (16 maps in 2 rows are 8 and 8, not 9 and 7), so
 * a layer shows all its channels in as few rows as it can and none alone on a last row.
 */
export function fitTiles(available: number, height: number, width: number, channels: number, target: number, gap: number): { cellSize: number; columns: number } {
  const largest = cellSizeFor(height, width, target);
  const smallest = Math.max(1, Math.min(largest, Math.ceil(largest * 0.7)));
  let best = { cellSize: largest, rows: Infinity };
  for (let cell = largest; cell >= smallest; cell--) {
    const rows = Math.ceil(channels / columnsFor(available, width * cell, gap, channels));
    if (rows < best.rows) best = { cellSize: cell, rows };
  }
  return { cellSize: best.cellSize, columns: Math.ceil(channels / best.rows) };
}

/** A vector of n units laid out as a grid of `columns` cells per row: its rows, and the value grid with NaN past the end. */
export function wrapVector(values: Float32Array, columns: number): { rows: number; columns: number; grid: Float32Array } {
  const cols = Math.max(1, Math.min(columns, values.length || 1));
  const rows = Math.max(1, Math.ceil(values.length / cols));
  const grid = new Float32Array(rows * cols).fill(NaN);
  grid.set(values);
  return { rows, columns: cols, grid };
}

/** Cells per row and the cell size for a vector of n units in `available` px: up to 16 px a cell, at least 2. */
export function vectorLayout(n: number, available: number): { columns: number; cellSize: number } {
  const cellSize = Math.max(2, Math.min(16, Math.floor(available / Math.max(1, n))));
  return { columns: Math.max(1, Math.floor(available / cellSize)), cellSize };
}

/** How colours are scaled: each map on its own, each layer on its own, or one range for all. */
export const SCALE_MODES = ['channel', 'layer', 'network'] as const;
export type ScaleMode = (typeof SCALE_MODES)[number];

/** One layer's values, channels last: a [h, w, c] map or a [n] vector (one channel). */
export interface LayerValues {
  values: Float32Array;
  shape: readonly number[];
}

/** The channels of a layer: the last axis of a map, 1 for a vector. */
export const channelCount = (shape: readonly number[]): number => (shape.length === 3 ? (shape[2] ?? 1) : 1);

/**
 * The colour scale of every channel of every layer for a scale mode: each channel its own range,
 * each layer one range, or one range across the given layers. Returns, per layer, a function of
 * the channel. A range with negative values gets the diverging scale, else the sequential one.
 */
export function scalesFor(layers: readonly LayerValues[], mode: ScaleMode): ((channel: number) => ColorScale)[] {
  const layerRanges = layers.map((l) => valueRange(l.values));
  if (mode === 'network') {
    const min = Math.min(...layerRanges.map((r) => r[0]));
    const max = Math.max(...layerRanges.map((r) => r[1]));
    const shared = createColorScale(Number.isFinite(min) ? min : 0, Number.isFinite(max) ? max : 0);
    return layers.map(() => () => shared);
  }
  if (mode === 'layer') {
    return layerRanges.map(([min, max]) => {
      const scale = createColorScale(min, max);
      return () => scale;
    });
  }
  return layers.map((l) => {
    const channels = channelCount(l.shape);
    const count = l.values.length / channels;
    const scales = Array.from({ length: channels }, (_, c) => {
      const [min, max] = valueRange(l.values, c, channels, count);
      return createColorScale(min, max);
    });
    return (channel: number) => scales[channel] ?? scales[0] ?? createColorScale(0, 0);
  });
}
