/**
 * The one typed API between the page and the training engine, and the events the engine streams.
 * Both sides import only this module's types; the engine runs in a worker or, as a fallback, on the
 * main thread behind the same interface.
 */
import type { NetworkSpec } from '../core/spec';
import type { BackendName, BackendPreference, TrainingSettings } from '../core/training';

import type { WeightArray } from '../tf/weights';

export type { BackendName, BackendPreference, TrainingSettings, WeightArray };

export type EngineState = 'loading' | 'ready' | 'training' | 'paused' | 'evaluating' | 'stopped' | 'done' | 'diverged' | 'failed';

/** Metrics of one training batch. */
export interface BatchMetrics {
  epoch: number;
  /** Index of the batch within its epoch, from 0. */
  batch: number;
  /** Batches since training started, from 1. */
  step: number;
  loss: number;
  accuracy: number;
}

export type EngineEvent =
  | { type: 'data-progress'; loadedBytes: number; totalBytes: number }
  | { type: 'data-ready'; trainCount: number; validationCount: number; testCount: number; bytes: number; ms: number }
  | { type: 'backend'; name: BackendName; reason: string }
  | { type: 'state'; state: EngineState; message?: string }
  /** Batches since the last event; sent a few times per second, not per batch. */
  | { type: 'batches'; metrics: BatchMetrics[]; examplesPerSecond: number; batchesPerEpoch: number }
  | { type: 'epoch'; epoch: number; validationLoss: number; validationAccuracy: number }
  | { type: 'error'; message: string };

export type EngineEventListener = (event: EngineEvent) => void;

export interface EngineInit {
  /** Where the prepared MNIST assets are served, e.g. '/mnist/'. */
  dataUrl: string;
  backend: BackendPreference;
}

export interface EngineApi {
  /** Starts the backend and loads MNIST, streaming events to the listener. Resolves when data is ready. */
  init(options: EngineInit, listener: EngineEventListener): Promise<void>;
  /**
   * Switches the backend ('auto' picks the fastest here). The current model, if any, stays: tfjs
   * moves its weights to the new backend when they are next used. Refused while training runs.
   */
  setBackend(preference: BackendPreference): Promise<void>;
  /** Trains a fresh model of this spec. Resolves once training has started. */
  start(spec: NetworkSpec, settings: TrainingSettings): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  /** Class probabilities (10 values) for one 28x28 image with values in [0, 1]; null without a model. */
  predict(pixels: Float32Array): Promise<Float32Array | null>;
  /** The current weights, or null without a model. */
  snapshot(): Promise<WeightArray[] | null>;
  /** Live tensor count, for leak checks. */
  tensorCount(): Promise<number>;
}
