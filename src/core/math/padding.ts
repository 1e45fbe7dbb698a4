/**
 * Padding and window output sizes for the reference math: which input cell a border cell reads in
 * each padding mode, a padded map, and the output-size formula worked with a student's numbers.
 */
import { effectiveKernelSize, samePadding, type PaddingMode, type Pads } from './convMath';
import { checkPads, isWhole, type FeatureMap } from './featureMap';

/**
 * The input index a coordinate reads along one axis of length n, or null when it reads a zero.
 * i is relative to the unpadded input: i < 0 or i >= n lies in the border.
 * - 'zeros': null in the border;
 * - 'reflect' (PyTorch's): mirror without repeating the edge, -1 -> 1, n -> n - 2. PyTorch requires
 *   pad < n; past that this keeps reflecting off both edges (a triangle wave of period 2(n - 1)),
 *   and n = 1 always reads 0. Validation elsewhere forbids such pads; this just stays total.
 * - 'replicate': clamp to the nearest edge;
 * - 'circular': wrap around (i mod n), for any distance.
 * Never throws: a non-integer i or n, or an empty axis (n <= 0), reads a zero.
 */
export function paddedSource(i: number, n: number, mode: PaddingMode): number | null {
  if (!Number.isInteger(i) || !Number.isInteger(n) || n <= 0) return null;
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'zeros':
      return null;
    case 'replicate':
      return i < 0 ? 0 : n - 1;
    case 'circular':
      return ((i % n) + n) % n;
    case 'reflect': {
      if (n === 1) return 0;
      const period = 2 * (n - 1);
      const m = ((i % period) + period) % period;
      return m < n ? m : period - m;
    }
    default:
      return null;
  }
}

/** The map with its border filled as `mode` says: what a conv with these pads slides over. */
export function padMap(map: FeatureMap, pads: Pads, mode: PaddingMode): FeatureMap {
  checkPads(pads, 'padMap');
  const height = map.height + pads.top + pads.bottom;
  const width = map.width + pads.left + pads.right;
  const { channels } = map;
  const values = new Float32Array(height * width * channels);
  for (let r = 0; r < height; r++) {
    const sourceRow = paddedSource(r - pads.top, map.height, mode);
    if (sourceRow === null) continue;
    for (let c = 0; c < width; c++) {
      const sourceCol = paddedSource(c - pads.left, map.width, mode);
      if (sourceCol === null) continue;
      const from = (sourceRow * map.width + sourceCol) * channels;
      values.set(map.values.subarray(from, from + channels), (r * width + c) * channels);
    }
  }
  return { values, height, width, channels };
}

/**
 * Output length along one axis with explicit pads: floor((n + pb + pa - d(k-1) - 1) / s) + 1, the
 * number of window starts that fit. 0, never negative, when no window fits (or an argument is not
 * a sensible whole number), where the formula itself would go negative.
 */
export function windowOutputSize(n: number, kernel: number, stride: number, padBefore = 0, padAfter = 0, dilation = 1): number {
  if (!isWhole(n, 0) || !isWhole(kernel, 1) || !isWhole(stride, 1) || !isWhole(padBefore, 0) || !isWhole(padAfter, 0) || !isWhole(dilation, 1)) return 0;
  return Math.max(0, Math.floor((n + padBefore + padAfter - effectiveKernelSize(kernel, dilation)) / stride) + 1);
}

/** The output-size rule worked with a student's numbers, for the teaching sandbox. */
export interface OutputSizeWorking {
  /** Output length (0 when no window fits or the numbers are not valid). */
  size: number;
  /** The formula with the numbers filled in, e.g. `floor((7 + 2*1 - 1*(3-1) - 1) / 2) + 1 = 4`; '' when an argument is invalid. */
  formula: string;
  /** Zeros added before (top/left) and after (bottom/right). */
  pads: { before: number; after: number };
  /** For 'same': how many zeros go on each side, in words; otherwise null. */
  paddingNote: string | null;
  /** Why there is no output (or which number is invalid) and how to fix it; null when the size is >= 1. */
  problem: string | null;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * The output size for input length n, kernel k, stride s, padding (p zeros on both sides, or
 * TensorFlow's 'same') and dilation d, with the working shown. Never throws: invalid numbers and
 * kernels wider than the padded input come back as a `problem` a student can act on.
 */
export function outputSizeFormula(n: number, kernel: number, stride: number, padding: number | 'same', dilation = 1): OutputSizeWorking {
  const invalid = (problem: string): OutputSizeWorking => ({ size: 0, formula: '', pads: { before: 0, after: 0 }, paddingNote: null, problem });
  if (!isWhole(n, 1)) return invalid(`The input size must be a whole number of at least 1 (got ${n}).`);
  if (!isWhole(kernel, 1)) return invalid(`The kernel size must be a whole number of at least 1 (got ${kernel}).`);
  if (!isWhole(stride, 1)) return invalid(`The stride must be a whole number of at least 1 (got ${stride}).`);
  if (!isWhole(dilation, 1)) return invalid(`The dilation must be a whole number of at least 1 (got ${dilation}).`);
  if (padding !== 'same' && !isWhole(padding, 0)) return invalid(`The padding must be a whole number of at least 0 (got ${padding}).`);

  if (padding === 'same') {
    const [before, after] = samePadding(n, kernel, stride, dilation);
    const size = Math.ceil(n / stride);
    const total = before + after;
    const paddingNote =
      total === 0
        ? "'same' adds no zeros here: the windows already fit."
        : `'same' adds ${plural(before, 'zero')} before and ${after} after (${total} in all${total % 2 === 1 ? '; the odd one goes after' : ''}).`;
    return { size, formula: `ceil(${n} / ${stride}) = ${size}`, pads: { before, after }, paddingNote, problem: null };
  }

  const p = padding;
  const raw = Math.floor((n + 2 * p - dilation * (kernel - 1) - 1) / stride) + 1;
  const formula = `floor((${n} + 2*${p} - ${dilation}*(${kernel}-1) - 1) / ${stride}) + 1 = ${raw}`;
  const size = Math.max(0, raw);
  let problem: string | null = null;
  if (size === 0) {
    const span = effectiveKernelSize(kernel, dilation);
    const padded = n + 2 * p;
    const spanWorking = dilation > 1 ? ` (dilation ${dilation} × (${kernel} − 1) + 1)` : '';
    const paddedWorking = p > 0 ? ` (${n} + 2 × ${p})` : '';
    const neededPad = Math.ceil((span - n) / 2);
    problem =
      `The kernel spans ${plural(span, 'input')}${spanWorking}, but the padded input is only ${padded} wide${paddedWorking}: ` +
      `pad by at least ${neededPad} on each side, or use a smaller kernel${dilation > 1 ? ' or dilation' : ''}.`;
  }
  return { size, formula, pads: { before: p, after: p }, paddingNote: null, problem };
}
