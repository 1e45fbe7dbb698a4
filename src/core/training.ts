/**
 * Training settings as plain data: what the user picks, saved and shared with the network.
 * The engine and tf adapter implement them; this module only names them.
 */

export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const OPTIMIZER_LABELS: Record<OptimizerName, string> = {
  sgd: 'SGD',
  momentum: 'SGD with momentum',
  adam: 'Adam',
  rmsprop: 'RMSProp',
};

/** tfjs backends Kernelscope can train on. */
export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendPreference = 'auto' | BackendName;

export const BACKEND_LABELS: Record<BackendPreference, string> = {
  auto: 'Automatic (fastest here)',
  webgl: 'WebGL (GPU)',
  wasm: 'WebAssembly (CPU, SIMD)',
  cpu: 'Plain JavaScript (CPU)',
};

export interface TrainingSettings {
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  epochs: number;
}

export const DEFAULT_SETTINGS: TrainingSettings = {
  optimizer: 'adam',
  learningRate: 0.001,
  batchSize: 32,
  epochs: 3,
};

export const LEARNING_RATE_RANGE = { min: 0.00001, max: 1 } as const;
export const EPOCHS_RANGE = { min: 1, max: 50 } as const;
export const BATCH_SIZES = [8, 16, 32, 64, 128, 256] as const;

export type SettingsResult = { ok: true; settings: TrainingSettings } | { ok: false; message: string };

/** Training settings from untrusted data (a saved model, a file, a link), each value checked against its range. */
export function readSettings(value: unknown): SettingsResult {
  if (typeof value !== 'object' || value === null) return { ok: false, message: 'The training settings are missing.' };
  const { optimizer, learningRate, batchSize, epochs } = value as Record<string, unknown>;
  if (typeof optimizer !== 'string' || !(OPTIMIZERS as readonly string[]).includes(optimizer)) {
    return { ok: false, message: `The optimizer must be one of ${OPTIMIZERS.join(', ')}.` };
  }
  if (typeof learningRate !== 'number' || !(learningRate >= LEARNING_RATE_RANGE.min && learningRate <= LEARNING_RATE_RANGE.max)) {
    return { ok: false, message: `The learning rate must be a number from ${LEARNING_RATE_RANGE.min} to ${LEARNING_RATE_RANGE.max}.` };
  }
  if (typeof batchSize !== 'number' || !(BATCH_SIZES as readonly number[]).includes(batchSize)) {
    return { ok: false, message: `The batch size must be one of ${BATCH_SIZES.join(', ')}.` };
  }
  if (typeof epochs !== 'number' || !Number.isInteger(epochs) || epochs < EPOCHS_RANGE.min || epochs > EPOCHS_RANGE.max) {
    return { ok: false, message: `The number of epochs must be a whole number from ${EPOCHS_RANGE.min} to ${EPOCHS_RANGE.max}.` };
  }
  return { ok: true, settings: { optimizer: optimizer as OptimizerName, learningRate, batchSize, epochs } };
}

/** Where a run that continues picks up: the next batch (epoch and batch from 0) and the steps before it. */
export interface RunContinuation {
  epoch: number;
  batch: number;
  step: number;
}

/**
 * The next batch after the last one trained, or null when the run has trained all its epochs.
 * `batchesPerEpoch` is for the batch size the run continues with: when it differs from the one the
 * run trained with, batch positions do not carry over, so the run goes on from the next epoch.
 */
export function continuationOf(
  trained: { epoch: number; batch: number; batchesPerEpoch: number; step: number },
  batchesPerEpoch: number,
  epochs: number,
): RunContinuation | null {
  const sameBatches = trained.batchesPerEpoch === batchesPerEpoch;
  const epochDone = !sameBatches || trained.batch + 1 >= batchesPerEpoch;
  const next = epochDone ? { epoch: trained.epoch + 1, batch: 0 } : { epoch: trained.epoch, batch: trained.batch + 1 };
  return next.epoch < epochs ? { ...next, step: trained.step } : null;
}
