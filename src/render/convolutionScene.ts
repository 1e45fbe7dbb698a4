import type { ColorScale } from './colorScale';
import { theme } from './theme';

/** One channel of a map as a grid of numbers, row-major. */
export interface Grid {
  values: Float32Array;
  height: number;
  width: number;
}

/** A cell the window covers, in the padded input's frame (relative to the unpadded input, so border rows are negative). */
export interface SceneTap {
  row: number;
  col: number;
  /** The input cell a border tap copies; null for a zero (or a cell inside the input, which is its own source). */
  source: { row: number; col: number } | null;
}

export interface ConvolutionScene {
  /** The input channel drawn, unpadded. */
  input: Grid;
  inputScale: ColorScale;
  pads: { top: number; bottom: number; left: number; right: number };
  /** The value of input coordinate (row, col) in the padded frame: a border cell's copy, 0 or null (nothing, for pools). */
  paddedValue(row: number, col: number): number | null;
  /** Where the window sits now: its taps, and the span it covers [row0, row1] x [col0, col1] (inclusive). */
  taps: readonly SceneTap[];
  span: { rowStart: number; rowEnd: number; colStart: number; colEnd: number };
  /** The kernel slice for the drawn channels (a pool has none), and its dilation: taps are `dilation` cells apart. */
  kernel: Grid | null;
  kernelScale: ColorScale | null;
  dilation: [number, number];
  /** The tap that decides a max pool, as an index into `taps`; null otherwise. */
  winner: number | null;
  /** The output channel, filled in up to and including (row, col) in row-major order. */
  output: Grid;
  outputScale: ColorScale;
  current: { row: number; col: number };
}

export interface ConvolutionCanvases {
  input: HTMLCanvasElement;
  kernel: HTMLCanvasElement;
  output: HTMLCanvasElement;
}

export interface SceneLayout {
  /** CSS pixels per cell of the input, the kernel and the output. */
  inputCell: number;
  kernelCell: number;
  outputCell: number;
}

export interface ConvolutionRenderer {
  /** A new scene; drawn on the next animation frame. */
  update(scene: ConvolutionScene, layout: SceneLayout): void;
  /** The cell of one canvas under a pointer at client coordinates: padded-frame coordinates for the input, kernel row/col (undilated), output row/col. */
  cellAt(which: keyof ConvolutionCanvases, clientX: number, clientY: number): { row: number; col: number } | null;
  destroy(): void;
}

/** Cells at most this many pixels across get no value written in them (the digits would not fit). */
const MIN_TEXT_CELL = 26;

function sizeCanvas(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(cssWidth * ratio));
  const height = Math.max(1, Math.round(cssHeight * ratio));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
    canvas.style.width = `${cssWidth}px`;
    canvas.style.height = `${cssHeight}px`;
  }
  const context = canvas.getContext('2d');
  context?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return context;
}

/** Dark text on light cells and white on dark ones, from a scale colour ('#rrggbb'). */
function textColourOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) || 0);
  const luminance = (0.299 * (r ?? 0) + 0.587 * (g ?? 0) + 0.114 * (b ?? 0)) / 255;
  return luminance > 0.55 ? theme.text : '#ffffff';
}

function formatCell(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  return abs >= 10 ? v.toFixed(0) : abs >= 1 ? v.toFixed(1) : v.toFixed(2).replace(/^(-?)0\./, '$1.');
}

function outline(context: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, colour: string, width: number): void {
  context.strokeStyle = theme.heatmap.outlineHalo;
  context.lineWidth = width + 2;
  context.strokeRect(x, y, w, h);
  context.strokeStyle = colour;
  context.lineWidth = width;
  context.strokeRect(x, y, w, h);
}

/**
 * Draws a kernel sliding over one input channel on three canvases: the padded input with the
 * window, its taps and (for a border) the cells the border copies; the kernel with its dilation
 * gaps; and the output filling in, position by position. Drawn on animation frames, at most once
 * a frame however often the scene changes.
 */
