/**
 * Sliding-window output shapes for convolutions and pools, with the student-facing explanation
 * when the window no longer fits inside the input.
 */
import { axisPadding, convOutputSize, effectiveKernelSize, isExplicitPadding, type PaddingMode } from '../math/convMath';
import { showSetting } from '../spec/describeValue';
import { padsOf } from '../math/slidingWindow';
import type { Padding, Pair, TensorShape } from '../spec/spec';
import type { ShapeError } from './definition';

export interface WindowSettings {
  /** Kernel or pool size [kh, kw]. */
  size: Pair;
  strides: Pair;
  padding: Padding;
  dilation: Pair;
  /** How a conv fills its padding; pools pass nothing (their padding never repeats input cells). */
  mode?: PaddingMode;
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
  const height = convOutputSize(h, size[0], strides[0], axisPadding(padding, 0), dilation[0]);
  const width = convOutputSize(w, size[1], strides[1], axisPadding(padding, 1), dilation[1]);
  if (height >= 1 && width >= 1) {
    const modeError = settings.mode === undefined ? null : borderModeError(input, settings, settings.mode);
    return modeError ? { ok: false, error: modeError } : { ok: true, height, width };
  }

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

/** The most cells a mode can add on one side of an axis of n cells: reflect mirrors n - 1 cells, circular wraps n. */
function modeLimit(mode: PaddingMode, n: number): number {
  switch (mode) {
    case 'reflect':
      return n - 1;
    case 'circular':
      return n;
    default:
      return Number.POSITIVE_INFINITY;
  }
}

const MODE_NAMES: Record<PaddingMode, string> = { zeros: 'Zero', reflect: 'Reflect', replicate: 'Replicate', circular: 'Circular' };

/**
 * Why a reflect or circular border cannot be built on this input, as PyTorch refuses it: reflect
 * mirrors the cells next to the edge, so it needs padding < n on each axis (n the input side);
 * circular wraps the map around once, so it needs padding <= n. The fix lowers explicit padding
 * to the largest that works, or switches 'same' padding to the 'replicate' mode.
 */
function borderModeError(input: TensorShape, settings: WindowSettings, mode: PaddingMode): ShapeError | null {
  const [h = 0, w = 0] = input;
  const pads = padsOf(settings.padding, [h, w], settings.size, settings.strides, settings.dilation);
  const need: Pair = [Math.max(pads.top, pads.bottom), Math.max(pads.left, pads.right)];
  const limit: Pair = [modeLimit(mode, h), modeLimit(mode, w)];
  const tooTall = need[0] > limit[0];
  const tooWide = need[1] > limit[1];
  if (!tooTall && !tooWide) return null;
  // The smallest input side that takes this padding: reflect needs one more cell than it pads.
  const extra = mode === 'reflect' ? 1 : 0;
  const amount = tooTall && tooWide && need[0] !== need[1] ? pairText(need) : String(tooWide ? need[1] : need[0]);
  const needs =
    tooTall && tooWide
      ? `an input at least ${pairText([need[0] + extra, need[1] + extra])}; this layer gets ${pairText([h, w])}`
      : tooWide
        ? `an input at least ${need[1] + extra} wide; this layer gets ${w}`
        : `an input at least ${need[0] + extra} high; this layer gets ${h}`;
  const name = MODE_NAMES[mode];
  if (!isExplicitPadding(settings.padding)) {
    return {
      field: 'paddingMode',
      message: `${name} padding of ${amount} (what 'same' adds here) needs ${needs}. Use the 'replicate' mode or explicit padding.`,
      fix: { field: 'paddingMode', value: 'replicate', label: "Use the 'replicate' mode" },
    };
  }
  const fitted: Pair = [Math.min(settings.padding[0], limit[0]), Math.min(settings.padding[1], limit[1])];
  const shown = fitted[0] === fitted[1] ? String(fitted[0]) : showSetting(fitted);
  return {
    field: 'padding',
    message: `${name} padding of ${amount} needs ${needs}. Use padding ${shown} or the 'replicate' mode.`,
    fix: { field: 'padding', value: fitted, label: `Use padding ${shown}` },
  };
}
