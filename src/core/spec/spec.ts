/**
 * The network spec: a versioned, serializable description of a CNN. Everything else
 * (shapes, parameter counts, the tfjs model, the pictures) is derived from it.
 */
import type { PaddingMode } from '../math/convMath';

/**
 * 2: explicit padding ([h, w] cells per side) and conv layers' `paddingMode`; version-1 files are
 * migrated on load (serialize.ts), where every conv layer gets paddingMode 'zeros'.
 */
export const SPEC_VERSION = 2;

/** [height, width, channels], e.g. [28, 28, 1] for MNIST. */
export type Shape3D = [number, number, number];
/** [height, width]: kernel sizes, strides, dilations, pool sizes. */
export type Pair = [number, number];

/**
 * How a conv or pool layer pads its input: 'valid' (none), 'same' (TF's rule: enough for
 * ceil(n / stride) outputs, the odd cell after), or explicit cells per side as [height, width]:
 * [ph, pw] adds ph rows at the top and at the bottom and pw columns on each side, as PyTorch's
 * `padding=(ph, pw)` does (`padding=1` is [1, 1]). Explicit sizes are always stored as a pair, like
 * kernel sizes and strides, so one meaning has one spelling; the builder shows one number when both
 * are equal, and a file may write a single number, which parseSpec turns into a pair.
 */
export type Padding = 'valid' | 'same' | Pair;

/** Functions an Activation layer applies. */
export const ACTIVATIONS = ['relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'softmax'] as const;
export type ActivationFn = (typeof ACTIVATIONS)[number];
/** What a conv or dense layer may apply to its output: an activation function or none ('linear'). */
export const LAYER_ACTIVATIONS = ['linear', ...ACTIVATIONS] as const;
export type LayerActivation = (typeof LAYER_ACTIVATIONS)[number];

interface LayerBase {
  /** Stable identity for editing (drag and drop, selection); unique within a spec. */
  id: string;
}

export interface Conv2DLayer extends LayerBase {
  kind: 'conv2d';
  filters: number;
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
  /** How padded cells are filled (PyTorch's padding_mode); 'zeros' is what 'valid'/'same' TF layers do. */
  paddingMode: PaddingMode;
  dilation: Pair;
  activation: LayerActivation;
  useBias: boolean;
}

/** A depthwise conv (one kernel per input channel, depthMultiplier times) then a 1x1 pointwise conv. */
export interface SeparableConv2DLayer extends LayerBase {
  kind: 'separableConv2d';
  filters: number;
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
  /** How padded cells are filled (PyTorch's padding_mode); 'zeros' is what 'valid'/'same' TF layers do. */
  paddingMode: PaddingMode;
  dilation: Pair;
  depthMultiplier: number;
  activation: LayerActivation;
  useBias: boolean;
}

export interface DepthwiseConv2DLayer extends LayerBase {
  kind: 'depthwiseConv2d';
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
  /** How padded cells are filled (PyTorch's padding_mode); 'zeros' is what 'valid'/'same' TF layers do. */
  paddingMode: PaddingMode;
  dilation: Pair;
  depthMultiplier: number;
  activation: LayerActivation;
  useBias: boolean;
}

export interface Pool2DLayer extends LayerBase {
  kind: 'maxPool2d' | 'avgPool2d';
  poolSize: Pair;
  strides: Pair;
  padding: Padding;
}

export interface GlobalPool2DLayer extends LayerBase {
  kind: 'globalAvgPool2d' | 'globalMaxPool2d';
}

export interface FlattenLayer extends LayerBase {
  kind: 'flatten';
}

export interface DenseLayer extends LayerBase {
  kind: 'dense';
  units: number;
  activation: LayerActivation;
  useBias: boolean;
}

export interface ActivationLayer extends LayerBase {
  kind: 'activation';
  activation: ActivationFn;
}

export interface DropoutLayer extends LayerBase {
  kind: 'dropout';
  /** Fraction of inputs zeroed during training, in [0, 1). */
  rate: number;
}

export interface BatchNormLayer extends LayerBase {
  kind: 'batchNorm';
}

export type LayerSpec =
  | Conv2DLayer
  | SeparableConv2DLayer
  | DepthwiseConv2DLayer
  | Pool2DLayer
  | GlobalPool2DLayer
  | FlattenLayer
  | DenseLayer
  | ActivationLayer
  | DropoutLayer
  | BatchNormLayer;

export type LayerKind = LayerSpec['kind'];

/**
 * The layer type for one kind, e.g. LayerOfKind<'maxPool2d'> is a Pool2DLayer whose kind is 'maxPool2d'.
 * Not `Extract<LayerSpec, { kind: K }>`: that yields never for Pool2DLayer and GlobalPool2DLayer,
 * whose `kind` is itself a union of two kinds.
 */
export type LayerOfKind<K extends LayerKind> = NarrowToKind<LayerSpec, K>;
type NarrowToKind<L, K> = L extends { kind: infer LK } ? (K extends LK ? L & { kind: K } : never) : never;

export interface NetworkSpec {
  version: typeof SPEC_VERSION;
  /** [h, w, c] of one input example. */
  inputShape: Shape3D;
  layers: LayerSpec[];
  /**
   * Id of the dataset the network is built for (its input shape and classes); absent for MNIST, so
   * every network saved before datasets existed keeps its meaning. See core/dataset.
   */
  dataset?: string;
}

/**
 * A layer's output shape without the batch axis: [h, w, c] for feature maps, [n] for vectors.
 */
export type TensorShape = number[];
