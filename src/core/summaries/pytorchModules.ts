/**
 * The PyTorch modules one spec layer becomes, as `print(model)` shows them. The module reprs
 * follow PyTorch's `extra_repr`s: Conv2d prints padding, dilation, groups and bias only when
 * they differ from the default; pools print every argument.
 */
import { convPadding, convPaddingMode, poolPadding, type Argument } from './torchPadding';
import { pyBool, pyFloat, pyInt, pyIntOrTuple, pyTuple, readPair } from './pythonRepr';
import type { LayerSpec, TensorShape } from '../spec/spec';
import { LEAKY_RELU_SLOPE } from '../math/convolution';

/** One printed module, with an optional note printed after it as a `#` comment. */
export interface TorchModule {
  repr: string;
  note?: string;
}

/** Keras' BatchNormalization defaults (epsilon 1e-3, momentum 0.99) in PyTorch's terms: momentum = 1 - 0.99. */
const BATCH_NORM_ARGS = 'eps=0.001, momentum=0.01, affine=True, track_running_stats=True';
const FLATTEN = 'Flatten(start_dim=1, end_dim=-1)';

/** The module of an activation function; null for 'linear' (none). */
export function activationModule(fn: unknown): TorchModule | null {
  switch (fn) {
    case 'linear':
      return null;
    case 'relu':
      return { repr: 'ReLU()' };
    case 'leakyRelu':
      return { repr: `LeakyReLU(negative_slope=${pyFloat(LEAKY_RELU_SLOPE)})` };
    case 'elu':
      return { repr: 'ELU(alpha=1.0)' };
    case 'sigmoid':
      return { repr: 'Sigmoid()' };
    case 'tanh':
      return { repr: 'Tanh()' };
    case 'softmax':
      // Over channels, TF's last axis, which is axis 1 in PyTorch's (N, C, H, W) and (N, C).
      return { repr: 'Softmax(dim=1)' };
    default:
      return { repr: '?()' };
  }
}

/** What the layer knows about its input: sizes when the analysis knew them, and its rank. */
export interface LayerInput {
  shape: TensorShape | null;
  /** 3 for a [h, w, c] feature map, 1 for a vector; guessed from the layer kinds when the shape is unknown. */
  rank: 1 | 3;
}

const channelsOf = (input: LayerInput): number | null => (input.shape === null ? null : (input.shape[input.shape.length - 1] ?? null));
const times = (a: number | null, b: unknown): number | null => (a === null || typeof b !== 'number' ? null : a * b);

/** A module with the note of its argument, if any. */
const withNote = (repr: string, argument: Argument): TorchModule => (argument.note === undefined ? { repr } : { repr, note: argument.note });

/** What a printed Conv2d shows; values a student set are `unknown` as they may hold anything. */
interface ConvArgs {
  inChannels: number | null;
  outChannels: unknown;
  kernelSize: unknown;
  strides: unknown;
  /** The padding argument as convPadding prints it. */
  padding: string;
  dilation: unknown;
  groups: number | null;
  bias: unknown;
  /** Printed after bias when it is not 'zeros', as PyTorch's extra_repr does. */
  paddingMode: unknown;
}

/** Conv2d(...) with PyTorch's optional arguments only when they are not the default. */
function conv2d(args: ConvArgs): string {
  const d = readPair(args.dilation);
  const dilation = d !== null && d[0] === 1 && d[1] === 1 ? '' : `, dilation=${pyTuple(args.dilation)}`;
  const groups = args.groups === 1 ? '' : `, groups=${pyInt(args.groups)}`;
  const bias = args.bias === true ? '' : `, bias=${pyBool(args.bias)}`;
  const sizes = `kernel_size=${pyTuple(args.kernelSize)}, stride=${pyTuple(args.strides)}`;
  return `Conv2d(${pyInt(args.inChannels)}, ${pyInt(args.outChannels)}, ${sizes}${args.padding}${dilation}${groups}${bias}${convPaddingMode(args.paddingMode)})`;
}

function withActivation(modules: TorchModule[], fn: unknown): TorchModule[] {
  const activation = activationModule(fn);
  return activation === null ? modules : [...modules, activation];
}

/** The modules of one layer, given what is known about its input. */
export function torchModules(layer: LayerSpec, input: LayerInput): TorchModule[] {
  const channels = channelsOf(input);
  switch (layer.kind) {
    case 'conv2d': {
      const pad = convPadding(layer, input.shape);
      const { filters, kernelSize, strides, dilation, useBias } = layer;
      const conv = conv2d({ inChannels: channels, outChannels: filters, kernelSize, strides, padding: pad.arg, dilation, groups: 1, bias: useBias, paddingMode: layer.paddingMode });
      return withActivation([withNote(conv, pad)], layer.activation);
    }
    case 'depthwiseConv2d':
    case 'separableConv2d': {
      // Keras' depthwise step: each input channel gets depthMultiplier filters of its own (groups = channels).
      const pad = convPadding(layer, input.shape);
      const depth = times(channels, layer.depthMultiplier);
      const { kernelSize, strides, dilation } = layer;
      const depthBias = layer.kind === 'depthwiseConv2d' ? layer.useBias : false;
      const depthwise = conv2d({ inChannels: channels, outChannels: depth, kernelSize, strides, padding: pad.arg, dilation, groups: channels, bias: depthBias, paddingMode: layer.paddingMode });
      const modules = [withNote(depthwise, pad)];
      if (layer.kind === 'separableConv2d') {
        const pointwise = { inChannels: depth, outChannels: layer.filters, kernelSize: [1, 1], strides: [1, 1], padding: '', dilation: [1, 1], groups: 1, bias: layer.useBias, paddingMode: 'zeros' };
        modules.push({ repr: conv2d(pointwise) });
      }
      return withActivation(modules, layer.activation);
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const pad = poolPadding(layer, input.shape);
      const window = `kernel_size=${pyIntOrTuple(layer.poolSize)}, stride=${pyIntOrTuple(layer.strides)}${pad.arg}`;
      return [withNote(layer.kind === 'maxPool2d' ? `MaxPool2d(${window}, dilation=1, ceil_mode=False)` : `AvgPool2d(${window})`, pad)];
    }
    case 'globalAvgPool2d':
      return [{ repr: 'AdaptiveAvgPool2d(output_size=1)' }, { repr: FLATTEN }];
    case 'globalMaxPool2d':
      return [{ repr: 'AdaptiveMaxPool2d(output_size=1)' }, { repr: FLATTEN }];
    case 'flatten':
      return [{ repr: FLATTEN }];
    case 'dense': {
      const inFeatures = input.shape?.length === 1 ? (input.shape[0] ?? null) : null;
      return withActivation([{ repr: `Linear(in_features=${pyInt(inFeatures)}, out_features=${pyInt(layer.units)}, bias=${pyBool(layer.useBias)})` }], layer.activation);
    }
    case 'activation':
      return [activationModule(layer.activation) ?? { repr: 'Identity()' }];
    case 'dropout':
      return [{ repr: `Dropout(p=${pyFloat(layer.rate)}, inplace=False)` }];
    case 'batchNorm':
      return [{ repr: `BatchNorm${input.rank === 3 ? '2d' : '1d'}(${pyInt(channels)}, ${BATCH_NORM_ARGS})` }];
  }
}
