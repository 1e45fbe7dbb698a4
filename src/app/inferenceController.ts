import type { NetworkSpec } from '../core/spec/spec';
import type { EngineHandle } from '../engine/client';
import type { InferenceModel } from '../engine/inference';
import type { Explanation, InspectionSnapshot } from '../engine/protocol';
import type { AppState, AppStore } from '../store/appStore';
import { errorMessage } from '../core/spec/describeValue';

/**
 * While training, the copy takes the engine's weights at most this often: enough to watch the
 * answers follow the weights, and each sync (a copy of every weight, a prediction and an
 * explanation) costs the 2-core machine's training a little.
 */
export const SYNC_INTERVAL_MS = 1000;
/** Latencies kept for the benchmark and the tests: the newest ones. */
const LATENCY_LOG_SIZE = 4096;

/**
 * From a pointer move (its event's time stamp) to its prediction, ms: in the page, ready for the
 * next frame; and painted. Both include the browser's wait before it hands the move to the page
 * (it aligns pointer moves to frames) and, for the second, the wait for the frame that paints: up to
 * a frame each (16.7 ms at 60 Hz) whatever the page does. `work` is the page's own part: from its
 * handler starting to the prediction ready.
 */
export interface DrawLatency {
  toReady: number;
  toPaint: number;
  work: number;
}

/**
 * The page's answer to "what does the network make of my drawing?", at once: a copy of the engine's
 * network on the page's own thread (its own backend when the engine runs in a worker), so a
 * prediction on every pointer move never waits behind a training step. The copy takes the engine's
 * weights after every change of network or training state and, while training, a few times a second.
 */
export interface InferenceController {
  /** Loads the copy (once): when the page is idle after load, or at its first use. */
  activate(): void;
  /** Class probabilities with the copy's weights; null until the copy has weights. */
  predict(pixels: Float32Array): Float32Array | null;
  explain(pixels: Float32Array, classIndex: number): Explanation | null;
  /**
   * The inside view's snapshot for a drawing, from the copy, at once: every layer's output and the
   * weights of the layers `weightsOf`. Null until the copy holds the network of `spec` (the engine's
   * answer then comes instead).
   */
  inspect(spec: NetworkSpec, pixels: Float32Array, weightsOf: readonly number[]): InspectionSnapshot | null;
  /** Hears every weight load (so what is on the pad is predicted again), and problems; returns the unsubscribe. */
  subscribe(listener: (problem: string | null) => void): () => void;
  /** Records one pointer-move-to-prediction-on-screen latency. */
  recordLatency(latency: DrawLatency): void;
  /** The newest recorded latencies, oldest first (the benchmark reads them). */
  latencies(): DrawLatency[];
  clearLatencies(): void;
  /** Live tensors in the page's tfjs; null before the copy loads. */
  tensorCount(): number | null;
}

/**
 * The copy follows the engine's weights only while something shows its answers: a drawing as the
 * probe, or the "Why this answer" tab (its explanations come from the copy).
 */
const usesCopy = (s: AppState) => s.probe.kind === 'pixels' || s.insideTab === 'why';

export function createInferenceController(store: AppStore, handle: Promise<EngineHandle>): InferenceController {
  let model: InferenceModel | null = null;
  let engine: EngineHandle | null = null;
  let starting = false;
  let specSeen: { spec: NetworkSpec; key: string } | null = null;
  let syncing = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let syncedKey = '';
  let lastSyncAt = -Infinity;
  const listeners = new Set<(problem: string | null) => void>();
  const latencyLog: DrawLatency[] = [];

  const notify = (problem: string | null) => listeners.forEach((l) => l(problem));
  /** What the copy's weights depend on: a change means a sync is due. */
  const keyOf = (s: AppState) => `${s.engineNetworkVersion}|${s.engineState}|${s.progress.step}`;

  const schedule = () => {
    const state = store.getState();
    if (usesCopy(state)) activate();
    if (!model || !engine || !usesCopy(state) || syncing || timer !== null) return;
    if (keyOf(state) === syncedKey) return;
    const wait = state.engineState === 'training' ? Math.max(0, lastSyncAt + SYNC_INTERVAL_MS - performance.now()) : 0;
    timer = setTimeout(() => {
      timer = null;
      void sync();
    }, wait);
  };

  const sync = async () => {
    if (!model || !engine || syncing) return;
    syncing = true;
    const key = keyOf(store.getState());
    lastSyncAt = performance.now();
    try {
      const snapshot = await engine.api.snapshot();
      // No network in the engine yet: the next change of network brings one.
      syncedKey = key;
      if (snapshot) {
        model.load(snapshot);
        notify(null);
      }
    } catch (error) {
      syncedKey = key;
      notify(`The drawing pad could not take the network's weights: ${errorMessage(error)}`);
    } finally {
      syncing = false;
      schedule();
    }
  };

  const start = async () => {
    try {
      engine = await handle;
      const { startInference } = await import('../engine/inference');
      model = await startInference(engine.thread === 'worker');
      schedule();
    } catch (error) {
      notify(`The drawing pad could not start: ${errorMessage(error)}`);
    }
  };

  function activate() {
    if (starting) return;
    starting = true;
    void start();
  }

  /** The spec's JSON, worked out once per spec (a drawing asks on every pen move). */
  const keyOfSpec = (spec: NetworkSpec) => {
    if (specSeen?.spec !== spec) specSeen = { spec, key: JSON.stringify(spec) };
    return specSeen.key;
  };

  store.subscribe(schedule);

  return {
    activate,
    inspect(spec, pixels, weightsOf) {
      if (!model?.holds(keyOfSpec(spec))) return null;
      const inspection = model.inspect(pixels, weightsOf);
      return inspection && { ...inspection, probe: { pixels, label: null, testIndex: null } };
    },
    predict: (pixels) => model?.predict(pixels) ?? null,
    explain: (pixels, classIndex) => model?.explain(pixels, classIndex) ?? null,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    recordLatency(latency) {
      latencyLog.push(latency);
      if (latencyLog.length > LATENCY_LOG_SIZE) latencyLog.splice(0, latencyLog.length - LATENCY_LOG_SIZE);
    },
    latencies: () => latencyLog.slice(),
    clearLatencies: () => void latencyLog.splice(0),
    tensorCount: () => model?.tensorCount() ?? null,
  };
}
