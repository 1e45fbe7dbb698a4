/**
 * Receptive fields: which input pixels (and which cells of each earlier layer) can influence one
 * output cell of a spatial layer. Pure arithmetic on the spec and the shapes analyzeNetwork infers.
 */
import { analyzeNetwork } from '../analysis/analyze';
import type { LayerAnalysis } from '../analysis/analysisTypes';
import { effectiveKernelSize, type PaddingMode } from './convMath';
import type { LayerSpec, NetworkSpec, TensorShape } from '../spec/spec';
import { paddedSource } from './convolution';
import { slidingWindowOf } from './slidingWindow';

/** Inclusive cell ranges along both spatial axes: rows [r0, r1], columns [c0, c1]. */
export interface CellBox {
  rowStart: number;
  rowEnd: number;
  colStart: number;
  colEnd: number;
}

export interface ReceptiveField {
  /** The input pixels (network input, [h, w]) that can influence the cell: their bounding box, clipped to the image. */
  input: CellBox;
  /** For each earlier layer j < layerIndex (index j = spec layer j): the box of its output cells feeding the cell; null for none (never happens for spatial chains, kept for safety). Entry layerIndex is the cell itself. */
  layers: (CellBox | null)[];
}

export interface ReceptiveFieldSize {
  /** Unclipped span in input pixels, [h, w]. */
  size: [number, number];
  /** Input pixels between neighbouring cells, [h, w]. */
  jump: [number, number];
}

/** One axis of a sliding window: kernel (or pool) size k, stride s, dilation d, `before` cells of padding filled in `mode`. */
interface AxisWindow {
  k: number;
  s: number;
  d: number;
  before: number;
  mode: PaddingMode;
}

/** The window of a conv or pool layer per axis [rows, cols]; null for layers that map each cell to itself. */
function axesOf(layer: LayerSpec, input: TensorShape | null): [AxisWindow, AxisWindow] | null {
  const window = slidingWindowOf(layer, input);
  if (!window) return null;
  const { kernel: k, strides: s, dilation: d, pads, mode } = window;
  return [
    { k: k[0], s: s[0], d: d[0], before: pads.top, mode },
    { k: k[1], s: s[1], d: d[1], before: pads.left, mode },
  ];
}

const isMap = (shape: readonly number[] | null): shape is [number, number, number] => shape !== null && shape.length === 3;

/** The analyses of layers 0..layerIndex when every one of them maps an [h, w, c] input to an [h, w, c] output; else null. */
function spatialChain(spec: NetworkSpec, layerIndex: number): LayerAnalysis[] | null {
  if (!Number.isInteger(layerIndex) || layerIndex < 0 || layerIndex >= spec.layers.length) return null;
  const chain = analyzeNetwork(spec).layers.slice(0, layerIndex + 1);
  if (chain.length !== layerIndex + 1) return null;
  return chain.every((layer) => isMap(layer.inputShape) && isMap(layer.outputShape)) ? chain : null;
}

/**
 * The input positions along one axis (input length n) read by the given output positions:
 * output i reads i*s - before + t*d for t = 0..k-1; positions outside [0, n-1] are padding: zeros
 * read nothing, the other modes read the input cell they copy (paddedSource). Exact sets rather
 * than ranges, so dilation gaps and clipping compose correctly across layers.
 */
function readPositions(outputs: readonly number[], n: number, w: AxisWindow): number[] {
  const before = w.before;
  const hit = new Array<boolean>(n).fill(false);
  for (const i of outputs) {
    for (let t = 0; t < w.k; t += 1) {
      const x = i * w.s - before + t * w.d;
      // A border cell of a reflect, replicate or circular padding copies a real cell, which it then reads.
      const source = paddedSource(x, n, w.mode);
      if (source !== null) hit[source] = true;
    }
  }
  return hit.flatMap((isHit, x) => (isHit ? [x] : []));
}

/** Bounding box of sorted row and column position lists; null when either is empty. */
function boxOf(rows: readonly number[], cols: readonly number[]): CellBox | null {
  const [rowStart, rowEnd, colStart, colEnd] = [rows[0], rows.at(-1), cols[0], cols.at(-1)];
  if (rowStart === undefined || rowEnd === undefined || colStart === undefined || colEnd === undefined) return null;
  return { rowStart, rowEnd, colStart, colEnd };
}

/**
 * The receptive field of output cell (row, col) of spec layer `layerIndex`, or null when that
 * layer's output is not a spatial [h, w, c] map (global pools, flatten, dense and everything after a
 * flatten), or when the network's shapes are invalid up to that layer, or the cell is out of range.
 *
 * Math, per axis and walking back from layerIndex to the input: a conv (kernel k, stride s,
 * dilation d) or pool (pool size k, stride s, d = 1) with input length n maps output cell i to
 * input positions i*s - before + t*d, t = 0..k-1, where before is the top (left) padding that
 * slidingWindowOf gives: 0 for 'valid', samePadding(n, k, s, d)[0] for 'same' (tfjs puts the odd
 * padding cell after, so a stride-2 'same' layer on an even input pads nothing before), p for
 * explicit padding p. Positions outside [0, n-1] are padding: zero padding (and every pool's)
 * feeds nothing; reflect, replicate and circular borders copy a real input cell, which the
 * position then reads. activation, dropout and batchNorm map each cell to itself. The exact position sets
 * are carried layer by layer and reported as bounding boxes. Also null in the corner case where no
 * input pixel reaches the cell at all (a dilated 'same' kernel that jumps over a tiny input).
 */
