import * as tf from '@tensorflow/tfjs';
import { createLayer } from '../core/spec/registry';
import { SPEC_VERSION, type NetworkSpec } from '../core/spec/spec';
import { buildModel } from './buildModel';
import { createOptimizer } from './optimizers';
import { trainStep } from './trainStep';

const PROBE_SPEC: NetworkSpec = {
  version: SPEC_VERSION,
  inputShape: [28, 28, 1],
  layers: [
    createLayer('conv2d', 'probe-conv', { filters: 8, kernelSize: [5, 5], activation: 'relu' }),
    createLayer('maxPool2d', 'probe-pool'),
    createLayer('flatten', 'probe-flatten'),
    createLayer('dense', 'probe-out', { units: 10, activation: 'softmax' }),
  ],
};
const BATCH = 32;
const WARMUP_STEPS = 2;
const TIMED_STEPS = 3;

/**
 * Milliseconds per training step of a small conv net on the active backend, after warm-up (shader
 * compilation, wasm start-up). About a second in all on a slow backend; frees everything it makes.
 */
export async function timeTrainingStep(): Promise<number> {
  const { model } = buildModel(PROBE_SPEC);
  const optimizer = createOptimizer('sgd', 0.01);
  const [x, y] = tf.tidy(() => [tf.randomUniform([BATCH, 28, 28, 1]), tf.oneHot(tf.zeros([BATCH], 'int32'), 10).toFloat()]);
  try {
    const step = async () => {
      const { loss, accuracy } = trainStep(model, optimizer, x, y);
      await loss.data();
      loss.dispose();
      accuracy.dispose();
    };
    for (let i = 0; i < WARMUP_STEPS; i++) await step();
    const start = performance.now();
    for (let i = 0; i < TIMED_STEPS; i++) await step();
    return (performance.now() - start) / TIMED_STEPS;
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
}
