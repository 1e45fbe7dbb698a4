import type { CellBox } from '../core/math/receptiveField';
import type { ColorScale } from './colorScale';
import { theme } from './theme';

/** Channels-last maps [height, width, channels]; NaN cells are left blank. */
export interface HeatmapGridData {
  values: Float32Array;
  height: number;
  width: number;
  channels: number;
  /** The colour scale of each channel (the same object for all when the layer shares one). */
  scaleOf(channel: number): ColorScale;
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
    if (source.width !== width * channels || source.height !== height) {
      source.width = width * channels;
      source.height = height;
    }
    const image = sourceContext.createImageData(width * channels, height);
    const pixels = image.data;
    for (let c = 0; c < channels; c++) {
      const scale = d.scaleOf(c);
      const lut = scale.lut;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const v = values[(y * width + x) * channels + c] ?? NaN;
          const o = (y * width * channels + c * width + x) * 4;
          if (Number.isNaN(v)) continue;
          const i = scale.index(v) * 4;
          pixels[o] = lut[i] ?? 0;
          pixels[o + 1] = lut[i + 1] ?? 0;
          pixels[o + 2] = lut[i + 2] ?? 0;
          pixels[o + 3] = 255;
        }
      }
    }
    sourceContext.putImageData(image, 0, 0);
  };

  const draw = () => {
    frame = 0;
    if (!data) return;
    if (imageDirty) writeImage(data);
    imageDirty = false;
    const [tileWidth, tileHeight] = tileSize(data);
    const rows = Math.ceil(data.channels / options.columns);
    const cssWidth = Math.min(data.channels, options.columns) * (tileWidth + options.gap) - options.gap;
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
    for (let c = 0; c < data.channels; c++) {
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
      if (channel >= data.channels || cellCol >= data.width || cellRow >= data.height) return null;
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
