import * as tf from '@tensorflow/tfjs';

/** Scalars of one training step, still on the backend; the caller reads them in batches. */
export interface StepResult {
  loss: tf.Scalar;
  /** Fraction of the batch classified correctly, in [0, 1]. */
  accuracy: tf.Scalar;
}

/** Builds tensors for one batch of [n, h, w, c] images and one-hot [n, classes] labels. */
export function batchTensors(
  xs: Float32Array,
  ys: Float32Array,
  size: number,
  inputShape: readonly [number, number, number],
  classes: number,
): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const [h, w, c] = inputShape;
  return {
    x: tf.tensor4d(xs.subarray(0, size * h * w * c), [size, h, w, c]),
    y: tf.tensor2d(ys.subarray(0, size * classes), [size, classes]),
  };
}

/**
 * One optimizer step on a batch. The model ends in softmax, so the loss is categorical cross-entropy
 * on probabilities. Returns kept scalars that the caller must dispose; nothing else survives.
 */
export function trainStep(model: tf.LayersModel, optimizer: tf.Optimizer, x: tf.Tensor, y: tf.Tensor): StepResult {
  return tf.tidy(() => {
    let accuracy: tf.Scalar | undefined;
    const loss = optimizer.minimize(() => {
      const predictions = model.apply(x, { training: true }) as tf.Tensor;
      // The predictions die with minimize's scope, so the accuracy is taken (and kept) in here.
      accuracy = tf.keep(tf.metrics.categoricalAccuracy(y, predictions).mean() as tf.Scalar);
      return tf.metrics.categoricalCrossentropy(y, predictions).mean() as tf.Scalar;
    }, true);
    if (!loss || !accuracy) throw new Error('The optimizer returned no loss.');
    return { loss, accuracy };
  });
}

/** Summed loss and correct count over a batch, for evaluation without gradients. */
export function evaluateBatch(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): { lossSum: tf.Scalar; correct: tf.Scalar } {
  return tf.tidy(() => {
    const predictions = model.predict(x) as tf.Tensor;
    return {
      lossSum: tf.metrics.categoricalCrossentropy(y, predictions).sum() as tf.Scalar,
      correct: tf.metrics.categoricalAccuracy(y, predictions).sum() as tf.Scalar,
    };
  });
}

/** Class probabilities for one image of the model's input shape. */
export function predictOne(model: tf.LayersModel, pixels: Float32Array, inputShape: readonly [number, number, number]): tf.Tensor1D {
  return tf.tidy(() => {
    const [h, w, c] = inputShape;
    const probs = model.predict(tf.tensor4d(pixels, [1, h, w, c])) as tf.Tensor;
    return probs.reshape([-1]) as tf.Tensor1D;
  });
}