export function receptiveField(spec: NetworkSpec, layerIndex: number, row: number, col: number): ReceptiveField | null {
  const chain = spatialChain(spec, layerIndex);
  const out = chain?.[layerIndex]?.outputShape;
  if (!chain || !out) return null;
  const [h = 0, w = 0] = out;
  if (!Number.isInteger(row) || !Number.isInteger(col) || row < 0 || col < 0 || row >= h || col >= w) return null;

  let rows = [row];
  let cols = [col];
  const layers: (CellBox | null)[] = new Array<CellBox | null>(layerIndex + 1).fill(null);
  layers[layerIndex] = boxOf(rows, cols);
  for (let j = layerIndex; j >= 0; j -= 1) {
    const layer = spec.layers[j];
    const inputShape = chain[j]?.inputShape ?? null;
    const [n = 0, m = 0] = inputShape ?? [];
    const window = layer ? axesOf(layer, inputShape) : null;
    if (window) {
      rows = readPositions(rows, n, window[0]);
      cols = readPositions(cols, m, window[1]);
    }
    if (j > 0) layers[j - 1] = boxOf(rows, cols);
  }
  const input = boxOf(rows, cols);
  return input ? { input, layers } : null;
}

/** One axis of a layer's cells over the input: field size, centre of cell 0, and the step between cells (input pixels). */
interface AxisField {
  size: number;
  start: number;
  jump: number;
}

/**
 * The walk behind receptiveFieldSizes and receptiveFieldCentres: per spec layer, both axes' field
 * size, cell-0 centre and jump, from size 1, start 0 and jump 1 at the input; null for layers whose
 * output is not a spatial [h, w, c] map, for every layer after one, and once the shapes are unknown.
 * A window of size k, stride s, dilation d with `before` cells of padding before its input gives
 * size' = size + (d(k-1)+1 - 1) * jump, start' = start + (d(k-1)/2 - before) * jump, jump' = jump * s;
 * cell-wise layers keep all three.
 */
function walkFields(spec: NetworkSpec): ([AxisField, AxisField] | null)[] {
  const analyses = analyzeNetwork(spec).layers;
  const identity: AxisField = { size: 1, start: 0, jump: 1 };
  let current: [AxisField, AxisField] | null = [identity, identity];
  return spec.layers.map((layer, index) => {
    const analysis = analyses[index];
    if (!current || !analysis || !isMap(analysis.inputShape) || !isMap(analysis.outputShape)) {
      current = null;
      return null;
    }
    const window = axesOf(layer, analysis.inputShape);
    if (window) {
      const step = (field: AxisField, { k, s, d, before }: AxisWindow): AxisField => ({
        size: field.size + (effectiveKernelSize(k, d) - 1) * field.jump,
        start: field.start + ((d * (k - 1)) / 2 - before) * field.jump,
        jump: field.jump * s,
      });
      current = [step(current[0], window[0]), step(current[1], window[1])];
    }
    return current;
  });
}

/**
 * For each spec layer, the theoretical (unclipped, padding ignored) receptive-field size of one
 * of its cells in input pixels, [h, w], and its jump (input pixels between neighbouring cells);
 * null for layers whose output is not a spatial [h, w, c] map, for every layer after one, and
 * once the shapes are unknown. Per axis, starting from size 1 and jump 1 at the input, a window
 * of size k, stride s, dilation d gives size' = size + (d(k-1)+1 - 1) * jump and jump' = jump * s;
 * cell-wise layers keep both.
 */
export function receptiveFieldSizes(spec: NetworkSpec): (ReceptiveFieldSize | null)[] {
  return walkFields(spec).map((axes) => (axes ? { size: [axes[0].size, axes[1].size], jump: [axes[0].jump, axes[1].jump] } : null));
}

/** Where the cells of a spatial layer sit over the input, per axis [rows, cols]. */
export interface CellCentres {
  /** Centre of cell 0's receptive field, in input pixels (pixel i is centred at i); may be fractional or outside the image. */
  start: [number, number];
  /** Input pixels between neighbouring cells' centres. */
  jump: [number, number];
}

/**
 * For each spec layer, the centre of each of its cells' receptive fields in input pixels: cell
 * (i, j) is centred at (start[0] + i * jump[0], start[1] + j * jump[1]). Null where
 * receptiveFieldSizes is null (outputs that are not [h, w, c] maps, everything after one).
 * Per axis, starting from start 0 and jump 1 at the input, a window of size k, stride s, dilation d
 * with `before` cells of padding before the input (slidingWindowOf's top or left pad) puts output
 * cell i over layer-input position i*s - before + d(k-1)/2, so start' = start + (d(k-1)/2 - before) * jump
 * and jump' = jump * s; cell-wise layers keep both. This is the centre of the unclipped field: for a
 * cell that reads padding it lies nearer the border than the real pixels it reads.
 */
export function receptiveFieldCentres(spec: NetworkSpec): (CellCentres | null)[] {
  return walkFields(spec).map((axes) => (axes ? { start: [axes[0].start, axes[1].start], jump: [axes[0].jump, axes[1].jump] } : null));
}
