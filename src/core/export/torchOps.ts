/**
 * The PyTorch modules a network becomes, as plain data in forward order (NCHW): the one source of
 * truth the generated Python (pytorchCode.ts) and the weight export (torchWeights.ts) both read,
 * so the code and the weights file cannot disagree.
 *
 * Each op computes exactly what the tfjs model (src/tf/buildModel.ts) computes:
 * - A conv's pads come from slidingWindowOf, the padding rule tfjs is built from. Pads that are
 *   the same on both sides of each axis become Conv2d's own padding (and padding_mode: PyTorch
 *   pads symmetrically in that mode first). Anything else (TF's 'same' with a stride or an even
 *   kernel, which puts the odd cell at the bottom and right) is a Pad op in the layer's mode in
 *   front of an unpadded Conv2d. Strided dilated convs are native in PyTorch (tfjs convolves at
 *   stride 1 and subsamples, which is the same map).
 * - Max pools pad with -inf: symmetric pads are MaxPool2d's padding, asymmetric ones a Pad op
 *   with value -inf. An explicitly padded tfjs max pool replicates edge cells, which never wins
 *   over the edge cell itself, so it equals PyTorch's -inf padding.
 * - Average pools: explicit padding counts the padded zeros (count_include_pad=True, as tfjs's
 *   zero pad + 'valid' pool does); TF's 'same' averages only real pixels, which is
 *   count_include_pad=False when the pads are symmetric and the AvgPoolSame module (sum of the
 *   zero-padded window over the number of real pixels in it) when they are not.
 * - PyTorch flattens (C, H, W), tfjs (H, W, C). The Flatten stays PyTorch's own; the Linear (and
 *   any BatchNorm1d) after it reads `flattenedFrom` and torchWeights reorders its weights.
 */
import { analyzeNetwork } from '../analysis/analyze';
import type { PaddingMode, Pads } from '../math/convMath';
import { ELU_ALPHA, LEAKY_RELU_SLOPE } from '../math/activation';
import { slidingWindowOf } from '../math/slidingWindow';
import type { LayerActivation, LayerSpec, NetworkSpec, Pair, Shape3D, TensorShape } from '../spec/spec';
import { fail, succeed, type Result } from './result';
import type { WeightRole } from './weightLayout';

/** Keras' BatchNormalization defaults in PyTorch's terms: eps 1e-3, momentum 1 - 0.99. */
export const BATCH_NORM_EPS = 0.001;
export const BATCH_NORM_MOMENTUM = 0.01;

/** How F.pad fills a border. */
export type TorchPadMode = 'constant' | 'reflect' | 'replicate' | 'circular';
/** Cells added [left, right, top, bottom]: F.pad's order for the last two axes. */
export type PadSides = [number, number, number, number];

/** A state_dict entry of an op and the tfjs weight role it is made from. */
export interface TorchParam {
  name: 'weight' | 'bias' | 'running_mean' | 'running_var';
  role: WeightRole;
}

interface OpBase {
  /** Position in `nn.Sequential`: the `<index>` of the `layers.<index>.weight` keys. */
  index: number;
  /** The spec layer the op is part of. */
  specLayer: number;
}

export interface Conv2dOp extends OpBase {
  type: 'Conv2d';
  inChannels: number;
  outChannels: number;
  kernel: Pair;
  stride: Pair;
  /** Cells on both sides of each axis [h, w]. */
  padding: Pair;
  dilation: Pair;
  groups: number;
  bias: boolean;
  paddingMode: PaddingMode;
  params: TorchParam[];
}

export interface PadOp extends OpBase {
  type: 'Pad';
  pads: PadSides;
  mode: TorchPadMode;
  /** The fill of 'constant': 0, or -Infinity in front of a max pool. */
  value: number;
}

export interface MaxPool2dOp extends OpBase {
  type: 'MaxPool2d';
  kernel: Pair;
  stride: Pair;
  padding: Pair;
}

export interface AvgPool2dOp extends OpBase {
  type: 'AvgPool2d';
  kernel: Pair;
  stride: Pair;
  padding: Pair;
  countIncludePad: boolean;
}

/** TF's 'same' average pool with uneven pads: the mean of the real pixels under each window. */
export interface AvgPoolSameOp extends OpBase {
  type: 'AvgPoolSame';
  kernel: Pair;
  stride: Pair;
  pads: PadSides;
}

export interface FlattenOp extends OpBase {
  type: 'Flatten';
  /** The [h, w, c] map it flattens. */
  fromShape: Shape3D;
}

/** `flattenedFrom`: the [h, w, c] map whose (C, H, W) flattening the features are, or null when no reordering applies. */
export interface LinearOp extends OpBase {
  type: 'Linear';
  inFeatures: number;
  outFeatures: number;
  bias: boolean;
  flattenedFrom: Shape3D | null;
  params: TorchParam[];
}

