import type { StateCreator } from 'zustand';
import { createHistory, pushHistory, redo, undo, type History } from '../core/editing/history';
import { datasetIdOf, withDataset, withDatasetClassifier } from '../core/dataset/specDataset';
import type { DatasetDescription } from '../core/dataset/description';
import { datasetForSpec } from './datasets';
import { DEFAULT_PRESET_ID, getPreset, PRESETS, presetSuits } from '../core/editing/presets';
import type { NetworkSpec } from '../core/spec/spec';
import type { AppState } from './appStore';
import { isTrainingActive } from './trainingSlice';

/** What undo and redo restore: the network, and which preset it still is (null once edited). */
export interface NetworkDocument {
  spec: NetworkSpec;
  presetId: string | null;
}

/** An edit that waits for the user to agree to discard the trained model. */
export interface PendingEdit {
  label: string;
  apply(): void;
}

export interface NetworkSlice {
  spec: NetworkSpec;
  /** The preset the network is, or null once the user changed it. */
  presetId: string | null;
  networkHistory: History<NetworkDocument>;
  selectedLayerId: string | null;
  pendingEdit: PendingEdit | null;
  /** Why the network is not being saved (or the saved one could not load); null when all is well. */
  networkStorageProblem: string | null;
  /** Loads a preset (one undo step) for the current dataset. */
  choosePreset(id: string): void;
  /**
   * Makes the network one for `dataset` (one undo step): its input shape follows, its layers stay
   * (the analysis asks for what no longer fits). Guarded like an edit when a model has trained.
   */
  chooseDataset(dataset: DatasetDescription): void;
  /** Starts from a saved network, with nothing to undo. */
  restoreNetwork(document: NetworkDocument): void;
  setNetworkStorageProblem(message: string | null): void;
  /** Opens a network that comes with trained weights (a loaded save) as one undo step; the caller asked first. */
  openNetwork(document: NetworkDocument, label: string): void;
  /** Runs `apply` now, or once the user agreed to discard the trained model (the dialog). */
  confirmDiscard(label: string, apply: () => void): void;
  /**
   * Applies a pure spec -> spec edit as one undo step. Edits with the same `coalesceKey` in a row
   * (typing "128" into Filters) become a single step.
   */
  editNetwork(edit: (spec: NetworkSpec) => NetworkSpec, label: string, options?: { coalesceKey?: string | undefined; select?: string | null }): void;
  undoEdit(): void;
  redoEdit(): void;
  selectLayer(id: string | null): void;
  /** Drops the edit waiting for confirmation. */
  cancelPendingEdit(): void;
}

function presetSpec(id: string): NetworkSpec {
  const preset = PRESETS.find((p) => p.id === id) ?? PRESETS[0];
  if (!preset) throw new Error('No network presets are defined.');
  return structuredClone(preset.spec);
}

/** A preset's network for the dataset the current network is for. */
function presetSpecFor(id: string, current: NetworkSpec, own: readonly DatasetDescription[]): NetworkSpec {
  const spec = presetSpec(id);
  return datasetIdOf(current) === datasetIdOf(spec) ? spec : withDatasetClassifier(spec, datasetForSpec(current, own));
}

/** True while a model trains or once it has trained: an edit would throw its weights away. */
export function hasTrainedModel(state: AppState): boolean {
  return state.progress.step > 0 || isTrainingActive(state.engineState);
}

/** The selection after the network changed: kept while the layer exists. */
function keptSelection(spec: NetworkSpec, selected: string | null): string | null {
  return selected !== null && spec.layers.some((l) => l.id === selected) ? selected : null;
}

export const createNetworkSlice: StateCreator<AppState, [], [], NetworkSlice> = (set, get) => {
  const initial: NetworkDocument = { spec: presetSpec(DEFAULT_PRESET_ID), presetId: DEFAULT_PRESET_ID };

  /** Runs `apply` now, or after the user agreed to discard the trained model. */
  const guarded = (label: string, apply: () => void) => {
    if (hasTrainedModel(get())) set({ pendingEdit: { label, apply } });
    else apply();
  };

  const show = (history: History<NetworkDocument>, selected: string | null) =>
    set({
      networkHistory: history,
      spec: history.present.spec,
      presetId: history.present.presetId,
      selectedLayerId: keptSelection(history.present.spec, selected),
      pendingEdit: null,
    });

  return {
    spec: initial.spec,
    presetId: initial.presetId,
    networkHistory: createHistory(initial),
    selectedLayerId: null,
    pendingEdit: null,
    networkStorageProblem: null,
    restoreNetwork: (document) => show(createHistory(document), null),
    setNetworkStorageProblem: (message) => set({ networkStorageProblem: message }),
    openNetwork: (document, label) => {
      if (document.spec === get().spec) return;
      show(pushHistory(get().networkHistory, document, label), null);
    },
    // Edits close the dialog as they show the new network; an action that keeps the spec closes it here.
    confirmDiscard: (label, apply) =>
      guarded(label, () => {
        set({ pendingEdit: null });
        apply();
      }),
    choosePreset: (id) =>
      guarded(`Load the preset ${PRESETS.find((p) => p.id === id)?.name ?? id}`, () => {
        const current = get().spec;
        const document: NetworkDocument = { spec: presetSpecFor(id, current, get().ownDatasets), presetId: id };
        show(pushHistory(get().networkHistory, document, 'Load preset'), null);
        const preset = getPreset(id);
        if (preset) get().setSettings(preset.settings);
      }),
    chooseDataset: (dataset) =>
      guarded(`Use the dataset ${dataset.name}`, () => {
        const { networkHistory, presetId } = get();
        const spec = networkHistory.present.spec;
        if (datasetIdOf(spec) === dataset.id) return;
        const preset = presetId === null ? undefined : getPreset(presetId);
        const document: NetworkDocument = { spec: withDataset(spec, dataset), presetId: preset && presetSuits(preset, dataset.id) ? presetId : null };
        show(pushHistory(networkHistory, document, `Use ${dataset.name}`), get().selectedLayerId);
      }),
    editNetwork: (edit, label, options = {}) =>
      guarded(label, () => {
        const { networkHistory, selectedLayerId } = get();
        const spec = edit(networkHistory.present.spec);
        if (spec === networkHistory.present.spec) return;
        const next = pushHistory(networkHistory, { spec, presetId: null }, label, { coalesceKey: options.coalesceKey });
        show(next, options.select === undefined ? selectedLayerId : options.select);
      }),
    undoEdit: () =>
      guarded('Undo', () => {
        const { networkHistory, selectedLayerId } = get();
        show(undo(networkHistory), selectedLayerId);
      }),
    redoEdit: () =>
      guarded('Redo', () => {
        const { networkHistory, selectedLayerId } = get();
        show(redo(networkHistory), selectedLayerId);
      }),
    selectLayer: (id) => set((s) => (s.selectedLayerId === id ? {} : { selectedLayerId: id, selectedChannel: null })),
    cancelPendingEdit: () => set({ pendingEdit: null }),
  };
};
