import * as tf from '@tensorflow/tfjs';
import type { Shape3D } from '../core/spec/spec';
import type { BuiltModel } from './buildModel';
import { readVariables, readVariablesSync, type WeightArray } from './weights';

/** One spec layer's output for one image: [h, w, c] for feature maps, [n] for vectors. */
export interface LayerOutput {
  shape: number[];
  values: Float32Array;
}

/**
 * Every spec layer's output from one predict. The model shares its layers (and so its weights) with
 * the model it was made from, so it always shows the current weights, also while they train.
 * It owns no tensors: never dispose it (that would free the shared weights); drop it instead.
 */
export interface ActivationModel {
  /** Runs one image ([h, w, c] values) through the network; typed arrays out, no tensors left. */
  activations(pixels: Float32Array): Promise<LayerOutput[]>;
  /** The same, read synchronously: for the wasm and cpu backends, whose reads need no waiting (a drawing's every pen move). */
  activationsSync(pixels: Float32Array): LayerOutput[];
}

export function createActivationModel(built: BuiltModel, inputShape: Shape3D): ActivationModel {
  const outputs = built.layersBySpecIndex.map((tfLayers) => {
    const last = tfLayers[tfLayers.length - 1];
    if (!last) throw new Error('A spec layer built no tfjs layer.');
    return last.output as tf.SymbolicTensor;
  });
  const shapes = outputs.map((o) => o.shape.slice(1) as number[]);
  const composite = outputs.length > 0 ? tf.model({ inputs: built.model.inputs, outputs }) : null;
  const [h, w, c] = inputShape;
  // One flat tensor, so every layer's values come back in a single read.
  const run = (model: tf.LayersModel, pixels: Float32Array) =>
    tf.tidy(() => {
      const result = model.predict(tf.tensor4d(pixels, [1, h, w, c]));
      const tensors = Array.isArray(result) ? result : [result];
      return tf.concat(tensors.map((t) => t.reshape([-1])));
    });
  const split = (values: Float32Array): LayerOutput[] => {
    let offset = 0;
    return shapes.map((shape) => {
      const size = shape.reduce((a, b) => a * b, 1);
      // slice copies: each layer gets its own buffer, so it can be transferred on its own.
      const layerValues = values.slice(offset, offset + size);
      offset += size;
      return { shape, values: layerValues };
    });
  };
  return {
    async activations(pixels) {
      if (!composite) return [];
      const flat = run(composite, pixels);
      try {
        return split(await flat.data<'float32'>());
      } finally {
        flat.dispose();
      }
    },
    activationsSync(pixels) {
      if (!composite) return [];
      const flat = run(composite, pixels);
      try {
        return split(flat.dataSync<'float32'>());
      } finally {
        flat.dispose();
      }
    },
  };
}

/** Copies of the weights of one spec layer's tfjs layers (kernel, bias, ...), in tfjs's order. */
export function readLayerWeights(built: BuiltModel, specIndex: number): Promise<WeightArray[]> {
  return readVariables(layerVariables(built, specIndex));
}

/** The same, read synchronously (wasm and cpu backends). */
export function readLayerWeightsSync(built: BuiltModel, specIndex: number): WeightArray[] {
  return readVariablesSync(layerVariables(built, specIndex));
}

const layerVariables = (built: BuiltModel, specIndex: number) => (built.layersBySpecIndex[specIndex] ?? []).flatMap((l) => l.weights);

/** The strongest response of one channel (or unit) of a spec layer to each image of a batch. */
export interface ChannelMaxima {
  /** Per image: the channel's largest value. */
  values: Float32Array;
  /** Per image: where it is, as a flat index row * width + col into the [h, w] map (0 for vectors). */
  positions: Int32Array;
}

/**
 * Runs `count` images ([count, h, w, c] values) up to spec layer `specIndex` and returns, per image,
 * the maximum of `channel` over all positions. The truncated model shares the weights; it is dropped,
 * never disposed.
 */
export async function channelMaxima(built: BuiltModel, specIndex: number, channel: number, images: Float32Array, count: number, inputShape: Shape3D): Promise<ChannelMaxima> {
  const last = built.layersBySpecIndex[specIndex]?.at(-1);
  if (!last) throw new Error(`The network has no layer ${specIndex + 1}.`);
  const truncated = tf.model({ inputs: built.model.inputs, outputs: last.output as tf.SymbolicTensor });
  const [h, w, c] = inputShape;
  const [maxima, argmax] = tf.tidy((): [tf.Tensor1D, tf.Tensor1D] => {
    const out = truncated.predict(tf.tensor4d(images.subarray(0, count * h * w * c), [count, h, w, c])) as tf.Tensor;
    const channels = out.shape[out.shape.length - 1] ?? 1;
    const perImage = out.reshape([count, -1, channels]);
    const picked = perImage.slice([0, 0, channel], [count, -1, 1]).reshape([count, -1]);
    return [picked.max(1) as tf.Tensor1D, picked.argMax(1) as tf.Tensor1D];
  });
  const [values, positions] = await Promise.all([maxima.data<'float32'>(), argmax.data<'int32'>()]);
  maxima.dispose();
  argmax.dispose();
  return { values: new Float32Array(values), positions: new Int32Array(positions) };
}
