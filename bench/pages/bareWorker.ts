/**
 * The bare tfjs loop: the app's own model builder, optimizer, batches and training step, with no
 * UI, no events and no metrics; the loss is read only to synchronise before and after the clock.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as Comlink from 'comlink';
import { COLOUR_SHAPES } from '../../src/core/dataset/builtin';
import { withDatasetClassifier } from '../../src/core/dataset/specDataset';
import { getPreset } from '../../src/core/editing/presets';
import { DEFAULT_SETTINGS, type BackendPreference } from '../../src/core/training/training';
import { createBatchBuffers, type ImageBatch, type ImageDataset } from '../../src/data';
import { initBackend, requestWasmThreads } from '../../src/tf/backend';
import { buildModel } from '../../src/tf/buildModel';
import { createOptimizer } from '../../src/tf/optimizers';
import { YIELD_INTERVAL_MS, yieldToEventLoop } from '../../src/engine/eventLoop';
import { batchTensors, trainStep } from '../../src/tf/trainStep';
import { benchDataset, createMnistOnce, ENGINE_EPOCH0_SEED } from './benchData';
import type { BareOpened, BareOpenOptions, BareSpanOptions, BareSpanResult } from './protocol';
import type { BareWorkerApi } from './workerApi';

const mnist = createMnistOnce();

/** The engine's batches in its order, epoch after epoch (the engine reshuffles with seed + epoch). */
function* engineBatches(dataset: ImageDataset, batchSize: number, inputSize: number): Generator<ImageBatch> {
  const buffers = createBatchBuffers(batchSize, inputSize, dataset.classes);
  for (let epoch = 0; ; epoch++) yield* dataset.trainBatches(batchSize, ENGINE_EPOCH0_SEED + epoch, buffers);
}

interface Session {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  batches: Generator<ImageBatch>;
  classes: number;
  inputShape: [number, number, number];
  /** Batches taken from `batches` so far (trained or skipped). */
  step: number;
}

let session: Session | null = null;

/**
 * Trains `count` batches, keeping only the last loss; returns it (still on the backend) and the
 * examples seen. Yields to the event loop as often as the engine does, as any loop that must answer
 * messages has to: what the comparison measures is then the engine's metrics, checkpoints and UI.
 */
async function train(s: Session, count: number): Promise<{ loss: tf.Scalar | null; examples: number }> {
  let loss: tf.Scalar | null = null;
  let examples = 0;
  let lastYield = performance.now();
  for (let i = 0; i < count; i++) {
    if (performance.now() - lastYield >= YIELD_INTERVAL_MS) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
    const batch = s.batches.next().value as ImageBatch;
    s.step += 1;
    const { x, y } = batchTensors(batch.xs, batch.ys, batch.size, s.inputShape, s.classes);
    const result = trainStep(s.model, s.optimizer, x, y);
    x.dispose();
    y.dispose();
    result.accuracy.dispose();
    loss?.dispose();
    loss = result.loss;
    examples += batch.size;
  }
  return { loss, examples };
}

/** Waits for the backend to finish queued work (WebGL runs asynchronously) and frees the scalar. */
async function settle(loss: tf.Scalar | null): Promise<number> {
  if (!loss) return NaN;
  const [value = NaN] = await loss.data();
  loss.dispose();
  return value;
}

async function open(options: BareOpenOptions): Promise<BareOpened> {
  await close();
  const preset = getPreset(options.presetId);
  if (!preset) throw new Error(`No preset '${options.presetId}'.`);
  if (options.wasmThreads !== undefined) requestWasmThreads(options.wasmThreads);
  const backend = await initBackend(options.backend as BackendPreference);
  const dataset = await benchDataset(options.dataset, mnist);
  const spec = options.spec ?? (options.dataset === 'colour-shapes' ? withDatasetClassifier(preset.spec, COLOUR_SHAPES) : preset.spec);
  const inputShape = spec.inputShape;
  const s: Session = {
    model: buildModel(spec).model,
    optimizer: createOptimizer(DEFAULT_SETTINGS.optimizer, DEFAULT_SETTINGS.learningRate),
    batches: engineBatches(dataset, options.batchSize, inputShape[0] * inputShape[1] * inputShape[2]),
    classes: dataset.classes,
    inputShape,
    step: 0,
  };
  session = s;
  await settle((await train(s, options.warmupBatches)).loss);
  return { backend: backend.name, backendReason: backend.reason, threads: backend.name === 'wasm' ? getThreadsCount() : 1 };
}

async function trainSpan(span: BareSpanOptions): Promise<BareSpanResult> {
  const s = session;
  if (!s) throw new Error('Open a bare session before timing it.');
  // Catch up by training, untimed: a model trained for fewer steps can run at another speed (the
  // cpu backend ran 30% slower on a younger model), so both must have trained alike.
  if (s.step < span.fromStep) await settle((await train(s, span.fromStep - s.step)).loss);
  const started = performance.now();
  const timed = await train(s, span.batches);
  const finalLoss = await settle(timed.loss);
  const ms = performance.now() - started;
  return { examples: timed.examples, ms, examplesPerSecond: (timed.examples * 1000) / ms, finalLoss };
}

function close(): Promise<void> {
  session?.optimizer.dispose();
  session?.model.dispose();
  session = null;
  return Promise.resolve();
}

const api: BareWorkerApi = { open, train: trainSpan, close, setDataUrl: (url) => mnist.setUrl(url) };
Comlink.expose(api);
