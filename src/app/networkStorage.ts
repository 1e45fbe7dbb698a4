/**
 * Keeps the user's network across reloads: saved to localStorage after every change, restored at
 * start. The spec goes through the core's JSON parser on the way back, so a stale or hand-edited
 * entry can never load a broken network: it is ignored with a message instead.
 */
import { getPreset } from '../core/editing/presets';
import { parseSpec, specToJson } from '../core/spec/serialize';
import type { AppStore } from '../store/appStore';

export const NETWORK_STORAGE_KEY = 'kernelscope.network';

interface SavedNetwork {
  presetId: string | null;
  /** specToJson text. */
  spec: string;
}

/** Puts the saved network into the store, if there is one. */
export function restoreNetwork(store: AppStore, storage: Storage): void {
  let text: string | null;
  try {
    text = storage.getItem(NETWORK_STORAGE_KEY);
  } catch {
    // Storage blocked (private mode, site settings): start from the default, say so once saving fails.
    return;
  }
  if (text === null) return;
  let saved: Partial<SavedNetwork>;
  try {
    saved = JSON.parse(text) as Partial<SavedNetwork>;
  } catch {
    saved = {};
  }
  const parsed = parseSpec(typeof saved.spec === 'string' ? saved.spec : '');
  if (!parsed.ok) {
    store.getState().setNetworkStorageProblem(`Your saved network could not be read (${parsed.message}), so the default network is shown.`);
    return;
  }
  const presetId = typeof saved.presetId === 'string' && getPreset(saved.presetId) ? saved.presetId : null;
  store.getState().restoreNetwork({ spec: parsed.spec, presetId });
}

/** Saves the network whenever it changes; returns the unsubscribe function. */
export function saveNetworkChanges(store: AppStore, storage: Storage): () => void {
  return store.subscribe((state, previous) => {
    if (state.spec === previous.spec && state.presetId === previous.presetId) return;
    const saved: SavedNetwork = { presetId: state.presetId, spec: specToJson(state.spec) };
    try {
      storage.setItem(NETWORK_STORAGE_KEY, JSON.stringify(saved));
      if (state.networkStorageProblem) state.setNetworkStorageProblem(null);
    } catch (error) {
      const full = error instanceof DOMException && error.name === 'QuotaExceededError';
      state.setNetworkStorageProblem(
        full
          ? 'The browser storage is full, so your network is not saved and a reload would lose it. Free some site storage to keep it.'
          : 'This browser does not let the page save your network, so a reload would lose it.',
      );
    }
  });
}
