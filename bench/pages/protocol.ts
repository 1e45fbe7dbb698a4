import type { NetworkSpec } from '../../src/core/spec/spec';

/**
 * What the benchmark's own pages (bare.html, convnet.html) offer the Node driver through
 * `window.kernelscopeBench`. Plain data only: it crosses a worker boundary and Playwright's.
 */

/**
 * The bare tfjs loop: the app's model and batches, no UI, no metrics. One session per model: it is
 * opened (and warmed up) once, then times spans of batches that the driver interleaves with the
 * engine's, so drift on a shared machine hits both alike.
 */
export interface BareOpenOptions {
  /** A tfjs backend name ('cpu', 'webgl', 'wasm'); the page reports the one that really ran. */
  backend: string;
  presetId: string;
  batchSize: number;
  /** Batches trained (and synchronised) before any span is timed. */
  warmupBatches: number;
  /** XNNPACK threads for wasm; the app's choice (one per core) when absent. */
  wasmThreads?: number;
  /** The images: MNIST (absent) or the generated Colour shapes (the preset then made for them). */
  dataset?: BenchDatasetId;
  /** A network to train instead of the preset's (figure 17's ConvNetJS CIFAR-10 layers). */
  spec?: NetworkSpec;
}

/** The datasets the bench pages can train on: MNIST, and the generated colour images (figure 17). */
export type BenchDatasetId = 'mnist' | 'colour-shapes';

export interface BareOpened {
  /** The backend tfjs runs on, and why (from src/tf/backend.ts). */
  backend: string;
  backendReason: string;
  /** Threads wasm really runs (1 elsewhere). */
  threads: number;
}

/**
 * Times `batches` batches of the engine's sequence from step `fromStep + 1` on: the loop first
 * catches up (training, untimed) when it is behind, and simply goes on when it is already past.
 */
export interface BareSpanOptions {
  fromStep: number;
  batches: number;
}

export interface BareSpanResult {
  examples: number;
  ms: number;
  examplesPerSecond: number;
  /** Loss of the last timed batch: proof the loop trained. */
  finalLoss: number;
}

/** One timed run of ConvNetJS on the small CNN (or, figure 17, its CIFAR-10 demo's network on colour images). */
export interface ConvnetRunOptions {
  batchSize: number;
  /** Absent: the small CNN on MNIST. */
  network?: 'small-cnn' | 'cifar10-demo';
  dataset?: BenchDatasetId;
  /** Examples trained before the clock starts. */
  warmupExamples: number;
  /** Examples timed. */
  examples: number;
}

export interface ConvnetRunResult {
  examples: number;
  ms: number;
  examplesPerSecond: number;
  /** Mean softmax loss over the timed examples. */
  meanLoss: number;
}

export interface BareApi {
  /** Loads MNIST (once per page), builds the model and trains the warm-up batches. */
  open(options: BareOpenOptions): Promise<BareOpened>;
  train(span: BareSpanOptions): Promise<BareSpanResult>;
  /** Frees the model; the page can open another. */
  close(): Promise<void>;
}

export interface ConvnetApi {
  run(options: ConvnetRunOptions): Promise<ConvnetRunResult>;
}

/**
 * Figure 15: ConvNetJS's own MNIST demo (its network, its trainer, its way of feeding images),
 * trained on a clock that the driver stops to test it. One demo per page at a time.
 */
export interface ConvnetDemoOpenOptions {
  /** Seeds the sampling of training images and crops (the weights start from ConvNetJS's own Math.random). */
  seed: number;
}

export interface ConvnetDemoOpened {
  trainCount: number;
  testCount: number;
  /** Weights and biases in the network. */
  parameters: number;
  /** The layers ConvNetJS built, e.g. 'input 24x24x1, conv 24x24x8, ...'. */
  layers: string;
}

export interface ConvnetDemoTrained {
  /** Training time so far, summed over the clocked spans, ms. */
  trainedMs: number;
  /** Examples trained so far. */
  examples: number;
  /** Mean softmax loss over this span's examples. */
  meanLoss: number;
}

/**
 * How test images are fed: 'centre', the centre 24x24 crop once; 'demo', as the demo predicts: the
 * softmax averaged over 4 random 24x24 crops (4 forward passes an image).
 */
export type ConvnetDemoCrops = 'centre' | 'demo';

export interface ConvnetDemoTested {
  crops: ConvnetDemoCrops;
  correct: number;
  count: number;
  accuracy: number;
  /** Time the test took (off the training clock). */
  ms: number;
}

export interface ConvnetDemoApi {
  /** Loads MNIST (once per page) and builds the demo's network and trainer afresh. */
  open(options: ConvnetDemoOpenOptions): Promise<ConvnetDemoOpened>;
  /** Trains, one example after another, until the clock reads `untilMs` of training in all. */
  trainUntil(untilMs: number): Promise<ConvnetDemoTrained>;
  /** Classifies all the official test images. */
  test(crops: ConvnetDemoCrops): Promise<ConvnetDemoTested>;
}

export interface BenchWindowApi {
  bare?: BareApi;
  convnet?: ConvnetApi;
  convnetDemo?: ConvnetDemoApi;
}

/** Where the bench pages find the app's prepared MNIST assets (served next to them). */
export const BENCH_DATA_PATH = '../mnist/';

declare global {
  interface Window {
    kernelscopeBench?: BenchWindowApi;
  }
}
