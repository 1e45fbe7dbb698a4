import type { CellBox } from '../core/math/receptiveField';
import type { ColorScale } from './colorScale';
import { theme } from './theme';

/**
 * One tile of the grid: one channel through its colour scale, or three channels shown as the red,
 * green and blue of one colour image, each mapped linearly from `range` to 0..255.
 */
export type GridTile = { channel: number } | { rgb: readonly [number, number, number]; range: readonly [number, number] };

/** Channels-last maps [height, width, channels]; NaN cells are left blank. */
export interface HeatmapGridData {
  values: Float32Array;
  height: number;
  width: number;
  channels: number;
  /** The colour scale of each channel (the same object for all when the layer shares one). */
  scaleOf(channel: number): ColorScale;
  /** What each tile shows, in order; absent: one tile per channel. Cells report the tile's index. */
  tiles?: readonly GridTile[];
}

/** The tiles a grid draws for `data`. */
export function tilesOf(data: Pick<HeatmapGridData, 'channels' | 'tiles'>): readonly GridTile[] {
  return data.tiles ?? Array.from({ length: data.channels }, (_, channel) => ({ channel }));
}

/** A [h, w, 3] image as one colour tile, values in `range` (pixels: [0, 1]). */
export const colourImage = (range: readonly [number, number] = [0, 1]): GridTile[] => [{ rgb: [0, 1, 2], range }];

/** How an input image is drawn: a colour image as one colour tile, a grey one through its scale. */
export const imageTiles = (channels: number): GridTile[] | undefined => (channels === 3 ? colourImage() : undefined);

/** What channels 0, 1 and 2 of a colour image are. */
export const RGB_CHANNEL_NAMES = ['red', 'green', 'blue'] as const;

/** The colour image, then each of its three channels through the scale: what a network reads of a colour input. */
export const colourAndChannels = (range: readonly [number, number] = [0, 1]): GridTile[] => [...colourImage(range), { channel: 0 }, { channel: 1 }, { channel: 2 }];

/** Groups of three consecutive channels (filter k's red, green and blue weights) as colour tiles. */
export function colourTriples(channels: number, range: readonly [number, number]): GridTile[] {
  return Array.from({ length: Math.floor(channels / 3) }, (_, k) => ({ rgb: [3 * k, 3 * k + 1, 3 * k + 2] as const, range }));
}

/** The channel a tile reads for a single value (a colour tile: its red channel); null past the last tile. */
export function channelOfTile(data: Pick<HeatmapGridData, 'channels' | 'tiles'>, tile: number): number | null {
  const t = tilesOf(data)[tile];
  if (!t) return null;
  return 'channel' in t ? t.channel : t.rgb[0];
}

export interface HeatmapGridOptions {
  /** CSS pixels per cell (an integer keeps the cells crisp). */
  cellSize: number;
  /** CSS pixels between tiles. */
  gap: number;
  /** Tiles per row. */
  columns: number;
}

export interface HeatmapCell {
  /** The tile's index: the channel, unless the data names its tiles. */
  channel: number;
  row: number;
  col: number;
}

export interface HeatmapGridRenderer {
  /** New values; drawn on the next animation frame. */
  update(data: HeatmapGridData): void;
  /** Outlines these cells on every tile (a receptive field); null clears it. */
  setHighlight(range: CellBox | null): void;
  /** New cell size or tile columns (the space available changed). */
  setLayout(layout: Partial<HeatmapGridOptions>): void;
  /** Marks one tile as the focused or selected channel; null for none. */
  setFocus(channel: number | null): void;
  /** The cell under a point given in CSS pixels from the canvas' top-left, or null between tiles. */
  cellAt(x: number, y: number): HeatmapCell | null;
  /** The cell under a pointer at these client (viewport) coordinates. */
  cellAtClient(clientX: number, clientY: number): HeatmapCell | null;
  destroy(): void;
}

/** Where tile `channel` sits, in CSS pixels. */
export function tileOrigin(channel: number, tileWidth: number, tileHeight: number, options: Pick<HeatmapGridOptions, 'gap' | 'columns'>): [number, number] {
  const col = channel % options.columns;
  const row = Math.floor(channel / options.columns);
  return [col * (tileWidth + options.gap), row * (tileHeight + options.gap)];
}

/**
 * Draws every channel of a layer as a small heat map, all in one canvas: the cells are written
 * once into an offscreen image (one pixel per cell) and scaled up without smoothing, so a 64-channel
 * 24x24 layer costs one putImageData and 64 drawImage calls per frame, not 36,864 DOM nodes.
 */
