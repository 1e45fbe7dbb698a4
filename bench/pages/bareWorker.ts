/**
 * The bare tfjs loop: the app's own model builder, optimizer, batches and training step, with no
 * UI, no events and no metrics; the loss is read only to synchronise before and after the clock.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { getPreset } from '../../src/core/presets';
import { DEFAULT_SETTINGS, type BackendPreference } from '../../src/core/training';
import { createBatchBuffers, NUM_CLASSES } from '../../src/data';
import { initBackend } from '../../src/tf/backend';
import { buildModel } from '../../src/tf/buildModel';
import { createOptimizer } from '../../src/tf/optimizers';
import { batchTensors, trainStep } from '../../src/tf/trainStep';
import { createMnistOnce, ENGINE_EPOCH0_SEED } from './benchData';
import type { BareRunOptions, BareRunResult } from './protocol';
import type { BareWorkerApi } from './workerApi';

const mnist = createMnistOnce();

async function run(options: BareRunOptions): Promise<BareRunResult> {
  const preset = getPreset(options.presetId);
  if (!preset) throw new Error(`No preset '${options.presetId}'.`);
  const backend = await initBackend(options.backend as BackendPreference);
  const dataset = await mnist.get();
  const spec = preset.spec;
  const [h, w, c] = spec.inputShape;
  const { model } = buildModel(spec);
  const optimizer = createOptimizer(DEFAULT_SETTINGS.optimizer, DEFAULT_SETTINGS.learningRate);
  const buffers = createBatchBuffers(options.batchSize, h * w * c);
  const batches = dataset.trainBatches(options.batchSize, ENGINE_EPOCH0_SEED, buffers);

  /** Trains `count` batches, keeping only the last loss; returns it (still on the backend) and the examples seen. */
  const train = (count: number): { loss: tf.Scalar | null; examples: number } => {
    let loss: tf.Scalar | null = null;
    let examples = 0;
    for (let i = 0; i < count; i++) {
      const next = batches.next();
      if (next.done) throw new Error('The benchmark asked for more batches than one epoch holds.');
      const { x, y } = batchTensors(next.value.xs, next.value.ys, next.value.size, [h, w, c], NUM_CLASSES);
      const result = trainStep(model, optimizer, x, y);
      x.dispose();
      y.dispose();
      result.accuracy.dispose();
      loss?.dispose();
      loss = result.loss;
      examples += next.value.size;
    }
    return { loss, examples };
  };
  /** Waits for the backend to finish queued work (WebGL runs asynchronously) and frees the scalar. */
  const settle = async (loss: tf.Scalar | null): Promise<number> => {
    if (!loss) return NaN;
    const [value = NaN] = await loss.data();
    loss.dispose();
    return value;
  };

  try {
    await settle(train(options.warmupBatches).loss);
    const started = performance.now();
    const timed = train(options.batches);
    const finalLoss = await settle(timed.loss);
    const ms = performance.now() - started;
    return { backend: backend.name, backendReason: backend.reason, examples: timed.examples, ms, examplesPerSecond: (timed.examples * 1000) / ms, finalLoss };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

const api: BareWorkerApi = { run, setDataUrl: (url) => mnist.setUrl(url) };
Comlink.expose(api);
