/**
 * Sliding-window size arithmetic shared by convolutions and pools, written to match
 * tfjs-layers' `convOutputLength` exactly so the shapes the core shows are the shapes tfjs builds.
 */
import type { Padding } from './spec';

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
 * - 'same': ceil(n / s) (tfjs pads so that every stride step has a window).
 * Pools use the same rule with d = 1. Returns 0 (never a negative number) when no window fits,
 * where tfjs' own formula would go negative.
 */
export function convOutputSize(n: number, k: number, s: number, padding: Padding, d = 1): number {
  const size = padding === 'same' ? Math.ceil(n / s) : Math.floor((n - effectiveKernelSize(k, d)) / s) + 1;
  return Math.max(0, size);
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
