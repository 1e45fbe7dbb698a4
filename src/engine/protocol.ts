/**
 * The one typed API between the page and the training engine, and the events the engine streams.
 * Both sides import only this module's types; the engine runs in a worker or, as a fallback, on the
 * main thread behind the same interface.
 */
import type { DatasetDescription } from '../core/dataset/description';
import type { NetworkSpec } from '../core/spec/spec';
import type { BackendName, BackendPreference, TrainingSettings } from '../core/training/training';

import type { LayersArtifacts } from '../core/export/layersModelFile';
import type { TestEvaluation } from './testEvaluation';
import type { Explanation } from '../tf/explanation';
import type { LayerOutput } from '../tf/inspection';
import type { WeightArray } from '../tf/weights';

export type { BackendName, BackendPreference, Explanation, LayerOutput, LayersArtifacts, TestEvaluation, TrainingSettings, WeightArray };

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
  /** Seconds the run had trained (validation included, pauses not) when this step ended. */
  seconds: number;
}

export type EngineEvent =
  /** A dataset's assets are downloading (the one the engine was last asked for). */
  | { type: 'data-progress'; datasetId: string; loadedBytes: number; totalBytes: number }
  | { type: 'data-ready'; datasetId: string; trainCount: number; validationCount: number; testCount: number; bytes: number; ms: number }
  | { type: 'backend'; name: BackendName; reason: string }
  | { type: 'state'; state: EngineState; message?: string }
  /** The engine's network was replaced (an edit, or Train on a network that had trained before). */
  | { type: 'network'; version: number }
  /** Batches since the last event; sent a few times per second, not per batch. */
  | { type: 'batches'; metrics: BatchMetrics[]; examplesPerSecond: number; batchesPerEpoch: number }
  | { type: 'epoch'; epoch: number; validationLoss: number; validationAccuracy: number; seconds: number }
  /** Training went back to the weights of this step (after a lost WebGL context); later metrics are void. */
  | { type: 'rewind'; step: number; epoch: number; batch: number }
  | { type: 'error'; message: string };

export type EngineEventListener = (event: EngineEvent) => void;

export interface EngineInit {
  /** The folder that holds each built-in dataset's prepared assets in a folder of its own, e.g. 'https://host/app/'. */
  dataRoot: string;
  /** The dataset to load first. */
  dataset: DatasetDescription;
  backend: BackendPreference;
}

/** The image the inside view looks at: a test image by index, or pixels the page supplies (a drawing). */
export type ProbeSource = { kind: 'test'; index: number } | { kind: 'pixels'; pixels: Float32Array; label: number | null };

export interface InspectRequest {
  probe: ProbeSource;
  /** Spec layers whose weights to read as well (the filters view); empty for none. */
  weightsOf: readonly number[];
  /**
   * While training, answer right after the next progress report (the end of the current step), so
   * the page redraws the maps in the same frame as the status and curves: a live refresh then costs
   * no frame of its own. Answered at once when not training.
   */
  withNextReport?: boolean;
}

/** What the inside view draws from: every layer's output for the probe, and some layers' weights. */
export interface InspectionSnapshot {
  /** Which network these come from: changes with every setNetwork and start. */
  networkVersion: number;
  /** Training steps behind these weights; 0 for a fresh network. */
  step: number;
  probe: { pixels: Float32Array; label: number | null; testIndex: number | null };
  /** One entry per spec layer, in order. */
  layers: LayerOutput[];
  weights: { layerIndex: number; arrays: WeightArray[] }[];
}

/** The engine's current model as plain data: what an inference copy (or a checkpoint) is made from. */
export interface ModelSnapshot {
  /** Which network: changes with every setNetwork and start. */
  networkVersion: number;
  /** Training steps behind these weights; 0 for a fresh network. */
  step: number;
  /** The last batch trained (epoch and batch from 0); null for a fresh network. */
  lastBatch: { epoch: number; batch: number } | null;
  spec: NetworkSpec;
  /** Every weight of the model, in the model's weight order. */
  weights: WeightArray[];
}

/** What the engine needs to bring back a trained model. */
export interface TrainedModel {
  spec: NetworkSpec;
  /** One array per model weight, in the model's weight order (the core's weightLayout). */
  weights: Float32Array[];
  /** Training steps behind these weights, and the last batch they trained on. */
  step: number;
  lastBatch: { epoch: number; batch: number };
}

