import * as tf from '@tensorflow/tfjs';
import { createBatchBuffers, type BatchBuffers, type ImageBatch } from '../data';
import { batchTensors } from '../tf/trainStep';
import { yieldToEventLoop } from './eventLoop';

/** What evaluation needs from a data set (ImageDataset is one). */
export interface TestData {
  readonly testCount: number;
  readonly classes: number;
  testBatches(batchSize: number, buffers?: BatchBuffers): Iterable<ImageBatch>;
  testLabels(): Uint8Array;
}

/** The model on every test image: mean loss, accuracy, and each image's class probabilities. */
export interface TestEvaluation {
  count: number;
  loss: number;
  accuracy: number;
  labels: Uint8Array;
  /** Row-major [count, classes]. */
  probabilities: Float32Array;
  classes: number;
}

const BATCH = 500;

/**
 * Runs the model over the whole test set in batches, yielding between them so other messages (and
 * a page on the same thread) get their turn. `onProgress` hears the fraction done. Leaves no tensors.
 */
export async function evaluateTestSet(model: tf.LayersModel, data: TestData, inputShape: readonly [number, number, number], onProgress?: (fraction: number) => void): Promise<TestEvaluation> {
  const [h, w, c] = inputShape;
  const classes = data.classes;
  const count = data.testCount;
  const probabilities = new Float32Array(count * classes);
  const buffers = createBatchBuffers(BATCH, h * w * c, classes);
  let lossSum = 0;
  let correct = 0;
  let done = 0;
  for (const batch of data.testBatches(BATCH, buffers)) {
    const { values, loss, hits } = tf.tidy(() => {
      const { x, y } = batchTensors(batch.xs, batch.ys, batch.size, [h, w, c], classes);
      const p = model.predict(x) as tf.Tensor2D;
      return {
        values: p,
        loss: tf.metrics.categoricalCrossentropy(y, p).sum(),
        hits: tf.metrics.categoricalAccuracy(y, p).sum(),
      };
    });
    try {
      const [rows, lossValue, hitValue] = await Promise.all([values.data(), loss.data(), hits.data()]);
      probabilities.set(rows, done * classes);
      lossSum += lossValue[0] ?? NaN;
      correct += hitValue[0] ?? NaN;
    } finally {
      tf.dispose([values, loss, hits]);
    }
    done += batch.size;
    onProgress?.(done / count);
    await yieldToEventLoop();
  }
  return { count: done, loss: lossSum / done, accuracy: correct / done, labels: data.testLabels(), probabilities, classes };
}
