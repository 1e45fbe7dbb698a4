import type { StateCreator } from 'zustand';
import type { AppState } from './appStore';

/** A model judged on the test set: the figures, and per image what it said (for the matrix and the galleries). */
export interface TestResult {
  /** The engine network and training step the weights came from. */
  networkVersion: number;
  step: number;
  count: number;
  loss: number;
  accuracy: number;
  classes: number;
  labels: Uint8Array;
  predicted: Uint8Array;
  confidence: Float32Array;
  /** Row-major [count, classes]: every image's class probabilities. */
  probabilities: Float32Array;
  /** counts[t * classes + p]. */
  counts: Uint32Array;
}

export interface EvaluationSlice {
  evaluation: { running: boolean; progress: number; result: TestResult | null; message: string | null };
  setEvaluation(patch: Partial<EvaluationSlice['evaluation']>): void;
}

export const createEvaluationSlice: StateCreator<AppState, [], [], EvaluationSlice> = (set) => ({
  evaluation: { running: false, progress: 0, result: null, message: null },
  setEvaluation: (patch) => set((s) => ({ evaluation: { ...s.evaluation, ...patch } })),
});
