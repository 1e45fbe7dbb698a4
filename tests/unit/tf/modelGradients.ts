import * as tf from '@tensorflow/tfjs';

/** A fixed batch of random images [n, h, w, 1] in [lo, hi] and one-hot labels cycling 0..9 (kept until disposed). */
export function randomBatch(n: number, [h, w]: readonly [number, number], seed: number, [lo, hi]: readonly [number, number] = [-1, 1]): { x: tf.Tensor4D; y: tf.Tensor2D } {
  return tf.tidy(() => ({
    x: tf.randomUniform([n, h, w, 1], lo, hi, 'float32', seed) as tf.Tensor4D,
    y: tf.oneHot(tf.tensor1d(Array.from({ length: n }, (_, i) => i % 10), 'int32'), 10).toFloat() as tf.Tensor2D,
  }));
}

/** Gradients of the batch's cross-entropy with respect to every trainable weight (dropout-free specs), on the current backend. */
export function modelGradients(model: tf.LayersModel, batch: () => { x: tf.Tensor4D; y: tf.Tensor2D }): Float32Array[] {
  return tf.tidy(() => {
    const { x, y } = batch();
    const { grads } = tf.variableGrads(() => tf.metrics.categoricalCrossentropy(y, model.apply(x, { training: true }) as tf.Tensor).mean() as tf.Scalar);
    return model.trainableWeights.map((w) => grads[w.name]!.dataSync() as Float32Array);
  });
}
