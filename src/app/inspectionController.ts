import { analyzeNetwork } from '../core/analysis/analyze';
import type { NetworkSpec } from '../core/spec/spec';
import type { EngineHandle } from '../engine/client';
import type { InspectionSnapshot, InspectRequest } from '../engine/protocol';
import type { AppState, AppStore } from '../store/appStore';
import type { InspectionView } from '../store/inspectionSlice';
import { selectDataset } from '../store/datasets';
import { hasTrainedModel } from '../store/networkSlice';
import { errorMessage } from '../core/spec/describeValue';

/** Longest wait for its progress report before a held live snapshot is shown anyway. */
const HOLD_MS = 100;

export interface InspectionController {
  dispose(): void;
}

/**
 * The page's own copy of the network (the inference controller): it answers for a drawing at once,
 * so the maps follow the pen while the engine is busy training. Null from `inspect` when it cannot
 * (not loaded yet, another network); the engine answers then.
 */
export interface LocalInspector {
  inspect(spec: NetworkSpec, pixels: Float32Array, weightsOf: readonly number[]): InspectionSnapshot | null;
  /** Hears every weight load of the copy; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

const selectedLayers = (s: AppState) => {
  const selected = s.spec.layers.findIndex((l) => l.id === s.selectedLayerId);
  return selected >= 0 ? [selected] : [];
};

/**
 * Keeps the engine's network in step with the spec (a fresh model after every edit, built in the
 * engine so the page never waits) and fetches inside-view snapshots: once after anything that changes
 * the picture, and while training at the chosen rate (at most 10 a second, well under the frame
 * rate; renderers draw each on the next animation frame), never two at a time, and not at all while
 * the view is off screen, the tab hidden, or the view frozen.
 */
export function startInspection(store: AppStore, handle: Promise<EngineHandle>, local: LocalInspector | null = null): InspectionController {
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
  let held: { view: InspectionView; spec: NetworkSpec; requestedAt: number; fallback: ReturnType<typeof setTimeout> } | null = null;
  /** Whether the copy answered for the drawing last time: the engine's timed refreshes then stop (the copy's weight loads redraw instead). */
  let localServing = false;
  let localQueued = false;
  /** Counts requests and local answers, so an engine answer older than a local one is dropped. */
  let serial = 0;
  let localShownAt = 0;

  const live = (s: AppState) => s.engineState === 'training' && s.refreshPerSecond > 0 && !s.frozen && !(localServing && s.probe.kind === 'pixels');
  const drawing = (s: AppState) => local !== null && s.probe.kind === 'pixels' && s.insideVisible;

  /** Answers for the drawing from the copy; false when it cannot (the engine is asked then). */
  const inspectLocally = (): boolean => {
    const state = store.getState();
    if (!local || state.probe.kind !== 'pixels') return (localServing = false);
    const snapshot = local.inspect(state.spec, state.probe.pixels, selectedLayers(state));
    localServing = snapshot !== null;
    if (!snapshot) return false;
    dirty = false;
    localShownAt = ++serial;
    release();
    state.setInspection({ snapshot, layerIds: state.spec.layers.map((l) => l.id) });
    return true;
  };

  const validity = new WeakMap<NetworkSpec, boolean>();
  const fitsItsData = (state: AppState) => {
    const known = validity.get(state.spec);
    if (known !== undefined) return known;
    const valid = analyzeNetwork(state.spec, selectDataset(state)).valid;
    validity.set(state.spec, valid);
    return valid;
  };

  /** Builds the engine's network for the current spec when it has none that fits and no trained model. */
  const syncNetwork = () => {
    const state = store.getState();
    if (!engine || building || hasTrainedModel(state) || state.spec === engineSpec) return;
    const spec = state.spec;
    const analysis = analyzeNetwork(spec, selectDataset(state));
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
    const state = store.getState();
    // A microtask, not a timer: the maps follow a pen move in the frame that shows the stroke.
    if (dirty && drawing(state) && !localQueued && !disposed) {
      localQueued = true;
      queueMicrotask(() => {
        localQueued = false;
        if (!dirty || !inspectLocally()) scheduleEngine();
      });
      return;
    }
    if (!localQueued) scheduleEngine();
  };

  const scheduleEngine = () => {
    if (disposed || !engine || inFlight || timer !== null || building) return;
    const state = store.getState();
    if (!state.insideVisible || (!dirty && !live(state))) return;
    const wait = dirty ? 0 : Math.max(0, lastRequestAt + 1000 / state.refreshPerSecond - performance.now());
    timer = setTimeout(() => {
      timer = null;
      void fetchSnapshot();
    }, wait);
  };

  const show = (view: InspectionView, spec: NetworkSpec, requestedAt: number) => {
    // An edit while the request ran makes the answer stale: the next one is already due. So does a
    // drawing the copy answered for after this request left.
    if (store.getState().spec === spec && requestedAt > localShownAt) store.getState().setInspection(view);
  };

  const release = () => {
    if (!held) return;
    const { view, spec, requestedAt, fallback } = held;
    held = null;
    clearTimeout(fallback);
    show(view, spec, requestedAt);
  };

  const fetchSnapshot = async () => {
    const state = store.getState();
    // A network that does not fit the dataset (just switched, its classifier not yet fixed) is not
    // asked about: the engine still holds the last one, which would read the new images wrongly.
    if (!engine || !state.insideVisible || building || !fitsItsData(state)) return;
    // A timed refresh rides on the next progress report; a change the user made is answered at once.
    const withNextReport = !dirty && live(state);
    dirty = false;
    inFlight = true;
    lastRequestAt = performance.now();
    const spec = state.spec;
    const requestedAt = ++serial;
    const request: InspectRequest = { probe: state.probe, weightsOf: selectedLayers(state), withNextReport };
    try {
      const snapshot = await engine.api.inspect(request);
      if (!snapshot) return;
      const view = { snapshot, layerIds: spec.layers.map((l) => l.id) };
      release();
      if (withNextReport && store.getState().progress.step < snapshot.step) held = { view, spec, requestedAt, fallback: setTimeout(release, HOLD_MS) };
      else show(view, spec, requestedAt);
    } catch (error) {
      store.getState().setInspection(null, errorMessage(error));
    } finally {
      inFlight = false;
      schedule();
    }
  };

  /** Another dataset's test images: their labels, and the probe, come from it once it is loaded. */
  const followData = (state: AppState, previous: AppState) => {
    if (state.data.ready === previous.data.ready || !engine) return;
    if (state.data.ready === null) {
      state.setTestLabels(null);
      state.setInspection(null, `Loading ${selectDataset(state).name}…`);
      return;
    }
    const h = engine;
    void h.api.testLabels().then((labels) => store.getState().setTestLabels(labels));
    dirty = true;
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (held && state.progress.step >= held.view.snapshot.step) release();
    followData(state, previous);
    if (state.spec !== previous.spec || state.progress.step < previous.progress.step) syncNetwork();
    const pictureChanged =
      state.probe !== previous.probe ||
      state.data.ready !== previous.data.ready ||
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

  // The copy's new weights redraw the drawing's maps, as the engine's timed refreshes would; not while frozen.
  const unsubscribeLocal = local?.subscribe(() => {
    const state = store.getState();
    if (state.probe.kind !== 'pixels' || state.frozen) return;
    dirty = true;
    schedule();
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
      unsubscribeLocal?.();
      if (timer !== null) clearTimeout(timer);
      if (held) clearTimeout(held.fallback);
    },
  };
}
