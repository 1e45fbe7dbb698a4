/**
 * Sliding-window size arithmetic shared by convolutions and pools, written to match
 * tfjs-layers' `convOutputLength` exactly so the shapes the core shows are the shapes tfjs builds.
 */
import type { Padding, Pair } from '../spec/spec';

/** One axis of a layer's padding: 'valid', 'same', or explicit cells on each side of the axis. */
export type AxisPadding = 'valid' | 'same' | number;

/**
 * The span of a dilated kernel along one axis: d(k - 1) + 1.
 * A 3-wide kernel with dilation 2 reads inputs 0, 2 and 4, so it spans 5.
 */
export function effectiveKernelSize(kernel: number, dilation = 1): number {
  return dilation * (kernel - 1) + 1;
}

/**
 * Output length along one spatial axis for input length n, kernel k, stride s, dilation d:
 * - 'valid': floor((n - d(k-1) - 1) / s) + 1, i.e. ceil((n - d(k-1)) / s): the number of window
 *   positions i >= 0 with i*s + d(k-1) < n;
 * - 'same': ceil(n / s) (tfjs pads so that every stride step has a window);
 * - p cells on each side (explicit): floor((n + 2p - d(k-1) - 1) / s) + 1, PyTorch's formula.
 * Pools use the same rule with d = 1. Returns 0 (never a negative number) when no window fits,
 * where tfjs' own formula would go negative.
 */
export function convOutputSize(n: number, k: number, s: number, padding: AxisPadding, d = 1): number {
  const padded = typeof padding === 'number' ? n + 2 * padding : n;
  const size = padding === 'same' ? Math.ceil(n / s) : Math.floor((padded - effectiveKernelSize(k, d)) / s) + 1;
  return Math.max(0, size);
}

/** Whether a layer's padding is explicit cell counts ([height, width]) rather than 'valid' or 'same'. */
export function isExplicitPadding(padding: Padding): padding is Pair {
  return Array.isArray(padding);
}

/** The padding of one axis (0 = height, 1 = width). */
export function axisPadding(padding: Padding, axis: 0 | 1): AxisPadding {
  return isExplicitPadding(padding) ? padding[axis] : padding;
}

/**
 * The zeros TensorFlow's 'same' padding adds along one axis, [before, after]: the total is
 * max((ceil(n/s) - 1)*s + d(k-1) + 1 - n, 0), split with the odd one after (bottom or right).
 * With stride 1 the total is d(k-1), whatever n is.
 */
export function samePadding(n: number, k: number, s: number, d = 1): [number, number] {
  const total = Math.max(0, (Math.ceil(n / s) - 1) * s + effectiveKernelSize(k, d) - n);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** How a padded border is filled, as PyTorch's `padding_mode` names it. */
export const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'] as const;
export type PaddingMode = (typeof PADDING_MODES)[number];

/** Cells added on each side of a map before a window slides over it. */
export interface Pads {
  top: number;
  bottom: number;
  left: number;
  right: number;
}
