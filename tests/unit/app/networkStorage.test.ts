import { describe, expect, it } from 'vitest';
import { NETWORK_STORAGE_KEY, restoreNetwork, saveNetworkChanges } from '../../../src/app/networkStorage';
import { appendLayer } from '../../../src/core/editing/edit';
import { createLayer } from '../../../src/core/spec/registry';
import { createAppStore } from '../../../src/store/appStore';

/** localStorage's interface over a Map; `failWith` makes every write throw, as a full or blocked storage does. */
function memoryStorage(failWith?: () => Error): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => {
      if (failWith) throw failWith();
      items.set(key, value);
    },
  };
}

const addDropout = (store: ReturnType<typeof createAppStore>) =>
  store.getState().editNetwork((s) => appendLayer(s, createLayer('dropout', 'saved-dropout')), 'Add Dropout');

describe('network storage', () => {
  it('saves every change and restores it in a new app, with nothing to undo', () => {
    const storage = memoryStorage();
    const first = createAppStore();
    saveNetworkChanges(first, storage);
    addDropout(first);

    const second = createAppStore();
    restoreNetwork(second, storage);
    expect(second.getState().spec).toEqual(first.getState().spec);
    expect(second.getState().presetId).toBeNull();
    expect(second.getState().networkHistory.past).toHaveLength(0);
  });

  it('keeps the preset a saved network still is', () => {
    const storage = memoryStorage();
    const first = createAppStore();
    saveNetworkChanges(first, storage);
    first.getState().choosePreset('lenet5');
    const second = createAppStore();
    restoreNetwork(second, storage);
    expect(second.getState().presetId).toBe('lenet5');
  });

  it('ignores a saved entry that is not a valid network, and says so', () => {
    const storage = memoryStorage();
    storage.setItem(NETWORK_STORAGE_KEY, JSON.stringify({ presetId: null, spec: '{"version": 1, "layers": "nope"}' }));
    const store = createAppStore();
    const before = store.getState().spec;
    restoreNetwork(store, storage);
    expect(store.getState().spec).toBe(before);
    expect(store.getState().networkStorageProblem).toMatch(/could not be read/);

    storage.setItem(NETWORK_STORAGE_KEY, 'not json at all');
    restoreNetwork(store, storage);
    expect(store.getState().spec).toBe(before);
  });

  it('tells the user when the storage is full, and clears that once a save works again', () => {
    let full = true;
    const items = memoryStorage();
    const storage: Storage = {
      ...items,
      getItem: (key) => items.getItem(key),
      setItem: (key, value) => {
        if (full) throw new DOMException('quota', 'QuotaExceededError');
        items.setItem(key, value);
      },
    };
    const store = createAppStore();
    saveNetworkChanges(store, storage);
    addDropout(store);
    expect(store.getState().networkStorageProblem).toMatch(/storage is full/);
    full = false;
    store.getState().undoEdit();
    expect(store.getState().networkStorageProblem).toBeNull();
    expect(items.getItem(NETWORK_STORAGE_KEY)).not.toBeNull();
  });

  it('says so when the browser blocks storage', () => {
    const store = createAppStore();
    saveNetworkChanges(store, memoryStorage(() => new Error('SecurityError')));
    addDropout(store);
    expect(store.getState().networkStorageProblem).toMatch(/does not let the page save/);
  });
});
