/**
 * The sliding window of a conv or pool layer as plain numbers: what the shapes, the receptive
 * fields, the reference math and the convolution animation all read, so the padding rule lives in
 * one place.
 */
import { isExplicitPadding, samePadding, type PaddingMode, type Pads } from './convMath';
import type { LayerSpec, Padding, Pair, TensorShape } from '../spec/spec';

/** What the window computes: a full conv, a per-channel (depthwise) conv, a separable conv's depthwise step, or a pool. */
export type WindowKind = 'conv' | 'depthwise' | 'separable' | 'max' | 'avg';

export interface SlidingWindow {
  kind: WindowKind;
  /** Kernel or pool size [h, w]. */
  kernel: Pair;
  strides: Pair;
  /** [1, 1] for pools. */
  dilation: Pair;
  /** The cells added on each side of this layer's input. */
  pads: Pads;
  /**
   * How the border is filled. Pools always say 'zeros': a padded cell never wins a max (PyTorch
   * pads max pools with -inf) and adds a 0 to an average (see countPadding).
   */
  mode: PaddingMode;
  /**
   * Average pools: whether padded cells count in each window's divisor. True for explicit padding
   * (PyTorch's default count_include_pad=True), false for 'same' (TF averages only real cells);
   * false for every other kind.
   */
  countPadding: boolean;
}

const NO_PADS: Pads = { top: 0, bottom: 0, left: 0, right: 0 };

/**
 * The cells a layer's padding adds on each side of an [h, w] input, for a window of `kernel` with
 * `strides` and `dilation`: none for 'valid'; TF's 'same' amounts (samePadding: the odd cell
 * after, bottom and right); [ph, pw] on both sides of each axis for explicit padding.
 */
export function padsOf(padding: Padding, input: readonly [number, number], kernel: Pair, strides: Pair, dilation: Pair): Pads {
  if (isExplicitPadding(padding)) return { top: padding[0], bottom: padding[0], left: padding[1], right: padding[1] };
  if (padding === 'valid') return NO_PADS;
  const [top, bottom] = samePadding(input[0], kernel[0], strides[0], dilation[0]);
  const [left, right] = samePadding(input[1], kernel[1], strides[1], dilation[1]);
  return { top, bottom, left, right };
}

/**
 * The window of a conv or pool layer on an input of the given shape ([h, w, c]), or null for layers
 * that have none (dense, flatten, cell-wise layers, global pools) or an input that is not a map.
 */
export function slidingWindowOf(layer: LayerSpec, input: TensorShape | null): SlidingWindow | null {
  if (input?.length !== 3) return null;
  const size: [number, number] = [input[0] ?? 0, input[1] ?? 0];
  switch (layer.kind) {
    case 'conv2d':
    case 'depthwiseConv2d':
    case 'separableConv2d': {
      const kind = layer.kind === 'conv2d' ? 'conv' : layer.kind === 'depthwiseConv2d' ? 'depthwise' : 'separable';
      const { kernelSize, strides, dilation, padding } = layer;
      // A version-1 layer that skipped migration has no mode: it padded with zeros.
      const mode = layer.paddingMode ?? 'zeros';
      return { kind, kernel: kernelSize, strides, dilation, pads: padsOf(padding, size, kernelSize, strides, dilation), mode, countPadding: false };
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const { poolSize, strides, padding } = layer;
      const dilation: Pair = [1, 1];
      const kind = layer.kind === 'maxPool2d' ? 'max' : 'avg';
      const pads = padsOf(padding, size, poolSize, strides, dilation);
      return { kind, kernel: poolSize, strides, dilation, pads, mode: 'zeros', countPadding: kind === 'avg' && isExplicitPadding(padding) };
    }
    default:
      return null;
  }
}
