import * as tf from '@tensorflow/tfjs';
import type { NetworkSpec } from '../core/spec/spec';
import { learningRateAt, SHIFT_PIXELS } from '../core/training/training';
import { createBatchBuffers, mulberry32, shiftImages, type BatchBuffers, type ImageBatch } from '../data';
import { createOptimizer, setLearningRate } from '../tf/optimizers';
import { batchTensors, evaluateBatch, trainStep, type StepResult } from '../tf/trainStep';
import { checkpointWeights, type WeightCheckpoint } from '../tf/weights';
import { YIELD_INTERVAL_MS, yieldToEventLoop } from './eventLoop';
import type { BatchMetrics, EngineEvent, RunStart, TrainingSettings } from './protocol';

/** What training needs from a data set (ImageDataset is one). */
export interface TrainingData {
  readonly trainCount: number;
  readonly validationCount: number;
  /** How many classes the labels tell apart: the length of the one-hot labels. */
  readonly classes: number;
  /** Batches of images [size, h, w, c] in [0, 1] and one-hot labels [size, classes], written into `buffers`. */
  trainBatches(batchSize: number, epochSeed: number, buffers: BatchBuffers, firstBatch?: number): Iterable<ImageBatch>;
  validationBatches(batchSize: number, buffers: BatchBuffers): Iterable<ImageBatch>;
}

/** Metrics leave the engine this often, not per batch: a few messages a second keep the page cheap. */
export const FLUSH_INTERVAL_MS = 250;
/** Report after this many batches at the latest, however fast they come. */
export const MAX_PENDING_BATCHES = 12;
/**
 * On WebGL a step returns once its work is queued. More than this many queued steps would make
 * pause and predict wait for all of them (a dozen 4-second steps on a software renderer); two keep
 * the GPU busy while the next is queued.
 */
export const MAX_STEPS_IN_FLIGHT = 2;
const VALIDATION_BATCH_SIZE = 250;
/** Seed of epoch 0's shuffle (epoch e uses SHUFFLE_SEED + e); the benchmark replays the same batches. */
export const SHUFFLE_SEED = 20261122;
/** Seed of the augmentation's shifts; each batch draws its own from it, so a continued run repeats them. */
const AUGMENT_SEED = 0x5348; // 'SH'

type Emit = (event: EngineEvent) => void;

interface PendingStep extends Omit<BatchMetrics, 'loss' | 'accuracy'> {
  result: StepResult;
}

/**
 * Trains one model on one data set: the loop, pause/resume/stop, metrics, divergence handling.
 * Runs the same in a worker or on the main thread.
 */
export class TrainingSession {
  readonly model: tf.LayersModel;
  private readonly optimizer: tf.Optimizer;
  private pending: PendingStep[] = [];
  private step = 0;
  private windowStart = 0;
  private windowExamples = 0;
  private lastYield = 0;
  private stopRequested = false;
  private resumeSignal: { promise: Promise<void>; resolve: () => void } | null = null;
  /** True while batches are being trained (not while validating, paused or finished). */
  private stepping = false;
  /** Reads waiting for the next report (see atNextReport). */
  private reportReads: (() => Promise<void>)[] = [];
  /** Weights verified good (a later loss was finite), and the newest copy awaiting verification. */
  private verified: WeightCheckpoint;
  private candidate: WeightCheckpoint | null = null;
  private trainedThrough: { epoch: number; batch: number };
  /** The run's clock: ms trained before it last started, and when that was (null while stopped). */
  private clockMs: number;
  private clockSince: number | null = null;

  constructor(
    readonly spec: NetworkSpec,
    model: tf.LayersModel,
    readonly settings: TrainingSettings,
    private readonly data: TrainingData,
    private readonly emit: Emit,
    /** How often metrics leave the engine; tests use 0 to see every batch. */
    private readonly flushIntervalMs = FLUSH_INTERVAL_MS,
    /** Where a continued run picks up: the next batch to train, and the steps already taken. */
    private readonly from: RunStart = { epoch: 0, batch: 0, step: 0, seconds: 0 },
  ) {
    this.model = model;
    this.clockMs = from.seconds * 1000;
    this.step = from.step;
    this.trainedThrough = { epoch: from.epoch, batch: from.batch - 1 };
    this.optimizer = createOptimizer(settings.optimizer, settings.learningRate);
    this.verified = checkpointWeights(model);
  }

  /** True from run() until training has ended. */
  running = false;

  /** Training steps taken so far. */
  get steps(): number {
    return this.step;
  }

  /** The last batch trained (epoch and batch from 0); before the first step, the one before `from`. */
  get lastBatch(): { epoch: number; batch: number } {
    return this.trainedThrough;
  }

  /** Seconds the run has trained (validation included, pauses not), counted on from `from.seconds`. */
  get seconds(): number {
    return (this.clockMs + (this.clockSince === null ? 0 : performance.now() - this.clockSince)) / 1000;
  }

  private runClock(running: boolean): void {
    if (running && this.clockSince === null) this.clockSince = performance.now();
    if (!running && this.clockSince !== null) {
      this.clockMs += performance.now() - this.clockSince;
      this.clockSince = null;
    }
  }

