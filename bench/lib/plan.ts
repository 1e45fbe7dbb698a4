/**
 * How much the benchmark measures in each mode. Full: about 50 minutes on a 2-core machine; quick
 * (`--quick`, for CI): about 6 minutes, the same code paths with fewer batches and shorter windows.
 */

export const BACKENDS = ['cpu', 'webgl', 'wasm'] as const;
export type BenchBackend = (typeof BACKENDS)[number];
export const PRESET_IDS = ['small-cnn', 'mnist-cnn'] as const;
export type BenchPresetId = (typeof PRESET_IDS)[number];

export interface SpanPlan {
  /** Batches trained before timing starts (model build, shader compilation, first-batch costs). */
  warmupBatches: number;
  /** An engine span ends at its first report at least this many batches and ms after it started. */
  minBatches: number;
  minMs: number;
  /** Give up on a span (a failed figure) after this long. */
  timeoutMs: number;
  /** Engine and bare time one span each per round, alternating which goes first. */
  rounds: number;
  /** Skip this preset on a backend where the engine trained small-cnn slower than this (examples/s). */
  skipBelowSmallCnnRate: number;
}

export interface BenchPlan {
  mode: 'full' | 'quick';
  /** Figure numbers to measure (`--only=9,10,11`); null for all. */
  only: number[] | null;
  /** `?backend=` for the figures that use the app's default backend (3, 4, 6, 10, 11); null: the app decides. */
  appBackend: string | null;
  batchSize: number;
  speed: Record<BenchPresetId, SpanPlan>;
  convnet: { warmupExamples: number; examples: number };
  responsiveness: { windowMs: number };
  predict: { calls: number; maxMsPerPhase: number };
  tensors: { batchSize: number; steps: number; timeoutMs: number };
  /** wasm with one thread vs one per core, per preset measured: bare-loop spans of `batches`, alternating, `rounds` each. */
  threads: Partial<Record<BenchPresetId, { warmupBatches: number; batches: number; rounds: number }>>;
  /** Timed edits on the 30-layer network in the builder. */
  builderEdits: number;
  /** Figure 9, the inside view on vs off while training on wasm: rounds (one span of each, `speed`'s spans) per preset measured. */
  insideView: Partial<Record<BenchPresetId, number>>;
  /** Figure 11: timed edits of the classic CNN, each to its feature maps redrawn. */
  mapEdits: number;
  /** Figure 13: pointer moves timed per phase (idle, training), and rounds of spans with and without a hand drawing. */
  drawing: { moves: number; rounds: number };
  /** Figure 14: checkpoints timed, one at the Pause after each timed training span. */
  keep: { checkpoints: number };
  /**
   * Figure 15: ConvNetJS's demo is tested every `convnetEvalEveryMs` of training until 99% or
   * `convnetCapMs`; `convnetDemoTest`: its final network also tested the demo's way (4 crops, 4x the
   * passes); `best`: also the app's "Best accuracy" run (about 5 minutes of training).
   */
  timeToAccuracy: { convnetCapMs: number; convnetEvalEveryMs: number; convnetDemoTest: boolean; best: boolean };
  /** Figure 17, colour images: batches trained untimed, then timed, per contender (ConvNetJS the same count of examples). */
  colour: { warmupBatches: number; batches: number };
  /** Figure 18: photos of width x height imported as a folder of three classes. */
  ownImport: { photos: number; width: number; height: number };
}

const FULL: BenchPlan = {
  mode: 'full',
  only: null,
  appBackend: null,
  batchSize: 64,
  speed: {
    'small-cnn': { warmupBatches: 5, minBatches: 10, minMs: 1_500, timeoutMs: 60_000, rounds: 12, skipBelowSmallCnnRate: 0 },
    'mnist-cnn': { warmupBatches: 2, minBatches: 2, minMs: 3_000, timeoutMs: 120_000, rounds: 4, skipBelowSmallCnnRate: 0 },
  },
  convnet: { warmupExamples: 128, examples: 2_560 },
  responsiveness: { windowMs: 20_000 },
  predict: { calls: 200, maxMsPerPhase: 60_000 },
  tensors: { batchSize: 32, steps: 500, timeoutMs: 420_000 },
  threads: {
    'small-cnn': { warmupBatches: 5, batches: 80, rounds: 8 },
    'mnist-cnn': { warmupBatches: 2, batches: 10, rounds: 6 },
  },
  builderEdits: 40,
  insideView: { 'small-cnn': 12, 'mnist-cnn': 4 },
  mapEdits: 30,
  drawing: { moves: 400, rounds: 4 },
  keep: { checkpoints: 6 },
  timeToAccuracy: { convnetCapMs: 600_000, convnetEvalEveryMs: 15_000, convnetDemoTest: true, best: true },
  colour: { warmupBatches: 5, batches: 40 },
  ownImport: { photos: 1000, width: 640, height: 480 },
};

const QUICK: BenchPlan = {
  mode: 'quick',
  only: null,
  appBackend: null,
  batchSize: 64,
  speed: {
    'small-cnn': { warmupBatches: 3, minBatches: 5, minMs: 1_500, timeoutMs: 60_000, rounds: 2, skipBelowSmallCnnRate: 0 },
    // 4-8 s a batch on the CPU and software WebGL (small-cnn there: 80-200 examples/s): only where fast.
    'mnist-cnn': { warmupBatches: 1, minBatches: 2, minMs: 1_500, timeoutMs: 60_000, rounds: 2, skipBelowSmallCnnRate: 800 },
  },
  convnet: { warmupExamples: 64, examples: 640 },
  responsiveness: { windowMs: 6_000 },
  predict: { calls: 50, maxMsPerPhase: 6_000 },
  tensors: { batchSize: 16, steps: 100, timeoutMs: 120_000 },
  threads: { 'small-cnn': { warmupBatches: 3, batches: 40, rounds: 2 } },
  builderEdits: 10,
  insideView: { 'small-cnn': 2 },
  mapEdits: 8,
  drawing: { moves: 80, rounds: 1 },
  keep: { checkpoints: 2 },
  timeToAccuracy: { convnetCapMs: 20_000, convnetEvalEveryMs: 10_000, convnetDemoTest: false, best: false },
  colour: { warmupBatches: 2, batches: 10 },
  ownImport: { photos: 150, width: 640, height: 480 },
};

/** Figures 1 to 18 (see bench/README.md). */
export const FIGURE_COUNT = 18;

const isFigureList = (value: string) => /^\d+(,\d+)*$/.test(value) && value.split(',').every((n) => Number(n) >= 1 && Number(n) <= FIGURE_COUNT);

const USAGE = 'Usage: npm run bench [-- --quick] [--app-backend=cpu|webgl|wasm] [--only=9,10,11]';

/**
 * Reads the command line: `--quick`, `--app-backend=NAME` to pin figures 3, 4, 6, 10, 11, 13, 14 and 15 to a backend,
 * and `--only=N,M` to measure only those figures.
 */
export function planFor(args: readonly string[]): BenchPlan {
  let plan = FULL;
  for (const arg of args) {
    const [name, value] = arg.split('=', 2);
    if (name === '--quick' && value === undefined) plan = { ...QUICK, appBackend: plan.appBackend, only: plan.only };
    else if (name === '--app-backend' && value) plan = { ...plan, appBackend: value };
    else if (name === '--only' && value && isFigureList(value)) plan = { ...plan, only: value.split(',').map(Number) };
    else throw new Error(`Unknown option '${arg}'. ${USAGE}`);
  }
  return plan;
}
