/**
 * What the benchmark's own pages (bare.html, convnet.html) offer the Node driver through
 * `window.kernelscopeBench`. Plain data only: it crosses a worker boundary and Playwright's.
 */

/** One timed run of the bare tfjs loop: the app's model and batches, no UI, no metrics. */
export interface BareRunOptions {
  /** A tfjs backend name ('cpu', 'webgl', 'wasm'); the page reports the one that really ran. */
  backend: string;
  presetId: string;
  batchSize: number;
  /** Batches trained (and synchronised) before the clock starts. */
  warmupBatches: number;
  /** Batches timed. */
  batches: number;
}

export interface BareRunResult {
  /** The backend tfjs ran on, and why (from src/tf/backend.ts). */
  backend: string;
  backendReason: string;
  examples: number;
  ms: number;
  examplesPerSecond: number;
  /** Loss of the last timed batch: proof the loop trained. */
  finalLoss: number;
}

/** One timed run of ConvNetJS on the small CNN. */
export interface ConvnetRunOptions {
  batchSize: number;
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
  /** Loads MNIST (once per page) and runs the timed loop. */
  run(options: BareRunOptions): Promise<BareRunResult>;
}

export interface ConvnetApi {
  run(options: ConvnetRunOptions): Promise<ConvnetRunResult>;
}

export interface BenchWindowApi {
  bare?: BareApi;
  convnet?: ConvnetApi;
}

/** Where the bench pages find the app's prepared MNIST assets (served next to them). */
export const BENCH_DATA_PATH = '../mnist/';

declare global {
  interface Window {
    kernelscopeBench?: BenchWindowApi;
  }
}