  get paused(): boolean {
    return this.resumeSignal !== null;
  }

  pause(): void {
    if (this.resumeSignal || this.stopRequested) return;
    let resolve = () => {};
    const promise = new Promise<void>((r) => (resolve = r));
    this.resumeSignal = { promise, resolve };
  }

  resume(): void {
    const signal = this.resumeSignal;
    this.resumeSignal = null;
    signal?.resolve();
  }

  stop(): void {
    this.stopRequested = true;
    this.resume();
  }

  /**
   * Runs `read` right after the next progress report, which then comes at the end of the current
   * step, and before the next step starts: what it reads shows the weights of the step just
   * reported, and its answer reaches the page next to that report, so the page draws both in one
   * frame. Runs at once when no batches are being trained (validating, paused, ended).
   */
  atNextReport<T>(read: () => Promise<T>): Promise<T> {
    if (!this.stepping) return read();
    return new Promise<T>((resolve, reject) => {
      this.reportReads.push(() => read().then(resolve, reject));
    });
  }

  /** Runs every epoch; resolves when training ends for any reason. Never leaves tensors behind. */
  async run(): Promise<void> {
    this.running = true;
    this.runClock(true);
    try {
      await this.trainEpochs();
    } finally {
      this.runClock(false);
      this.stepping = false;
      this.running = false;
      await this.runReportReads();
    }
  }

  private async trainEpochs(): Promise<void> {
    const { batchSize, epochs } = this.settings;
    const batchesPerEpoch = Math.ceil(this.data.trainCount / batchSize);
    const totalSteps = epochs * batchesPerEpoch;
    const [h, w, c] = this.spec.inputShape;
    // Each batch is copied into a tensor before the next is written, so one buffer serves them all.
    const buffers = createBatchBuffers(batchSize, h * w * c, this.data.classes);
    const scratch = new Float32Array(h * w * c);
    const shift = this.settings.augmentation === 'shift';
    this.emit({ type: 'state', state: 'training' });
    this.restartWindow();
    for (let epoch = this.from.epoch; epoch < epochs; epoch++) {
      const firstBatch = epoch === this.from.epoch ? this.from.batch : 0;
      let batch = firstBatch;
      this.stepping = true;
      for (const examples of this.data.trainBatches(batchSize, SHUFFLE_SEED + epoch, buffers, firstBatch)) {
        if (this.resumeSignal) await this.waitWhilePaused(batchesPerEpoch);
        if (this.stopRequested) return await this.finish('stopped', batchesPerEpoch);
        const position = epoch * batchesPerEpoch + batch;
        if (shift) shiftImages(examples.xs, examples.size, [h, w, c], SHIFT_PIXELS, mulberry32(AUGMENT_SEED + position), scratch);
        setLearningRate(this.optimizer, learningRateAt(this.settings, position, totalSteps));
        const { x, y } = batchTensors(examples.xs, examples.ys, examples.size, [h, w, c], this.data.classes);
        const result = trainStep(this.model, this.optimizer, x, y);
        x.dispose();
        y.dispose();
        this.step += 1;
        this.trainedThrough = { epoch, batch };
        this.windowExamples += examples.size;
        this.pending.push({ epoch, batch, step: this.step, seconds: this.seconds, result });
        batch += 1;
        // Resolves at once on cpu and wasm, whose steps have run by now.
        await this.pending.at(-1 - MAX_STEPS_IN_FLIGHT)?.result.loss.data();
        // Messages first: a read that came in during this step is then answered at its end.
        if (performance.now() - this.lastYield >= YIELD_INTERVAL_MS) {
          await yieldToEventLoop();
          this.lastYield = performance.now();
        }
        const due = this.reportReads.length > 0 || performance.now() - this.windowStart >= this.flushIntervalMs || this.pending.length >= MAX_PENDING_BATCHES;
        if (due && !(await this.flush(batchesPerEpoch))) return;
      }
      if (!(await this.flush(batchesPerEpoch))) return;
      this.stepping = false;
      await this.runReportReads();
      if (this.stopRequested) return await this.finish('stopped', batchesPerEpoch);
      this.emit({ type: 'state', state: 'evaluating' });
      const validation = await this.evaluateValidation();
      if (!validation) return await this.finish('stopped', batchesPerEpoch);
      this.emit({ type: 'epoch', epoch, validationLoss: validation.loss, validationAccuracy: validation.accuracy, seconds: this.seconds });
      if (epoch + 1 < epochs) this.emit({ type: 'state', state: 'training' });
      this.restartWindow();
    }
    await this.finish('done', batchesPerEpoch);
  }

  /** Frees the optimizer's slots and the checkpoints; the model belongs to the caller. */
  dispose(): void {
    this.disposePending();
    this.verified.dispose();
    this.candidate?.dispose();
    this.candidate = null;
    this.optimizer.dispose();
  }

  /** Reports what is still pending, then the final state (unless that report found divergence). */
  private async finish(state: 'stopped' | 'done', batchesPerEpoch: number): Promise<void> {
    if (await this.flush(batchesPerEpoch)) this.emit({ type: 'state', state });
  }

