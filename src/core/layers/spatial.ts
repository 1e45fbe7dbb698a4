/**
 * Sliding-window output shapes for convolutions and pools, with the student-facing explanation
 * when the window no longer fits inside the input.
 */
import { convOutputSize, effectiveKernelSize } from '../convMath';
import type { Padding, Pair, TensorShape } from '../spec';
import type { ShapeError } from './definition';

export interface WindowSettings {
  /** Kernel or pool size [kh, kw]. */
  size: Pair;
  strides: Pair;
  padding: Padding;
  dilation: Pair;
}

export type WindowResult = { ok: true; height: number; width: number } | { ok: false; error: ShapeError };

/** "5x5" for [5, 5]. */
export function pairText([h, w]: readonly [number, number]): string {
  return `${h}x${w}`;
}

/**
 * Output [oh, ow] of a window sliding over input [h, w, c]: convOutputSize per axis.
 * With 'valid' padding no window fits once d(k-1)+1 > n on some axis, and the error says so.
 */
export function slideWindow(
  input: TensorShape,
  settings: WindowSettings,
  what: 'kernel' | 'pool window',
  field: 'kernelSize' | 'poolSize',
): WindowResult {
  const [h = 0, w = 0] = input;
  const { size, strides, padding, dilation } = settings;
  const height = convOutputSize(h, size[0], strides[0], padding, dilation[0]);
  const width = convOutputSize(w, size[1], strides[1], padding, dilation[1]);
  if (height >= 1 && width >= 1) return { ok: true, height, width };

  const span: Pair = [effectiveKernelSize(size[0], dilation[0]), effectiveKernelSize(size[1], dilation[1])];
  const dilated = dilation[0] > 1 || dilation[1] > 1;
  const problem = dilated
    ? `with dilation ${pairText(dilation)} its ${pairText(size)} ${what} spans ${pairText(span)}, which is larger than its ${pairText([h, w])} input.`
    : `its ${pairText(size)} ${what} is larger than its ${pairText([h, w])} input.`;
  const smaller = what === 'kernel' ? (dilated ? 'a smaller kernel or dilation' : 'a smaller kernel') : 'a smaller pool size';
  return {
    ok: false,
    error: {
      field,
      message: `${problem} Use padding 'same', ${smaller}, or remove a pooling layer above it.`,
      fix: { field: 'padding', value: 'same', label: "Use padding 'same'" },
    },
  };
}
