/**
 * Keeps the trained model through a reload: writes a checkpoint (weights, settings, history) at the
 * end of each epoch and whenever training pauses, stops, ends or diverges; brings it back once the
 * engine is up, after the first paint; forgets it when the trained model is discarded (a new Train,
 * an edit that throws the weights away).
 */
import type { SavedModel } from '../core/export/savedModel';
import type { EngineHandle } from '../engine/client';
import type { EngineState } from '../engine/protocol';
import type { AppState, AppStore } from '../store/appStore';
import { isTrainingActive } from '../store/trainingSlice';
import { applyModel, captureModel, describeModel } from './trainedModels';
import type { ModelDatabase } from './modelDatabase';
import { errorMessage } from '../core/spec/describeValue';

/** Training states after which the weights are worth keeping: they will not change until the user acts. */
const RESTING_STATES: readonly EngineState[] = ['paused', 'stopped', 'done', 'diverged'];

export interface CheckpointController {
  /** Resolves once the start-up restore has finished (or found nothing); tests wait on it. */
  readonly restored: Promise<void>;
  /** Resolves when every checkpoint asked for so far is written. */
  flush(): Promise<void>;
  dispose(): void;
}

export interface CheckpointTimings {
  /** ms for the last checkpoint: reading the weights from the engine, then writing them. */
  captureMs: number;
  writeMs: number;
  bytes: number;
}

/** ms of the start-up restore: reading and checking the record, then the engine building the model with its weights. */
export interface RestoreTimings {
  readMs: number;
  applyMs: number;
}

export function startCheckpoints(
  store: AppStore,
  handle: Promise<EngineHandle>,
  database: Promise<ModelDatabase | null>,
): CheckpointController & { timings: CheckpointTimings[]; restoreTimings: RestoreTimings | null } {
  const timings: CheckpointTimings[] = [];
  let restoreTimings: RestoreTimings | null = null;
  let writing: Promise<void> = Promise.resolve();
  let queued = false;
  const specAtStart = store.getState().spec;
  /** What the checkpoint holds now, so the same weights are not written twice. */
  let kept: { networkVersion: number; step: number } | null = null;

  const write = async (): Promise<void> => {
    const [engine, db] = await Promise.all([handle, database]);
    if (!db) return;
    const started = performance.now();
    const captured = await captureModel(store, engine, 'Checkpoint');
    if (!captured || (kept?.networkVersion === captured.networkVersion && kept.step === captured.model.progress.step)) return;
    const { model, networkVersion } = captured;
    const capturedAt = performance.now();
    try {
      await db.writeCheckpoint(model);
      kept = { networkVersion, step: model.progress.step };
      timings.push({ captureMs: capturedAt - started, writeMs: performance.now() - capturedAt, bytes: model.weights.reduce((n, w) => n + w.byteLength, 0) });
      store.getState().setCheckpoint({ savedAt: model.savedAt, step: model.progress.step });
      if (store.getState().storageNotice?.kind === 'problem') store.getState().setStorageNotice(null);
    } catch (error) {
      store.getState().setStorageNotice({ kind: 'problem', text: errorMessage(error) });
    }
  };

  /** One write at a time; asks during a write coalesce into one more write after it. */
  const requestCheckpoint = () => {
    if (queued) return;
    queued = true;
    writing = writing.then(() => {
      queued = false;
      return write();
    });
  };

  const forget = () => {
    writing = writing.then(async () => {
      const db = await database;
      await db?.deleteCheckpoint();
      kept = null;
      store.getState().setCheckpoint(null);
    });
  };

  const restore = async (): Promise<void> => {
    const [engine, db] = await Promise.all([handle, database]);
    if (!db) return;
    const readStarted = performance.now();
    const read = await db.readCheckpoint();
    const readMs = performance.now() - readStarted;
    if (read === null) return;
    if (!read.ok) {
      store.getState().setStorageNotice({ kind: 'problem', text: `The trained model kept in this browser could not be read (${read.message}), so the network starts untrained.` });
      return;
    }
    const state = store.getState();
    if (state.progress.step > 0 || state.engineState !== 'ready') return;
    const model: SavedModel = read.value;
    // Only onto the network it was trained as: not over an edit made meanwhile, nor a network opened from a link.
    if (state.spec !== specAtStart || JSON.stringify(model.spec) !== JSON.stringify(state.spec)) {
      state.setStorageNotice({ kind: 'info', text: 'The trained model kept in this browser is for another network than the one shown, so it was not restored.' });
      return;
    }
    const line = `Restored the trained model: ${describeModel(model)}.`;
    const applyStarted = performance.now();
    const networkVersion = await applyModel(store, engine, model, 'Restore trained model');
    restoreTimings = { readMs, applyMs: performance.now() - applyStarted };
    kept = { networkVersion, step: model.progress.step };
    store.getState().setCheckpoint({ savedAt: model.savedAt, step: model.progress.step });
    store.getState().setStorageNotice({ kind: 'info', text: line });
  };

  const restored = restore().catch((error: unknown) => {
    store.getState().setStorageNotice({ kind: 'problem', text: `The trained model kept in this browser could not be restored: ${errorMessage(error)}` });
  });

  // The history is mutated in place, so a new epoch shows as a longer validation list than last seen.
  let validations = 0;
  const unsubscribe = store.subscribe((state: AppState, previous: AppState) => {
    if (state.progress.step === 0 && previous.progress.step > 0) forget();
    const epochEnded = state.history.validation.length > validations;
    validations = state.history.validation.length;
    const rested = state.engineState !== previous.engineState && RESTING_STATES.includes(state.engineState);
    // A trained model that came from elsewhere (a loaded save): the checkpoint follows it.
    const arrived = state.progress.step > 0 && !isTrainingActive(state.engineState) && (state.engineNetworkVersion !== previous.engineNetworkVersion || previous.progress.step === 0);
    if (rested || arrived || (epochEnded && isTrainingActive(state.engineState))) requestCheckpoint();
  });

  return {
    restored,
    timings,
    get restoreTimings() {
      return restoreTimings;
    },
    flush: async () => {
      // A write may queue another; wait until none is left.
      let current: Promise<void>;
      do {
        current = writing;
        await current;
      } while (current !== writing);
    },
    dispose: unsubscribe,
  };
}
