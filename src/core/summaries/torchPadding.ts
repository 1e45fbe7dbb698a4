/**
 * A layer's padding in PyTorch's terms. Explicit padding [ph, pw] is PyTorch's own padding=(ph, pw);
 * a conv's padding mode other than zeros is its padding_mode. TF's 'same': PyTorch accepts
 * padding='same' only on convs with stride 1, and pads both sides of an axis alike, while TF puts
 * an odd cell after (bottom, right); where the two cannot agree, the argument comes with a note
 * that says how TF pads.
 */
import { samePadding } from '../math/convMath';
import { pyIntOrTuple, pyTuple, readPair } from './pythonRepr';
import type { TensorShape } from '../spec/spec';

/** The zeros TF's 'same' padding adds on each side; `known` is false when the input size is unknown. */
interface SamePads {
  top: number;
  bottom: number;
  left: number;
  right: number;
  known: boolean;
}

/**
 * TF's 'same' padding of a window on this input; when the input size is unknown, the stride-1
 * amounts d(k-1) split as evenly as possible. null when the settings are not readable pairs.
 */
function samePads(kernel: unknown, strides: unknown, dilation: unknown, input: TensorShape | null): SamePads | null {
  const k = readPair(kernel);
  const s = readPair(strides);
  const d = readPair(dilation);
  if (k === null || s === null || d === null) return null;
  const sizes = input?.length === 3 ? input : null;
  // Without sizes, stride 1's amounts: samePadding(n, k, 1, d) is d(k-1) for any n.
  const axis = (i: 0 | 1): [number, number] => (sizes === null ? samePadding(1, k[i], 1, d[i]) : samePadding(sizes[i] ?? 0, k[i], s[i], d[i]));
  const [[top, bottom], [left, right]] = [axis(0), axis(1)];
  return { top, bottom, left, right, known: sizes !== null };
}

/** Why PyTorch's symmetric padding cannot match TF here, or null when it can. */
function unevenNote(pads: SamePads): string | null {
  if (!pads.known) return "TF's 'same' padding depends on the input size, unknown here";
  if (pads.top === pads.bottom && pads.left === pads.right) return null;
  return `TF 'same' pads top ${pads.top}, bottom ${pads.bottom}, left ${pads.left}, right ${pads.right}`;
}

/** A printed argument and an optional note about it. */
export interface Argument {
  arg: string;
  note?: string;
}

const isOnes = (value: unknown): boolean => readPair(value)?.every((n) => n === 1) ?? false;

/** PyTorch's module that pads in front of an unpadded conv, by padding mode. */
const PAD_MODULES: Readonly<Record<string, string>> = { zeros: 'ZeroPad2d', reflect: 'ReflectionPad2d', replicate: 'ReplicationPad2d', circular: 'CircularPad2d' };

/**
 * Conv2d's padding argument for a conv layer: none for 'valid' (or explicit 0), padding=(ph, pw)
 * for explicit padding, PyTorch's own padding='same' with stride 1 (it splits uneven padding like
 * TF does), explicit numbers otherwise, since PyTorch refuses 'same' on strided convs.
 */
export function convPadding(
  layer: { padding: unknown; paddingMode?: unknown; kernelSize: unknown; strides: unknown; dilation: unknown },
  input: TensorShape | null,
): Argument {
  if (layer.padding === 'valid') return { arg: '' };
  const explicit = readPair(layer.padding);
  if (explicit !== null) return { arg: explicit[0] === 0 && explicit[1] === 0 ? '' : `, padding=${pyTuple(explicit)}` };
  if (layer.padding !== 'same') return { arg: ', padding=?' };
  if (isOnes(layer.strides)) return { arg: ', padding=same' };
  const pads = samePads(layer.kernelSize, layer.strides, layer.dilation, input);
  if (pads === null) return { arg: ', padding=?' };
  const arg = pads.top === 0 && pads.left === 0 ? '' : `, padding=${pyTuple([pads.top, pads.left])}`;
  const note = unevenNote(pads);
  if (note === null) return { arg };
  // Padding in front of an unpadded conv, in the layer's own mode, is exact.
  const module = PAD_MODULES[typeof layer.paddingMode === 'string' ? layer.paddingMode : 'zeros'] ?? 'ZeroPad2d';
  const exact = pads.known ? `; nn.${module}((${pads.left}, ${pads.right}, ${pads.top}, ${pads.bottom})) before an unpadded conv matches it` : '';
  return { arg, note: note + exact };
}

/** Conv2d's padding_mode argument: printed, as PyTorch does, only when it is not 'zeros'. */
export function convPaddingMode(mode: unknown): string {
  // Missing is PyTorch's default too.
  if (mode === 'zeros' || mode === undefined) return '';
  return typeof mode === 'string' ? `, padding_mode=${mode}` : ', padding_mode=?';
}

/**
 * MaxPool2d / AvgPool2d's padding argument; PyTorch pools have no 'same', so always numbers.
 * Explicit padding is PyTorch's own: a max pool never picks a padded cell, and an average pool
 * counts padded zeros (count_include_pad=True, the default), as Kernelscope's do.
 */
export function poolPadding(layer: { kind: 'maxPool2d' | 'avgPool2d'; padding: unknown; poolSize: unknown; strides: unknown }, input: TensorShape | null): Argument {
  if (layer.padding === 'valid') return { arg: ', padding=0' };
  const explicit = readPair(layer.padding);
  if (explicit !== null) return { arg: `, padding=${pyIntOrTuple(explicit)}` };
  const pads = layer.padding === 'same' ? samePads(layer.poolSize, layer.strides, [1, 1], input) : null;
  if (pads === null) return { arg: ', padding=?' };
  const uneven = unevenNote(pads);
  // Only matters when the printed module pads at all.
  const padded = pads.top + pads.left > 0;
  const notes = [
    uneven === null ? null : `${uneven}; PyTorch pads both sides alike`,
    layer.kind === 'avgPool2d' && padded ? "build it with count_include_pad=False: TF's 'same' averages only real pixels" : null,
  ].filter((text): text is string => text !== null);
  const arg = `, padding=${pyIntOrTuple([pads.top, pads.left])}`;
  return notes.length === 0 ? { arg } : { arg, note: notes.join('; ') };
}