export function createHeatmapGridRenderer(canvas: HTMLCanvasElement, initialOptions: HeatmapGridOptions): HeatmapGridRenderer {
  let options = { ...initialOptions };
  const context = canvas.getContext('2d');
  const source = document.createElement('canvas');
  const sourceContext = source.getContext('2d');
  if (!context || !sourceContext) throw new Error('This browser cannot draw on a canvas.');
  let data: HeatmapGridData | null = null;
  let highlight: CellBox | null = null;
  let focus: number | null = null;
  let imageDirty = false;
  let frame = 0;

  const tileSize = (d: HeatmapGridData): [number, number] => [d.width * options.cellSize, d.height * options.cellSize];

  const writeImage = (d: HeatmapGridData) => {
    const { width, height, channels, values } = d;
    const tiles = tilesOf(d);
    const count = tiles.length;
    if (source.width !== width * count || source.height !== height) {
      source.width = width * count;
      source.height = height;
    }
    const image = sourceContext.createImageData(Math.max(1, width * count), height);
    const pixels = image.data;
    tiles.forEach((tile, t) => {
      const scale = 'channel' in tile ? d.scaleOf(tile.channel) : null;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const at = (y * width + x) * channels;
          const o = (y * width * count + t * width + x) * 4;
          if ('channel' in tile && scale) {
            const v = values[at + tile.channel] ?? NaN;
            if (Number.isNaN(v)) continue;
            const i = scale.index(v) * 4;
            pixels[o] = scale.lut[i] ?? 0;
            pixels[o + 1] = scale.lut[i + 1] ?? 0;
            pixels[o + 2] = scale.lut[i + 2] ?? 0;
          } else if ('rgb' in tile) {
            const [lo, hi] = tile.range;
            const span = hi - lo || 1;
            // Uint8ClampedArray clamps and rounds; NaN becomes 0.
            for (let k = 0; k < 3; k++) pixels[o + k] = (((values[at + (tile.rgb[k] ?? 0)] ?? NaN) - lo) / span) * 255;
          }
          pixels[o + 3] = 255;
        }
      }
    });
    sourceContext.putImageData(image, 0, 0);
  };

  const draw = () => {
    frame = 0;
    if (!data) return;
    if (imageDirty) writeImage(data);
    imageDirty = false;
    const [tileWidth, tileHeight] = tileSize(data);
    const count = tilesOf(data).length;
    const rows = Math.ceil(count / options.columns);
    const cssWidth = Math.min(count, options.columns) * (tileWidth + options.gap) - options.gap;
    const cssHeight = rows * (tileHeight + options.gap) - options.gap;
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(cssWidth * ratio) || canvas.height !== Math.round(cssHeight * ratio)) {
      canvas.width = Math.round(cssWidth * ratio);
      canvas.height = Math.round(cssHeight * ratio);
      canvas.style.width = `${cssWidth}px`;
      canvas.style.height = `${cssHeight}px`;
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, cssWidth, cssHeight);
    context.imageSmoothingEnabled = false;
    for (let c = 0; c < count; c++) {
      const [x, y] = tileOrigin(c, tileWidth, tileHeight, options);
      context.fillStyle = theme.heatmap.blank;
      context.fillRect(x, y, tileWidth, tileHeight);
      context.drawImage(source, c * data.width, 0, data.width, data.height, x, y, tileWidth, tileHeight);
      if (highlight) {
        const s = options.cellSize;
        const box: [number, number, number, number] = [
          x + highlight.colStart * s + 1,
          y + highlight.rowStart * s + 1,
          (highlight.colEnd - highlight.colStart + 1) * s - 2,
          (highlight.rowEnd - highlight.rowStart + 1) * s - 2,
        ];
        context.strokeStyle = theme.heatmap.outlineHalo;
        context.lineWidth = 3;
        context.strokeRect(...box);
        context.strokeStyle = theme.heatmap.outline;
        context.lineWidth = 1.5;
        context.strokeRect(...box);
      }
      if (focus === c) {
        context.strokeStyle = theme.heatmap.focus;
        context.lineWidth = 3;
        context.strokeRect(x + 1.5, y + 1.5, tileWidth - 3, tileHeight - 3);
      }
    }
  };

  const request = () => {
    if (frame === 0) frame = requestAnimationFrame(draw);
  };

  return {
    update(next) {
      data = next;
      imageDirty = true;
      request();
    },
    setHighlight(range) {
      if (range === highlight || (range && highlight && JSON.stringify(range) === JSON.stringify(highlight))) return;
      highlight = range;
      request();
    },
    setLayout(layout) {
      const next = { ...options, ...layout };
      if (next.cellSize === options.cellSize && next.gap === options.gap && next.columns === options.columns) return;
      options = next;
      request();
    },
    setFocus(channel) {
      if (channel === focus) return;
      focus = channel;
      request();
    },
    cellAt(x, y) {
      if (!data) return null;
      const [tileWidth, tileHeight] = tileSize(data);
      const col = Math.floor(x / (tileWidth + options.gap));
      const row = Math.floor(y / (tileHeight + options.gap));
      if (col < 0 || row < 0 || col >= options.columns) return null;
      const channel = row * options.columns + col;
      const [x0, y0] = tileOrigin(channel, tileWidth, tileHeight, options);
      const cellCol = Math.floor((x - x0) / options.cellSize);
      const cellRow = Math.floor((y - y0) / options.cellSize);
      if (channel >= tilesOf(data).length || cellCol >= data.width || cellRow >= data.height) return null;
      return { channel, row: cellRow, col: cellCol };
    },
    cellAtClient(clientX, clientY) {
      const rect = canvas.getBoundingClientRect();
      return this.cellAt(clientX - rect.left, clientY - rect.top);
    },
    destroy() {
      cancelAnimationFrame(frame);
      data = null;
    },
  };
}
