import type { StateCreator } from 'zustand';
import type { RunHistory, RunProgress } from '../core/export/savedModel';
import { DEFAULT_SETTINGS, type BackendName, type BackendPreference, type TrainingSettings } from '../core/training/training';
import type { EngineEvent, EngineState } from '../engine/protocol';
import type { AppState } from './appStore';
import { MetricsHistory } from './metricsHistory';

/** The engine's dataset: which one it loads or holds, how far the download is, and its split sizes once ready. */
export interface DataStatus {
  /** null before the engine names one. */
  datasetId: string | null;
  loadedBytes: number;
  totalBytes: number;
  ready: { trainCount: number; validationCount: number; testCount: number; bytes: number; ms: number } | null;
}

/** The latest training figures: updated a few times a second, cheap to render. */
export interface TrainingProgress {
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  step: number;
  examplesPerSecond: number;
  smoothedLoss: number | null;
  smoothedAccuracy: number | null;
  validationAccuracy: number | null;
  validationLoss: number | null;
}

export interface TrainingSlice {
  engineState: EngineState;
  /** Why the engine is in its state, when that needs saying (a failure, divergence). */
  engineMessage: string | null;
  thread: 'worker' | 'main' | null;
  /** Version of the engine's current network (0 before the first); a copy of its weights is stale when this changes. */
  engineNetworkVersion: number;
  /** What the user asked for; `backend` is what runs. */
  backendPreference: BackendPreference;
  backend: { name: BackendName; reason: string } | null;
  data: DataStatus;
  settings: TrainingSettings;
  progress: TrainingProgress;
  /** Per-batch history; mutated in place, announced by historyVersion. */
  history: MetricsHistory;
  historyVersion: number;
  setSettings(patch: Partial<TrainingSettings>): void;
  setThread(thread: 'worker' | 'main'): void;
  setBackendPreference(preference: BackendPreference): void;
  applyEngineEvent(event: EngineEvent): void;
  resetTraining(): void;
  /** Shows a saved run (a restored checkpoint, a loaded save): its settings, progress and curves. */
  restoreRun(run: { settings: TrainingSettings; progress: RunProgress; history: RunHistory }): void;
}

/** Batches in one epoch at the chosen batch size (the engine's count, from the training set's size). */
export function batchesPerEpochOf(data: DataStatus, settings: TrainingSettings): number {
  return Math.ceil((data.ready?.trainCount ?? 0) / settings.batchSize);
}

const ACTIVE_STATES: readonly EngineState[] = ['training', 'paused', 'evaluating'];

/** A model is being trained: started and not yet stopped, done or failed. */
export function isTrainingActive(state: EngineState): boolean {
  return ACTIVE_STATES.includes(state);
}

const EMPTY_PROGRESS: TrainingProgress = {
  epoch: 0,
  batch: 0,
  batchesPerEpoch: 0,
  step: 0,
  examplesPerSecond: 0,
  smoothedLoss: null,
  smoothedAccuracy: null,
  validationAccuracy: null,
  validationLoss: null,
};

export const createTrainingSlice: StateCreator<AppState, [], [], TrainingSlice> = (set, get) => ({
  engineState: 'loading',
  engineMessage: null,
  thread: null,
  engineNetworkVersion: 0,
  backendPreference: 'auto',
  backend: null,
  data: { datasetId: null, loadedBytes: 0, totalBytes: 0, ready: null },
  settings: DEFAULT_SETTINGS,
  progress: EMPTY_PROGRESS,
  history: new MetricsHistory(),
  historyVersion: 0,
  setSettings: (patch) => set((s) => ({ settings: { ...s.settings, ...patch } })),
  setThread: (thread) => set({ thread }),
  setBackendPreference: (backendPreference) => set({ backendPreference }),
  resetTraining: () => {
    get().keepCurrentRun();
    get().history.clear();
    set((s) => ({ progress: EMPTY_PROGRESS, historyVersion: s.historyVersion + 1, engineMessage: null }));
  },
  restoreRun: ({ settings, progress, history }) => {
    get().history.restore(history);
    const validation = history.validation.at(-1) ?? null;
    const { smoothedLoss, smoothedAccuracy } = get().history;
    set((s) => ({
      settings,
      historyVersion: s.historyVersion + 1,
      engineMessage: null,
      progress: {
        ...progress,
        examplesPerSecond: 0,
        smoothedLoss: smoothedLoss.at(-1) ?? null,
        smoothedAccuracy: smoothedAccuracy.at(-1) ?? null,
        validationAccuracy: validation?.accuracy ?? null,
        validationLoss: validation?.loss ?? null,
      },
    }));
  },
  applyEngineEvent: (event) => {
    switch (event.type) {
      case 'data-progress':
        set((s) => ({ data: { datasetId: event.datasetId, loadedBytes: event.loadedBytes, totalBytes: event.totalBytes, ready: s.data.datasetId === event.datasetId ? s.data.ready : null } }));
        return;
      case 'data-ready': {
        const { type: _, datasetId, ...ready } = event;
        set((s) => ({ data: { ...s.data, datasetId, ready } }));
        return;
      }
      case 'network':
        set({ engineNetworkVersion: event.version });
        return;
      case 'backend':
        set({ backend: { name: event.name, reason: event.reason } });
        return;
      case 'state':
        set({ engineState: event.state, engineMessage: event.message ?? null });
        return;
      case 'batches': {
        const history = get().history;
        history.append(event.metrics);
        const last = event.metrics[event.metrics.length - 1];
        if (!last) return;
        set((s) => ({
          historyVersion: s.historyVersion + 1,
          progress: {
            ...s.progress,
            epoch: last.epoch,
            batch: last.batch,
            step: last.step,
            batchesPerEpoch: event.batchesPerEpoch,
            examplesPerSecond: event.examplesPerSecond,
            smoothedLoss: history.smoothedLoss[history.length - 1] ?? null,
            smoothedAccuracy: history.smoothedAccuracy[history.length - 1] ?? null,
          },
        }));
        return;
      }
      case 'epoch': {
        const history = get().history;
        history.addValidation({ step: history.lastStep, epoch: event.epoch, loss: event.validationLoss, accuracy: event.validationAccuracy, seconds: event.seconds });
        set((s) => ({
          historyVersion: s.historyVersion + 1,
          progress: { ...s.progress, validationAccuracy: event.validationAccuracy, validationLoss: event.validationLoss },
        }));
        return;
      }
      case 'rewind': {
        get().history.truncate(event.step);
        set((s) => ({ historyVersion: s.historyVersion + 1, progress: { ...s.progress, step: event.step, epoch: event.epoch, batch: event.batch } }));
        return;
      }
      case 'error':
        set({ engineMessage: event.message });
        return;
    }
  },
});
