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
