/** Layer activations on single cells and channel vectors, as tfjs-layers applies them. */
import type { LayerActivation } from '../spec/spec';
import type { FeatureMap } from './featureMap';

/**
 * Slope of leaky ReLU below 0: what the app builds (src/tf/buildModel.ts passes alpha 0.01, PyTorch's
 * default, so exported code agrees). tfjs-layers' own LeakyReLU default would be 0.3, and its
 * `activation` option has no 'leakyRelu' at all, so the default is never used.
 */
export const LEAKY_RELU_SLOPE = 0.01;
/** ELU's alpha: tfjs-layers' 'elu' activation only supports 1. */
export const ELU_ALPHA = 1;

/** The layer activations that act on one number alone; softmax needs a whole channel vector. */
export type CellwiseActivation = Exclude<LayerActivation, 'softmax'>;

export function isCellwiseActivation(fn: LayerActivation): fn is CellwiseActivation {
  return fn !== 'softmax';
}

/**
 * One cell's activation, as tfjs-layers applies it. The type refuses 'softmax' (it normalizes across
 * the channels at a position: use softmaxChannels or activateChannels); so does the runtime, with a
 * TypeError rather than a silently wrong number.
 */
export function activate(fn: CellwiseActivation, x: number): number {
  switch (fn) {
    case 'linear':
      return x;
    case 'relu':
      return x > 0 ? x : 0;
    case 'leakyRelu':
      return x < 0 ? LEAKY_RELU_SLOPE * x : x;
    case 'elu':
      return x >= 0 ? x : ELU_ALPHA * Math.expm1(x);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-x));
    case 'tanh':
      return Math.tanh(x);
    default:
      throw new TypeError(`activate: '${String(fn)}' is not a per-cell activation; softmax needs all channels (use softmaxChannels)`);
  }
}

/** Softmax over the channel values at one position (tfjs' axis -1), shifted by the max so large logits do not overflow. */
export function softmaxChannels(values: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] ?? 0);
  const exps = Array.from(values, (v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** Any layer activation over the channel vector at one position: what the animation's last step shows. */
export function activateChannels(fn: LayerActivation, values: ArrayLike<number>): number[] {
  return fn === 'softmax' ? softmaxChannels(values) : Array.from(values, (v) => activate(fn, v));
}

/** A layer activation over a whole map (softmax across channels at each position), to finish a reference layer. */
export function activateMap(fn: LayerActivation, map: FeatureMap): FeatureMap {
  const values = new Float32Array(map.values.length);
  if (fn === 'softmax') {
    for (let i = 0; i < values.length; i += map.channels) values.set(softmaxChannels(map.values.subarray(i, i + map.channels)), i);
  } else {
    for (let i = 0; i < values.length; i++) values[i] = activate(fn, map.values[i] ?? 0);
  }
  return { ...map, values };
}