export function createConvolutionRenderer(canvases: ConvolutionCanvases): ConvolutionRenderer {
  let scene: ConvolutionScene | null = null;
  let layout: SceneLayout = { inputCell: 10, kernelCell: 24, outputCell: 10 };
  let frame = 0;

  /** The padded input without the window: drawn again only when its cells, colours or size change. */
  const inputBase = document.createElement('canvas');
  let inputBaseKey = '';

  const drawInputBase = (s: ConvolutionScene, cell: number, rows: number, cols: number) => {
    const { input, pads } = s;
    const cells: (number | null)[] = [];
    for (let r = -pads.top; r < input.height + pads.bottom; r++) {
      for (let c = -pads.left; c < input.width + pads.right; c++) {
        const inside = r >= 0 && r < input.height && c >= 0 && c < input.width;
        cells.push(inside ? (input.values[r * input.width + c] ?? NaN) : s.paddedValue(r, c));
      }
    }
    const key = `${cell};${rows}x${cols};${pads.top},${pads.left};${s.inputScale.kind}:${s.inputScale.domain.join()};${cells.join()}`;
    if (key === inputBaseKey) return;
    inputBaseKey = key;
    const context = sizeCanvas(inputBase, cols * cell, rows * cell);
    if (!context) return;
    context.clearRect(0, 0, cols * cell, rows * cell);
    context.font = `${Math.min(12, Math.floor(cell * 0.4))}px system-ui, sans-serif`;
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    cells.forEach((v, i) => {
      const r = Math.floor(i / cols) - pads.top;
      const c = (i % cols) - pads.left;
      const x = (c + pads.left) * cell;
      const y = (r + pads.top) * cell;
      const inside = r >= 0 && r < input.height && c >= 0 && c < input.width;
      const colour = v === null || Number.isNaN(v) ? theme.heatmap.blank : s.inputScale.css(v);
      context.fillStyle = colour;
      context.fillRect(x, y, cell, cell);
      if (!inside) {
        // The border: washed out and hatched, so it reads as added, not as part of the image.
        context.fillStyle = 'rgba(255, 255, 255, 0.45)';
        context.fillRect(x, y, cell, cell);
        context.strokeStyle = 'rgba(31, 41, 51, 0.35)';
        context.lineWidth = 1;
        context.beginPath();
        context.moveTo(x, y + cell);
        context.lineTo(x + cell, y);
        context.stroke();
      }
      if (cell >= MIN_TEXT_CELL && v !== null && !Number.isNaN(v)) {
        context.fillStyle = inside ? textColourOn(colour) : theme.text;
        context.fillText(formatCell(v), x + cell / 2, y + cell / 2);
      }
    });
    // The edge of the real input, so the border's extent is plain.
    context.strokeStyle = theme.text;
    context.lineWidth = 1;
    context.strokeRect(pads.left * cell + 0.5, pads.top * cell + 0.5, input.width * cell - 1, input.height * cell - 1);
  };

  const drawInput = (s: ConvolutionScene) => {
    const { input, pads } = s;
    const rows = input.height + pads.top + pads.bottom;
    const cols = input.width + pads.left + pads.right;
    const cell = layout.inputCell;
    drawInputBase(s, cell, rows, cols);
    const context = sizeCanvas(canvases.input, cols * cell, rows * cell);
    if (!context) return;
    context.clearRect(0, 0, cols * cell, rows * cell);
    context.drawImage(inputBase, 0, 0, cols * cell, rows * cell);
    // The cells the border copies, then the window's span, then each tap.
    for (const tap of s.taps) {
      if (!tap.source) continue;
      outline(context, (tap.source.col + pads.left) * cell + 2, (tap.source.row + pads.top) * cell + 2, cell - 4, cell - 4, theme.series.loss, 1.5);
    }
    const { rowStart, rowEnd, colStart, colEnd } = s.span;
    outline(context, (colStart + pads.left) * cell, (rowStart + pads.top) * cell, (colEnd - colStart + 1) * cell, (rowEnd - rowStart + 1) * cell, theme.heatmap.focus, 2);
    s.taps.forEach((tap, i) => {
      const colour = i === s.winner ? theme.series.loss : theme.heatmap.outline;
      outline(context, (tap.col + pads.left) * cell + 1, (tap.row + pads.top) * cell + 1, cell - 2, cell - 2, colour, i === s.winner ? 2.5 : 1);
    });
  };

  /** The kernel changes with the weights, not with the position: it is drawn again only when it does. */
  let kernelKey = '';

  const drawKernel = (s: ConvolutionScene) => {
    const { kernel, kernelScale, dilation } = s;
    const key = kernel && kernelScale ? `${layout.kernelCell};${dilation.join()};${kernel.height}x${kernel.width};${kernelScale.domain.join()};${Array.from(kernel.values).join()}` : 'none';
    if (key === kernelKey) return;
    kernelKey = key;
    if (!kernel || !kernelScale) {
      sizeCanvas(canvases.kernel, 1, 1)?.clearRect(0, 0, 1, 1);
      return;
    }
    const cell = layout.kernelCell;
    const rows = (kernel.height - 1) * dilation[0] + 1;
    const cols = (kernel.width - 1) * dilation[1] + 1;
    const context = sizeCanvas(canvases.kernel, cols * cell, rows * cell);
    if (!context) return;
    context.clearRect(0, 0, cols * cell, rows * cell);
    // The gaps of a dilated kernel: dotted, empty cells between the weights.
    context.strokeStyle = theme.heatmap.blank;
    context.setLineDash([2, 2]);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) context.strokeRect(c * cell + 0.5, r * cell + 0.5, cell - 1, cell - 1);
    context.setLineDash([]);
    context.font = `${Math.min(11, Math.floor(cell * 0.36))}px system-ui, sans-serif`;
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    for (let r = 0; r < kernel.height; r++) {
      for (let c = 0; c < kernel.width; c++) {
        const v = kernel.values[r * kernel.width + c] ?? 0;
        const x = c * dilation[1] * cell;
        const y = r * dilation[0] * cell;
        const colour = kernelScale.css(v);
        context.fillStyle = colour;
        context.fillRect(x, y, cell, cell);
        context.strokeStyle = theme.heatmap.outline;
        context.lineWidth = 1;
        context.strokeRect(x + 0.5, y + 0.5, cell - 1, cell - 1);
        if (cell >= MIN_TEXT_CELL) {
          context.fillStyle = textColourOn(colour);
          context.fillText(formatCell(v), x + cell / 2, y + cell / 2);
        }
      }
    }
  };

  const drawOutput = (s: ConvolutionScene) => {
    const { output, current } = s;
    const cell = layout.outputCell;
    const context = sizeCanvas(canvases.output, output.width * cell, output.height * cell);
    if (!context) return;
    context.clearRect(0, 0, output.width * cell, output.height * cell);
    const done = current.row * output.width + current.col;
    for (let r = 0; r < output.height; r++) {
      for (let c = 0; c < output.width; c++) {
        const filled = r * output.width + c <= done;
        const v = output.values[r * output.width + c] ?? NaN;
        context.fillStyle = filled && !Number.isNaN(v) ? s.outputScale.css(v) : theme.heatmap.blank;
        context.fillRect(c * cell, r * cell, cell, cell);
      }
    }
    context.strokeStyle = theme.background;
    context.lineWidth = 1;
    for (let r = 1; r < output.height; r++) {
      context.beginPath();
      context.moveTo(0, r * cell);
      context.lineTo(output.width * cell, r * cell);
      context.stroke();
    }
    for (let c = 1; c < output.width; c++) {
      context.beginPath();
      context.moveTo(c * cell, 0);
      context.lineTo(c * cell, output.height * cell);
      context.stroke();
    }
    outline(context, current.col * cell + 1, current.row * cell + 1, cell - 2, cell - 2, theme.heatmap.focus, 2.5);
  };

  const draw = () => {
    frame = 0;
    if (!scene) return;
    drawInput(scene);
    drawKernel(scene);
    drawOutput(scene);
  };

  return {
    update(next, nextLayout) {
      scene = next;
      layout = nextLayout;
      if (frame === 0) frame = requestAnimationFrame(draw);
    },
    cellAt(which, clientX, clientY) {
      if (!scene) return null;
      const rect = canvases[which].getBoundingClientRect();
      const x = clientX - rect.left;
      const y = clientY - rect.top;
      if (which === 'input') {
        const cell = layout.inputCell;
        const row = Math.floor(y / cell) - scene.pads.top;
        const col = Math.floor(x / cell) - scene.pads.left;
        const inRange = row >= -scene.pads.top && row < scene.input.height + scene.pads.bottom && col >= -scene.pads.left && col < scene.input.width + scene.pads.right;
        return inRange ? { row, col } : null;
      }
      if (which === 'kernel') {
        if (!scene.kernel) return null;
        const cell = layout.kernelCell;
        const r = Math.floor(y / cell);
        const c = Math.floor(x / cell);
        if (r % scene.dilation[0] !== 0 || c % scene.dilation[1] !== 0) return null;
        const row = r / scene.dilation[0];
        const col = c / scene.dilation[1];
        return row >= 0 && row < scene.kernel.height && col >= 0 && col < scene.kernel.width ? { row, col } : null;
      }
      const cell = layout.outputCell;
      const row = Math.floor(y / cell);
      const col = Math.floor(x / cell);
      return row >= 0 && row < scene.output.height && col >= 0 && col < scene.output.width ? { row, col } : null;
    },
    destroy() {
      cancelAnimationFrame(frame);
      scene = null;
    },
  };
}