export interface BatchNormOp extends OpBase {
  type: 'BatchNorm1d' | 'BatchNorm2d';
  features: number;
  eps: number;
  momentum: number;
  /** As LinearOp's; always null for BatchNorm2d. */
  flattenedFrom: Shape3D | null;
  params: TorchParam[];
}

export type TorchOp =
  | Conv2dOp
  | PadOp
  | MaxPool2dOp
  | AvgPool2dOp
  | AvgPoolSameOp
  | (OpBase & { type: 'AdaptiveAvgPool2d' | 'AdaptiveMaxPool2d'; outputSize: 1 })
  | FlattenOp
  | LinearOp
  | BatchNormOp
  | (OpBase & { type: 'ReLU' | 'Sigmoid' | 'Tanh' })
  | (OpBase & { type: 'LeakyReLU'; slope: number })
  | (OpBase & { type: 'ELU'; alpha: number })
  | (OpBase & { type: 'Softmax'; dim: 1 })
  | (OpBase & { type: 'Dropout'; p: number });

export type TorchOpType = TorchOp['type'];

/** An op before it has its place in the Sequential. */
type Draft = TorchOp extends infer T ? (T extends TorchOp ? Omit<T, 'index' | 'specLayer'> : never) : never;

const toSides = (p: Pads): PadSides => [p.left, p.right, p.top, p.bottom];
const isSymmetric = (p: Pads): boolean => p.top === p.bottom && p.left === p.right;
const noPads = (p: Pads): boolean => p.top + p.bottom + p.left + p.right === 0;
const padModeOf = (mode: PaddingMode): TorchPadMode => (mode === 'zeros' ? 'constant' : mode);

/** The op of an activation function; none for 'linear'. */
function activationOps(fn: LayerActivation): Draft[] {
  switch (fn) {
    case 'linear':
      return [];
    case 'relu':
      return [{ type: 'ReLU' }];
    case 'leakyRelu':
      return [{ type: 'LeakyReLU', slope: LEAKY_RELU_SLOPE }];
    case 'elu':
      return [{ type: 'ELU', alpha: ELU_ALPHA }];
    case 'sigmoid':
      return [{ type: 'Sigmoid' }];
    case 'tanh':
      return [{ type: 'Tanh' }];
    case 'softmax':
      // Over channels: TF's last axis is axis 1 of (N, C, H, W) and (N, C).
      return [{ type: 'Softmax', dim: 1 }];
  }
}

const params = (weight: WeightRole, bias: boolean): TorchParam[] => [{ name: 'weight', role: weight }, ...(bias ? [{ name: 'bias' as const, role: 'bias' as const }] : [])];

type ConvLayer = Extract<LayerSpec, { kind: 'conv2d' | 'separableConv2d' | 'depthwiseConv2d' }>;

/** A conv layer's ops: [Pad,] the conv (for separable: depthwise then pointwise), [activation]. */
function convOps(layer: ConvLayer, input: Shape3D): Result<Draft[]> {
  const window = slidingWindowOf(layer, input);
  if (window === null) return fail(`Layer ${layer.id} has no sliding window.`);
  const channels = input[2];
  const { pads, mode } = window;
  const inline = isSymmetric(pads);
  const padOps: Draft[] = inline || noPads(pads) ? [] : [{ type: 'Pad', pads: toSides(pads), mode: padModeOf(mode), value: 0 }];
  const geometry = {
    kernel: layer.kernelSize,
    stride: layer.strides,
    padding: (inline ? [pads.top, pads.left] : [0, 0]) satisfies Pair,
    dilation: layer.dilation,
    paddingMode: inline && !noPads(pads) ? mode : ('zeros' as const),
  };
  const convs: Draft[] = [];
  if (layer.kind === 'conv2d') {
    convs.push({ type: 'Conv2d', inChannels: channels, outChannels: layer.filters, ...geometry, groups: 1, bias: layer.useBias, params: params('kernel', layer.useBias) });
  } else {
    // Keras' depthwise step: depthMultiplier kernels per input channel, output channel c * multiplier + m.
    const depth = channels * layer.depthMultiplier;
    const depthBias = layer.kind === 'depthwiseConv2d' && layer.useBias;
    convs.push({ type: 'Conv2d', inChannels: channels, outChannels: depth, ...geometry, groups: channels, bias: depthBias, params: params('depthwise_kernel', depthBias) });
    if (layer.kind === 'separableConv2d') {
      convs.push({
        type: 'Conv2d',
        inChannels: depth,
        outChannels: layer.filters,
        kernel: [1, 1],
        stride: [1, 1],
        padding: [0, 0],
        dilation: [1, 1],
        paddingMode: 'zeros',
        groups: 1,
        bias: layer.useBias,
        params: params('pointwise_kernel', layer.useBias),
      });
    }
  }
  return succeed([...padOps, ...convs, ...activationOps(layer.activation)]);
}

type PoolLayer = Extract<LayerSpec, { kind: 'maxPool2d' | 'avgPool2d' }>;

