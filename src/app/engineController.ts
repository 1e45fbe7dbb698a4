import * as Comlink from 'comlink';
import { startEngine, type EngineHandle } from '../engine/client';
import type { TopActivation } from '../engine/protocol';
import { continuationOf, type BackendPreference } from '../core/training/training';
import { selectDataset } from '../store/datasets';
import { batchesPerEpochOf } from '../store/trainingSlice';
import type { AppStore } from '../store/appStore';
import type { EngineOptions } from './urlOptions';
import { errorMessage } from '../core/spec/describeValue';

export interface EngineController {
  train(): Promise<void>;
  /** Trains the current trained model on from the batch after its last (a restored or stopped run). */
  continueTraining(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  /** Stops training if it runs and forgets the trained model's progress, before the network changes. */
  discardModel(): Promise<void>;
  /** Switches the backend the engine trains on. */
  chooseBackend(preference: BackendPreference): Promise<void>;
  predict(pixels: Float32Array): Promise<Float32Array | null>;
  /** The test images (of the first `sampleSize`) that excite one channel most; progress as a fraction. */
  topActivations(layerIndex: number, channel: number, sampleSize: number, count: number, onProgress: (fraction: number) => void): Promise<TopActivation[]>;
  /** The live engine, once started (tests and the benchmark reach it through window). */
  readonly handle: Promise<EngineHandle>;
}

/** Where the built-in datasets' folders of prepared assets are served: beside the page. */
const DATA_ROOT = new URL(import.meta.env.BASE_URL, location.href).href;

/**
 * Connects the store to the engine: starts it once per app, turns its events into store updates
 * and the user's commands into engine calls. Errors become a message in the store, never a throw.
 */
export function createEngineController(store: AppStore, options: EngineOptions): EngineController {
  const { applyEngineEvent, setBackendPreference } = store.getState();
  setBackendPreference(options.backend);
  let dataset = selectDataset(store.getState());
  const handle = startEngine({ dataRoot: DATA_ROOT, dataset, backend: options.backend }, applyEngineEvent, options.thread === 'worker');
  handle.then(
    (h) => {
      store.getState().setThread(h.thread);
      // The engine loads the dataset the network is for: a dataset chosen, an undo, an opened save.
      const follow = () => {
        const wanted = selectDataset(store.getState());
        if (wanted === dataset) return;
        dataset = wanted;
        h.api.useDataset(wanted).catch((error: unknown) => applyEngineEvent({ type: 'error', message: errorMessage(error) }));
      };
      store.subscribe(follow);
      follow();
    },
    (error: unknown) => applyEngineEvent({ type: 'state', state: 'failed', message: errorMessage(error) }),
  );

  const run = async (action: (h: EngineHandle) => Promise<unknown>): Promise<void> => {
    try {
      await action(await handle);
    } catch (error) {
      applyEngineEvent({ type: 'error', message: errorMessage(error) });
    }
  };

  return {
    handle,
    train: () =>
      run(async (h) => {
        const { spec, settings, resetTraining, beginRun } = store.getState();
        resetTraining();
        beginRun(spec, settings);
        await h.api.start(spec, settings);
      }),
    continueTraining: () =>
      run(async (h) => {
        const { spec, settings, progress, data, history } = store.getState();
        const from = continuationOf(progress, batchesPerEpochOf(data, settings), settings.epochs);
        if (!from) throw new Error('This run has trained all its epochs: raise Epochs to train it further.');
        await h.api.start(spec, settings, { ...from, seconds: history.lastSeconds });
      }),
    pause: () => run((h) => h.api.pause()),
    resume: () => run((h) => h.api.resume()),
    stop: () => run((h) => h.api.stop()),
    discardModel: () =>
      run(async (h) => {
        await h.api.stop();
        store.getState().resetTraining();
      }),
    chooseBackend: (preference) =>
      run(async (h) => {
        setBackendPreference(preference);
        await h.api.setBackend(preference);
      }),
    predict: async (pixels) => (await handle).api.predict(pixels),
    topActivations: async (layerIndex, channel, sampleSize, count, onProgress) => {
      const h = await handle;
      return h.api.topActivations(layerIndex, channel, sampleSize, count, h.thread === 'worker' ? Comlink.proxy(onProgress) : onProgress);
    },
  };
}
