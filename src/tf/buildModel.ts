import * as tf from '@tensorflow/tfjs';
import { LEAKY_RELU_SLOPE } from '../core/math/convolution';
import { isExplicitPadding } from '../core/math/convMath';
import { slidingWindowOf } from '../core/math/slidingWindow';
import type { Conv2DLayer, DepthwiseConv2DLayer, LayerActivation, LayerSpec, NetworkSpec, Padding, SeparableConv2DLayer, TensorShape } from '../core/spec/spec';
import { BorderPadding2D, type BorderMode } from './paddingLayer';
import { Subsample2D } from './subsampleLayer';

/** Slope of leaky ReLU for negative inputs (PyTorch's default): the core's, so the reference math, the summaries and the model agree. */
export const LEAKY_RELU_ALPHA = LEAKY_RELU_SLOPE;

export interface BuiltModel {
  model: tf.Sequential;
  /**
   * For each spec layer, the tfjs layers it became, the one whose output is the spec layer's last:
   * a conv with leaky ReLU becomes two; explicit padding or a padding mode other than zeros puts a
   * BorderPadding2D step first; a conv with a stride and a dilation above 1 runs at stride 1 and a
   * Subsample2D step after it strides (before the LeakyReLU, if any).
   */
  layersBySpecIndex: tf.layers.Layer[][];
}

type TfActivation = 'linear' | 'relu' | 'elu' | 'sigmoid' | 'tanh' | 'softmax';

/** Splits a spec activation into what the tfjs layer applies itself and an extra layer if needed. */
function splitActivation(activation: LayerActivation): { inline: TfActivation; extra: 'leakyRelu' | null } {
  return activation === 'leakyRelu' ? { inline: 'linear', extra: 'leakyRelu' } : { inline: activation, extra: null };
}

/** tfjs's own padding when it matches the spec's: 'valid', or 'same' with zeros; null when a padding step must come first. */
function nativePadding(padding: Padding, mode: BorderMode): 'valid' | 'same' | null {
  if (isExplicitPadding(padding)) return null;
  // 'valid' pads nothing, so its mode never shows.
  return padding === 'valid' || mode === 'zeros' ? padding : null;
}

/** The sliding-window options every conv kind shares, in tfjs's names. */
function windowOptions(layer: Conv2DLayer | SeparableConv2DLayer | DepthwiseConv2DLayer, padding: 'valid' | 'same') {
  return { kernelSize: layer.kernelSize, strides: layer.strides, padding, dilationRate: layer.dilation };
}

/**
 * The padding step a conv or pool needs in front of it, or null: the cells slidingWindowOf says
 * the layer adds (the one padding rule), filled in `mode`.
 */
function paddingStep(layer: LayerSpec, input: TensorShape, mode: BorderMode, name: string): BorderPadding2D {
  const window = slidingWindowOf(layer, input);
  if (!window) throw new Error(`Layer ${name} has no sliding window on a ${input.join('x')} input.`);
  return new BorderPadding2D({ name: `${name}_pad`, pads: window.pads, mode });
}