function poolOps(layer: PoolLayer, input: Shape3D): Result<Draft[]> {
  const window = slidingWindowOf(layer, input);
  if (window === null) return fail(`Layer ${layer.id} has no sliding window.`);
  const { pads } = window;
  const kernel = layer.poolSize;
  const stride = layer.strides;
  const padding: Pair = [pads.top, pads.left];
  if (layer.kind === 'maxPool2d') {
    if (isSymmetric(pads)) return succeed([{ type: 'MaxPool2d', kernel, stride, padding }]);
    return succeed([
      { type: 'Pad', pads: toSides(pads), mode: 'constant', value: Number.NEGATIVE_INFINITY },
      { type: 'MaxPool2d', kernel, stride, padding: [0, 0] },
    ]);
  }
  // Explicit padding counts the padded zeros; 'same' (the only other way to pad) does not.
  if (window.countPadding || noPads(pads)) return succeed([{ type: 'AvgPool2d', kernel, stride, padding, countIncludePad: true }]);
  if (isSymmetric(pads)) return succeed([{ type: 'AvgPool2d', kernel, stride, padding, countIncludePad: false }]);
  return succeed([{ type: 'AvgPoolSame', kernel, stride, pads: toSides(pads) }]);
}

const asMap = (shape: TensorShape): Shape3D | null => (shape.length === 3 ? [shape[0] ?? 0, shape[1] ?? 0, shape[2] ?? 0] : null);

/** The ops of one layer; `flattened` is the map the features come from while no Linear has mixed them. */
function layerOps(layer: LayerSpec, input: TensorShape, flattened: Shape3D | null): Result<Draft[]> {
  const map = asMap(input);
  const features = input[input.length - 1] ?? 0;
  const needMap = (build: (m: Shape3D) => Result<Draft[]>): Result<Draft[]> => (map === null ? fail(`Layer ${layer.id} needs a feature map, not a vector.`) : build(map));
  switch (layer.kind) {
    case 'conv2d':
    case 'separableConv2d':
    case 'depthwiseConv2d':
      return needMap((m) => convOps(layer, m));
    case 'maxPool2d':
    case 'avgPool2d':
      return needMap((m) => poolOps(layer, m));
    case 'globalAvgPool2d':
    case 'globalMaxPool2d': {
      const type = layer.kind === 'globalAvgPool2d' ? 'AdaptiveAvgPool2d' : 'AdaptiveMaxPool2d';
      return needMap((m) => succeed([{ type, outputSize: 1 }, { type: 'Flatten', fromShape: [1, 1, m[2]] }]));
    }
    case 'flatten':
      return needMap((m) => succeed([{ type: 'Flatten', fromShape: m }]));
    case 'dense': {
      if (map !== null) return fail(`Layer ${layer.id} (dense) needs a vector: flatten the map first.`);
      const linear: Draft = { type: 'Linear', inFeatures: features, outFeatures: layer.units, bias: layer.useBias, flattenedFrom: flattened, params: params('kernel', layer.useBias) };
      return succeed([linear, ...activationOps(layer.activation)]);
    }
    case 'activation':
      return succeed(activationOps(layer.activation));
    case 'dropout':
      return succeed([{ type: 'Dropout', p: layer.rate }]);
    case 'batchNorm': {
      const bnParams: TorchParam[] = [
        { name: 'weight', role: 'gamma' },
        { name: 'bias', role: 'beta' },
        { name: 'running_mean', role: 'moving_mean' },
        { name: 'running_var', role: 'moving_variance' },
      ];
      const type = map === null ? 'BatchNorm1d' : 'BatchNorm2d';
      return succeed([{ type, features, eps: BATCH_NORM_EPS, momentum: BATCH_NORM_MOMENTUM, flattenedFrom: map === null ? flattened : null, params: bnParams }]);
    }
  }
}

/**
 * The PyTorch ops of a valid network, in forward order, each with its index in the Sequential and
 * its spec layer. Fails (with the first problem) for a network the core does not accept.
 */
export function torchOps(spec: NetworkSpec): Result<TorchOp[]> {
  const analysis = analyzeNetwork(spec);
  if (!analysis.valid) {
    const problem = analysis.problems.find((p) => p.severity === 'error');
    return fail(`The network cannot be exported until it is valid${problem ? `: ${problem.message}` : '.'}`);
  }
  const ops: TorchOp[] = [];
  // The map of the last Flatten, until a Linear mixes its features.
  let flattened: Shape3D | null = null;
  for (const [specLayer, layer] of spec.layers.entries()) {
    const input = analysis.layers[specLayer]?.inputShape;
    if (!input) return fail(`Layer ${specLayer + 1} has no known input shape.`);
    const drafts = layerOps(layer, input, flattened);
    if (!drafts.ok) return drafts;
    for (const draft of drafts.value) {
      ops.push({ ...draft, index: ops.length, specLayer } as TorchOp);
      if (draft.type === 'Flatten') flattened = draft.fromShape;
      if (draft.type === 'Linear') flattened = null;
    }
  }
  return succeed(ops);
}
