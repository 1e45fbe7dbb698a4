/**
 * What values each layer setting may take. The UI builds its inputs from these descriptors
 * (min/max/options) and the analysis checks imported specs against the same ones, so the two
 * can never disagree.
 */
import { PADDING_MODES } from '../math/convMath';
import { ACTIVATIONS, LAYER_ACTIVATIONS } from './spec';

/** Inclusive bounds of an integer setting. */
export interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

/** Inclusive integer bounds of the numeric layer settings (pairs apply them to both axes). */
export const PARAM_RANGES = {
  filters: { min: 1, max: 1024 },
  kernelSize: { min: 1, max: 15 },
  strides: { min: 1, max: 8 },
  dilation: { min: 1, max: 8 },
  units: { min: 1, max: 8192 },
  depthMultiplier: { min: 1, max: 16 },
  poolSize: { min: 1, max: 8 },
  /** Explicit padding, cells on each side per axis; pools allow at most half their window on top of this. */
  padding: { min: 0, max: 15 },
} as const satisfies Record<string, IntegerRange>;

/** Dropout rate r: 0 <= r < 1 (a rate of 1 would zero every input). */
export const DROPOUT_RATE_RANGE = { min: 0, maxExclusive: 1 } as const;

/** Bounds of the network input [h, w, c]; generous, since MNIST itself is [28, 28, 1]. */
export const INPUT_SHAPE_RANGE = {
  size: { min: 1, max: 1024 },
  channels: { min: 1, max: 64 },
} as const satisfies Record<string, IntegerRange>;

interface DescriptorBase {
  /** The field of the layer spec, e.g. 'kernelSize'. */
  readonly field: string;
  /** For display, e.g. 'Kernel size'. */
  readonly label: string;
  /** Whether the value changes the layer's output shape (a bad value then stops shape inference). */
  readonly affectsShape: boolean;
  /** Extra words for the error message when the value is out of range. */
  readonly note?: string;
}

export type ParamDescriptor =
  | (DescriptorBase & { readonly type: 'integer'; readonly min: number; readonly max: number })
  /** A [height, width] pair of integers, each within [min, max]. */
  | (DescriptorBase & { readonly type: 'pair'; readonly min: number; readonly max: number })
  /** A number in [min, maxExclusive). */
  | (DescriptorBase & { readonly type: 'fraction'; readonly min: number; readonly maxExclusive: number })
  | (DescriptorBase & { readonly type: 'choice'; readonly options: readonly string[] })
  | (DescriptorBase & { readonly type: 'boolean' })
  /** A layer's padding: one of `options` ('valid', 'same') or a [height, width] pair of integers in [min, max]. */
  | (DescriptorBase & { readonly type: 'padding'; readonly options: readonly string[]; readonly min: number; readonly max: number });

// Descriptors shared by several layer kinds.
export const FILTERS_PARAM: ParamDescriptor = { field: 'filters', label: 'Filters', type: 'integer', affectsShape: true, ...PARAM_RANGES.filters };
export const KERNEL_SIZE_PARAM: ParamDescriptor = { field: 'kernelSize', label: 'Kernel size', type: 'pair', affectsShape: true, ...PARAM_RANGES.kernelSize };
export const STRIDES_PARAM: ParamDescriptor = { field: 'strides', label: 'Stride', type: 'pair', affectsShape: true, ...PARAM_RANGES.strides };
export const DILATION_PARAM: ParamDescriptor = { field: 'dilation', label: 'Dilation', type: 'pair', affectsShape: true, ...PARAM_RANGES.dilation };
export const DEPTH_MULTIPLIER_PARAM: ParamDescriptor = {
  field: 'depthMultiplier',
  label: 'Depth multiplier',
  type: 'integer',
  affectsShape: true,
  ...PARAM_RANGES.depthMultiplier,
};
export const POOL_SIZE_PARAM: ParamDescriptor = { field: 'poolSize', label: 'Pool size', type: 'pair', affectsShape: true, ...PARAM_RANGES.poolSize };
export const UNITS_PARAM: ParamDescriptor = { field: 'units', label: 'Units', type: 'integer', affectsShape: true, ...PARAM_RANGES.units };
export const PADDING_PARAM: ParamDescriptor = { field: 'padding', label: 'Padding', type: 'padding', affectsShape: true, options: ['valid', 'same'], ...PARAM_RANGES.padding };
/** Conv layers only: pools pad so that a padded cell never wins a max (and adds zeros to an average). */
export const PADDING_MODE_PARAM: ParamDescriptor = { field: 'paddingMode', label: 'Padding mode', type: 'choice', affectsShape: false, options: PADDING_MODES };
export const LAYER_ACTIVATION_PARAM: ParamDescriptor = {
  field: 'activation',
  label: 'Activation',
  type: 'choice',
  affectsShape: false,
  options: LAYER_ACTIVATIONS,
};
export const ACTIVATION_FN_PARAM: ParamDescriptor = { field: 'activation', label: 'Function', type: 'choice', affectsShape: false, options: ACTIVATIONS };
export const USE_BIAS_PARAM: ParamDescriptor = { field: 'useBias', label: 'Use bias', type: 'boolean', affectsShape: false };
export const RATE_PARAM: ParamDescriptor = { field: 'rate', label: 'Rate', type: 'fraction', affectsShape: false, ...DROPOUT_RATE_RANGE };