  private async waitWhilePaused(batchesPerEpoch: number): Promise<void> {
    await this.flush(batchesPerEpoch);
    this.stepping = false;
    await this.runReportReads();
    this.emit({ type: 'state', state: 'paused' });
    this.runClock(false);
    while (this.resumeSignal) await this.resumeSignal.promise;
    this.runClock(true);
    if (!this.stopRequested) this.emit({ type: 'state', state: 'training' });
    this.stepping = true;
    this.restartWindow();
  }

  /** Runs the reads waiting for a report; true when there were any. */
  private async runReportReads(): Promise<boolean> {
    const reads = this.reportReads;
    this.reportReads = [];
    await Promise.all(reads.map((read) => read()));
    return reads.length > 0;
  }

  private restartWindow(): void {
    this.windowStart = performance.now();
    this.windowExamples = 0;
  }

  /**
   * Reports the pending batches. Returns false when the loss diverged: then the last verified weights
   * are back in the model and training has ended.
   */
  private async flush(batchesPerEpoch: number): Promise<boolean> {
    const steps = this.pending;
    this.pending = [];
    const values = steps.length > 0 ? await readScalars(steps) : null;
    // The reads waiting for this report run before it leaves, and the yield lets their answers go
    // first: the page holds such an answer until this report is in, and draws both in one frame.
    if (await this.runReportReads()) await yieldToEventLoop();
    return values ? this.report(steps, values, batchesPerEpoch) : true;
  }

  /** Sends the steps' metrics on, and checks them for divergence. */
  private report(steps: PendingStep[], values: Float32Array, batchesPerEpoch: number): boolean {
    const elapsedMs = performance.now() - this.windowStart;
    const metrics: BatchMetrics[] = steps.map((s, i) => ({
      epoch: s.epoch,
      batch: s.batch,
      step: s.step,
      seconds: s.seconds,
      loss: values[2 * i] ?? NaN,
      accuracy: values[2 * i + 1] ?? NaN,
    }));
    const firstBad = metrics.findIndex((m) => !Number.isFinite(m.loss));
    const good = firstBad === -1 ? metrics : metrics.slice(0, firstBad);
    if (good.length > 0) {
      this.emit({
        type: 'batches',
        metrics: good,
        examplesPerSecond: elapsedMs > 0 ? (this.windowExamples * 1000) / elapsedMs : 0,
        batchesPerEpoch,
      });
    }
    this.restartWindow();
    if (firstBad !== -1) {
      this.restoreVerified();
      const step = metrics[firstBad]?.step ?? this.step;
      this.emit({
        type: 'state',
        state: 'diverged',
        message:
          `The loss became ${String(metrics[firstBad]?.loss)} at step ${step}: training diverged and stopped. ` +
          `The last good weights were kept. Try a lower learning rate (for example ${this.settings.learningRate / 10}).`,
      });
      return false;
    }
    // The candidate's weights produced finite losses since it was taken, so it is now verified.
    if (this.candidate) {
      this.verified.dispose();
      this.verified = this.candidate;
    }
    this.candidate = checkpointWeights(this.model);
    return true;
  }

  private restoreVerified(): void {
    this.verified.restoreInto(this.model);
    this.candidate?.dispose();
    this.candidate = null;
  }

  private async evaluateValidation(): Promise<{ loss: number; accuracy: number } | null> {
    const [h, w, c] = this.spec.inputShape;
    const sums: tf.Scalar[] = [];
    const buffers = createBatchBuffers(VALIDATION_BATCH_SIZE, h * w * c, this.data.classes);
    let count = 0;
    for (const examples of this.data.validationBatches(VALIDATION_BATCH_SIZE, buffers)) {
      if (this.stopRequested) break;
      const { x, y } = batchTensors(examples.xs, examples.ys, examples.size, [h, w, c], this.data.classes);
      const { lossSum, correct } = evaluateBatch(this.model, x, y);
      x.dispose();
      y.dispose();
      sums.push(lossSum, correct);
      count += examples.size;
      await yieldToEventLoop();
    }
    if (this.stopRequested || sums.length === 0) {
      for (const s of sums) s.dispose();
      return null;
    }
    const totals = tf.tidy(() => tf.stack(sums).reshape([-1, 2]).sum(0));
    for (const s of sums) s.dispose();
    const [lossSum = NaN, correct = NaN] = await totals.data();
    totals.dispose();
    return { loss: lossSum / count, accuracy: correct / count };
  }

  private disposePending(): void {
    for (const s of this.pending) {
      s.result.loss.dispose();
      s.result.accuracy.dispose();
    }
    this.pending = [];
  }
}

/** Every step's loss and accuracy, in one transfer; frees the steps' scalars. */
async function readScalars(steps: readonly PendingStep[]): Promise<Float32Array> {
  const stacked = tf.tidy(() => tf.stack(steps.flatMap((s) => [s.result.loss, s.result.accuracy])));
  for (const s of steps) {
    s.result.loss.dispose();
    s.result.accuracy.dispose();
  }
  try {
    return (await stacked.data()) as Float32Array;
  } finally {
    stacked.dispose();
  }
}
