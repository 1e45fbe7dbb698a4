import { analyzeNetwork } from '../core/analyze';
import type { NetworkSpec } from '../core/spec';
import type { EngineHandle } from '../engine/client';
import type { InspectRequest } from '../engine/protocol';
import type { AppState, AppStore } from '../store/appStore';
import { hasTrainedModel } from '../store/networkSlice';

export interface InspectionController {
  dispose(): void;
}

/**
 * Keeps the engine's network in step with the spec (a fresh model after every edit, built in the
 * engine so the page never waits) and fetches inside-view snapshots: once after anything that changes
 * the picture, and while training at the chosen rate (at most 10 a second, well under the frame
 * rate; renderers draw each on the next animation frame), never two at a time, and not at all while
 * the view is off screen, the tab hidden, or the view frozen.
 */
export function startInspection(store: AppStore, handle: Promise<EngineHandle>): InspectionController {
  let engine: EngineHandle | null = null;
  let disposed = false;
  /** The spec the engine's network was built from; the spec of a pending build. */
  let engineSpec: NetworkSpec | null = null;
  let building: NetworkSpec | null = null;
  let dirty = true;
  let inFlight = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastRequestAt = -Infinity;

  const live = (s: AppState) => s.engineState === 'training' && s.refreshPerSecond > 0 && !s.frozen;

  /** Builds the engine's network for the current spec when it has none that fits and no trained model. */
  const syncNetwork = () => {
    const state = store.getState();
    if (!engine || building || hasTrainedModel(state) || state.spec === engineSpec) return;
    const spec = state.spec;
    const analysis = analyzeNetwork(spec);
    if (!analysis.valid) {
      engineSpec = null;
      const first = analysis.problems.find((p) => p.severity === 'error');
      state.setInspection(null, `Fix the network to see inside it: ${first?.message ?? 'it has a problem.'}`);
      return;
    }
    building = spec;
    engine.api.setNetwork(spec).then(
      () => {
        engineSpec = spec;
        building = null;
        dirty = true;
        syncNetwork();
        schedule();
      },
      (error: unknown) => {
        building = null;
        store.getState().setInspection(null, describe(error));
      },
    );
  };

  const schedule = () => {
    if (disposed || !engine || inFlight || timer !== null || building) return;
    const state = store.getState();
    if (!state.insideVisible || (!dirty && !live(state))) return;
    const wait = dirty ? 0 : Math.max(0, lastRequestAt + 1000 / state.refreshPerSecond - performance.now());
    timer = setTimeout(() => {
      timer = null;
      void fetchSnapshot();
    }, wait);
  };

  const fetchSnapshot = async () => {
    const state = store.getState();
    if (!engine || !state.insideVisible || building) return;
    dirty = false;
    inFlight = true;
    lastRequestAt = performance.now();
    const spec = state.spec;
    const selected = spec.layers.findIndex((l) => l.id === state.selectedLayerId);
    const request: InspectRequest = { probe: state.probe, weightsOf: selected >= 0 ? [selected] : [] };
    try {
      const snapshot = await engine.api.inspect(request);
      // An edit while the request ran makes the answer stale: the next one is already due.
      if (snapshot && store.getState().spec === spec) store.getState().setInspection({ snapshot, layerIds: spec.layers.map((l) => l.id) });
    } catch (error) {
      store.getState().setInspection(null, describe(error));
    } finally {
      inFlight = false;
      schedule();
    }
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.spec !== previous.spec || state.progress.step < previous.progress.step) syncNetwork();
    const pictureChanged =
      state.probe !== previous.probe ||
      state.selectedLayerId !== previous.selectedLayerId ||
      state.insideVisible !== previous.insideVisible ||
      (state.engineState !== previous.engineState && state.engineState !== 'training') ||
      // An epoch's validation result, or the last batches reported on Pause or Stop.
      (state.historyVersion !== previous.historyVersion && state.engineState !== 'training');
    if (pictureChanged) dirty = true;
    if (pictureChanged || state.engineState !== previous.engineState || state.refreshPerSecond !== previous.refreshPerSecond || state.frozen !== previous.frozen) {
      schedule();
    }
  });

  handle.then(
    async (h) => {
      if (disposed) return;
      engine = h;
      store.getState().setTestLabels(await h.api.testLabels());
      syncNetwork();
      schedule();
    },
    () => {},
  );

  return {
    dispose: () => {
      disposed = true;
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
