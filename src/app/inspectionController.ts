import { analyzeNetwork } from '../core/analyze';
import type { NetworkSpec } from '../core/spec';
import type { EngineHandle } from '../engine/client';
import type { InspectRequest } from '../engine/protocol';
import type { AppState, AppStore } from '../store/appStore';
import type { InspectionView } from '../store/inspectionSlice';
import { hasTrainedModel } from '../store/networkSlice';
import { errorMessage } from './errorMessage';

/** Longest wait for its progress report before a held live snapshot is shown anyway. */
const HOLD_MS = 100;

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
  /**
   * A live snapshot that came just ahead of the progress report of its step (the engine sends it
   * first): shown when that report is in, so the maps, the status and the curves change in one frame.
   */
  let held: { view: InspectionView; spec: NetworkSpec; fallback: ReturnType<typeof setTimeout> } | null = null;

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
        store.getState().setInspection(null, errorMessage(error));
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

  const show = (view: InspectionView, spec: NetworkSpec) => {
    // An edit while the request ran makes the answer stale: the next one is already due.
    if (store.getState().spec === spec) store.getState().setInspection(view);
  };

  const release = () => {
    if (!held) return;
    const { view, spec, fallback } = held;
    held = null;
    clearTimeout(fallback);
    show(view, spec);
  };

  const fetchSnapshot = async () => {
    const state = store.getState();
    if (!engine || !state.insideVisible || building) return;
    // A timed refresh rides on the next progress report; a change the user made is answered at once.
    const withNextReport = !dirty && live(state);
    dirty = false;
    inFlight = true;
    lastRequestAt = performance.now();
    const spec = state.spec;
    const selected = spec.layers.findIndex((l) => l.id === state.selectedLayerId);
    const request: InspectRequest = { probe: state.probe, weightsOf: selected >= 0 ? [selected] : [], withNextReport };
    try {
      const snapshot = await engine.api.inspect(request);
      if (!snapshot) return;
      const view = { snapshot, layerIds: spec.layers.map((l) => l.id) };
      release();
      if (withNextReport && store.getState().progress.step < snapshot.step) held = { view, spec, fallback: setTimeout(release, HOLD_MS) };
      else show(view, spec);
    } catch (error) {
      store.getState().setInspection(null, errorMessage(error));
    } finally {
      inFlight = false;
      schedule();
    }
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (held && state.progress.step >= held.view.snapshot.step) release();
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
      if (held) clearTimeout(held.fallback);
    },
  };
}