function createTfLayers(layer: LayerSpec, name: string, input: TensorShape): tf.layers.Layer[] {
  switch (layer.kind) {
    case 'conv2d':
    case 'separableConv2d':
    case 'depthwiseConv2d': {
      const act = splitActivation(layer.activation);
      // tfjs refuses a stride above 1 with a dilation above 1 (any axis against any axis): such a
      // layer pads to the strided window's pads, convolves at stride 1 and keeps every s-th cell.
      const subsampled = layer.strides.some((s) => s > 1) && layer.dilation.some((d) => d > 1);
      const native = subsampled && layer.padding !== 'valid' ? null : nativePadding(layer.padding, layer.paddingMode);
      const window = windowOptions(layer, native ?? 'valid');
      const common = { name, ...window, strides: subsampled ? [1, 1] : window.strides, activation: act.inline, useBias: layer.useBias };
      const conv =
        layer.kind === 'conv2d'
          ? tf.layers.conv2d({ ...common, filters: layer.filters })
          : layer.kind === 'separableConv2d'
            ? tf.layers.separableConv2d({ ...common, filters: layer.filters, depthMultiplier: layer.depthMultiplier })
            : tf.layers.depthwiseConv2d({ ...common, depthMultiplier: layer.depthMultiplier });
      const padded = native === null ? [paddingStep(layer, input, layer.paddingMode, name)] : [];
      // The activation is cell-wise, so the conv may apply it before the subsampling.
      const strided = subsampled ? [conv, new Subsample2D({ name: `${name}_subsample`, strides: layer.strides })] : [conv];
      return [...padded, ...withExtraActivation(strided, act.extra, name)];
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const padding = isExplicitPadding(layer.padding) ? 'valid' : layer.padding;
      const options = { name, poolSize: layer.poolSize, strides: layer.strides, padding };
      const pool = layer.kind === 'maxPool2d' ? tf.layers.maxPooling2d(options) : tf.layers.averagePooling2d(options);
      if (!isExplicitPadding(layer.padding)) return [pool];
      // PyTorch pads a max pool with -inf, so a padded cell never wins. Copies of the edge cells do
      // the same exactly: every window holds a real cell (padding <= half the pool, which the core
      // checks), and any window that reaches a copy also holds the edge cell it copies. An average
      // pool counts padded zeros (count_include_pad=True): zeros, then a 'valid' average.
      return [paddingStep(layer, input, layer.kind === 'maxPool2d' ? 'replicate' : 'zeros', name), pool];
    }
    case 'globalAvgPool2d':
      return [tf.layers.globalAveragePooling2d({ name })];
    case 'globalMaxPool2d':
      return [tf.layers.globalMaxPooling2d({ name })];
    case 'flatten':
      return [tf.layers.flatten({ name })];
    case 'dense': {
      const act = splitActivation(layer.activation);
      const dense = tf.layers.dense({ name, units: layer.units, activation: act.inline, useBias: layer.useBias });
      return withExtraActivation(dense, act.extra, name);
    }
    case 'activation':
      return layer.activation === 'leakyRelu'
        ? [tf.layers.leakyReLU({ name, alpha: LEAKY_RELU_ALPHA })]
        : [tf.layers.activation({ name, activation: layer.activation })];
    case 'dropout':
      return [tf.layers.dropout({ name, rate: layer.rate })];
    case 'batchNorm':
      return [tf.layers.batchNormalization({ name })];
  }
}

function withExtraActivation(layers: tf.layers.Layer | tf.layers.Layer[], extra: 'leakyRelu' | null, name: string): tf.layers.Layer[] {
  const list = Array.isArray(layers) ? layers : [layers];
  return extra ? [...list, tf.layers.leakyReLU({ name: `${name}_leaky_relu`, alpha: LEAKY_RELU_ALPHA })] : list;
}

/**
 * Builds an untrained tfjs model from a spec the core has validated. Layer names are derived
 * from spec layer ids, so the same spec always yields the same weight names.
 * Throws (from tfjs) on an invalid spec: validate first.
 */
export function buildModel(spec: NetworkSpec): BuiltModel {
  const model = tf.sequential();
  const layersBySpecIndex: tf.layers.Layer[][] = [];
  model.add(tf.layers.inputLayer({ inputShape: spec.inputShape, name: 'input' }));
  spec.layers.forEach((layer, index) => {
    const input = (model.outputs[0]?.shape ?? []).slice(1) as TensorShape;
    const tfLayers = createTfLayers(layer, tfLayerName(layer, index), input);
    for (const tfLayer of tfLayers) model.add(tfLayer);
    layersBySpecIndex.push(tfLayers);
  });
  return { model, layersBySpecIndex };
}

/** tfjs layer names allow letters, digits, '_', '-', '.'; ids may hold anything. */
function tfLayerName(layer: LayerSpec, index: number): string {
  const safeId = layer.id.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `l${index}_${layer.kind}_${safeId}`;
}
