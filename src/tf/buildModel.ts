import * as tf from '@tensorflow/tfjs';
import type { Conv2DLayer, DepthwiseConv2DLayer, LayerActivation, LayerSpec, NetworkSpec, SeparableConv2DLayer } from '../core/spec';

/** Slope of leaky ReLU for negative inputs; PyTorch's default, so exported code behaves the same. */
export const LEAKY_RELU_ALPHA = 0.01;

export interface BuiltModel {
  model: tf.Sequential;
  /** For each spec layer, the tfjs layers it became (a conv with leaky ReLU becomes two). */
  layersBySpecIndex: tf.layers.Layer[][];
}

type TfActivation = 'linear' | 'relu' | 'elu' | 'sigmoid' | 'tanh' | 'softmax';

/** Splits a spec activation into what the tfjs layer applies itself and an extra layer if needed. */
function splitActivation(activation: LayerActivation): { inline: TfActivation; extra: 'leakyRelu' | null } {
  return activation === 'leakyRelu' ? { inline: 'linear', extra: 'leakyRelu' } : { inline: activation, extra: null };
}

/** The sliding-window options every conv kind shares, in tfjs's names. */
function windowOptions(layer: Conv2DLayer | SeparableConv2DLayer | DepthwiseConv2DLayer) {
  return { kernelSize: layer.kernelSize, strides: layer.strides, padding: layer.padding, dilationRate: layer.dilation };
}

function createTfLayers(layer: LayerSpec, name: string): tf.layers.Layer[] {
  switch (layer.kind) {
    case 'conv2d':
    case 'separableConv2d':
    case 'depthwiseConv2d': {
      const act = splitActivation(layer.activation);
      const common = { name, ...windowOptions(layer), activation: act.inline, useBias: layer.useBias };
      const conv =
        layer.kind === 'conv2d'
          ? tf.layers.conv2d({ ...common, filters: layer.filters })
          : layer.kind === 'separableConv2d'
            ? tf.layers.separableConv2d({ ...common, filters: layer.filters, depthMultiplier: layer.depthMultiplier })
            : tf.layers.depthwiseConv2d({ ...common, depthMultiplier: layer.depthMultiplier });
      return withExtraActivation(conv, act.extra, name);
    }
    case 'maxPool2d':
      return [tf.layers.maxPooling2d({ name, poolSize: layer.poolSize, strides: layer.strides, padding: layer.padding })];
    case 'avgPool2d':
      return [tf.layers.averagePooling2d({ name, poolSize: layer.poolSize, strides: layer.strides, padding: layer.padding })];
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

function withExtraActivation(layer: tf.layers.Layer, extra: 'leakyRelu' | null, name: string): tf.layers.Layer[] {
  return extra ? [layer, tf.layers.leakyReLU({ name: `${name}_leaky_relu`, alpha: LEAKY_RELU_ALPHA })] : [layer];
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
    const tfLayers = createTfLayers(layer, tfLayerName(layer, index));
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