/** Where a continued run picks up: the next batch to train (epoch and batch from 0) and the steps before it. */
export interface RunStart {
  epoch: number;
  batch: number;
  step: number;
  /** Seconds the run had trained before (its clock goes on from here). */
  seconds: number;
}

/** A test image that excites one channel strongly. */
export interface TopActivation {
  testIndex: number;
  label: number;
  /** The channel's largest value on this image, and where: [row, col] of the layer's map. */
  value: number;
  position: [number, number];
  pixels: Float32Array;
}

export interface EngineApi {
  /** Starts the backend and loads the dataset, streaming events to the listener. Resolves when data is ready. */
  init(options: EngineInit, listener: EngineEventListener): Promise<void>;
  /**
   * Trains and probes on this dataset from now on: loads it (with data-progress events, then
   * data-ready) unless it is the current one. A later call supersedes one still loading. Refused
   * while training runs; the current network stays until the page sets one for the dataset.
   */
  useDataset(dataset: DatasetDescription): Promise<void>;
  /**
   * Switches the backend ('auto' picks the fastest here). The current model, if any, stays: tfjs
   * moves its weights to the new backend when they are next used. Refused while training runs.
   */
  setBackend(preference: BackendPreference): Promise<void>;
  /**
   * Trains a fresh model of this spec, or with `from`, trains the current trained model on from
   * that batch (a fresh optimizer; refused when the model does not fit the spec). Resolves once
   * training has started.
   */
  start(spec: NetworkSpec, settings: TrainingSettings, from?: RunStart): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Builds a fresh, untrained model of this spec for the inside view (and for the next Train),
   * freeing any earlier model. Refused while training runs. Resolves to the new network version.
   */
  setNetwork(spec: NetworkSpec): Promise<number>;
  /** One predict of every layer's output for the probe; null without a network or (for test probes) before the dataset is ready. */
  inspect(request: InspectRequest): Promise<InspectionSnapshot | null>;
  /** The test set's labels, so the page can find "a 7" without asking. Empty before the dataset is ready. */
  testLabels(): Promise<Uint8Array>;
  /**
   * The `count` test images among the first `sampleSize` that make `channel` of spec layer
   * `layerIndex` respond most, strongest first. `onProgress` hears the fraction done.
   */
  topActivations(layerIndex: number, channel: number, sampleSize: number, count: number, onProgress?: (fraction: number) => void): Promise<TopActivation[]>;
  /** Class probabilities (one per class) for one image of the network's input shape, values in [0, 1]; null without a model. */
  predict(pixels: Float32Array): Promise<Float32Array | null>;
  /** The current network and its weights, or null without a model. */
  snapshot(): Promise<ModelSnapshot | null>;
  /**
   * Replaces the network with a trained one (a checkpoint, a save, a file): builds the spec and
   * writes the weights, given in the model's weight order. Refused while training runs, and when
   * a weight's size does not fit. Resolves to the new network version.
   */
  restore(model: TrainedModel): Promise<number>;
  /** The current model in tfjs's Layers format (what model.save writes), or null without a model. */
  layersArtifacts(): Promise<LayersArtifacts | null>;
  /**
   * The current model on every test image: loss, accuracy and every image's probabilities (for the
   * confusion matrix). Refused while training steps run; null without a model or before the dataset
   * is ready. `onProgress` hears the fraction done.
   */
  evaluateTest(onProgress?: (fraction: number) => void): Promise<TestEvaluation | null>;
  /** These test images, scaled to [0, 1], one after another (h * w * c values each); empty before the dataset is ready. */
  testImages(indices: readonly number[]): Promise<Float32Array>;
  /** Loses the WebGL context as a GPU reset would, for the tests of the recovery; false when not on WebGL. */
  loseContextForTest(): Promise<boolean>;
  /** Live tensor count, for leak checks. */
  tensorCount(): Promise<number>;
}

/**
 * A layer's weight by its role ('kernel', 'bias', 'depthwise_kernel', ...). tfjs names weights
 * "<layer>/<role>" and appends "_N" when the name is taken (models built side by side), so the role is
 * matched with that suffix allowed.
 */
export function weightByRole<W extends { name: string }>(arrays: readonly W[] | null, role: string): W | null {
  const pattern = new RegExp(`/${role}(_\\d+)?$`);
  return arrays?.find((a) => pattern.test(a.name)) ?? null;
}
