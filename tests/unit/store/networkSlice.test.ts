import { describe, expect, it } from 'vitest';
import { appendLayer, removeLayer, updateLayer } from '../../../src/core/editing/edit';
import { createLayer } from '../../../src/core/spec/registry';
import { createAppStore } from '../../../src/store/appStore';
import { hasTrainedModel } from '../../../src/store/networkSlice';

const layerKinds = (store: ReturnType<typeof createAppStore>) => store.getState().spec.layers.map((l) => l.kind);

describe('network slice', () => {
  it('starts from the default preset with nothing to undo', () => {
    const store = createAppStore();
    expect(store.getState().presetId).toBe('small-cnn');
    expect(store.getState().networkHistory.past).toHaveLength(0);
  });

  it('makes every edit one undo step and marks the network as custom', () => {
    const store = createAppStore();
    const before = store.getState().spec;
    store.getState().editNetwork((s) => appendLayer(s, createLayer('dropout', 'd1')), 'Add Dropout');
    expect(layerKinds(store).at(-1)).toBe('dropout');
    expect(store.getState().presetId).toBeNull();
    store.getState().undoEdit();
    expect(store.getState().spec).toBe(before);
    expect(store.getState().presetId).toBe('small-cnn');
    store.getState().redoEdit();
    expect(layerKinds(store).at(-1)).toBe('dropout');
  });

  it('skips edits that change nothing', () => {
    const store = createAppStore();
    store.getState().editNetwork((s) => removeLayer(s, 'no-such-layer'), 'Remove');
    expect(store.getState().networkHistory.past).toHaveLength(0);
  });

  it('coalesces quick edits of the same field into one undo step', () => {
    const store = createAppStore();
    const id = store.getState().spec.layers[0]?.id ?? '';
    for (const filters of [1, 12, 128]) {
      store.getState().editNetwork((s) => updateLayer(s, id, { filters }), 'Change Filters', { coalesceKey: `${id}:filters` });
    }
    expect(store.getState().spec.layers[0]).toMatchObject({ filters: 128 });
    store.getState().undoEdit();
    expect(store.getState().spec.layers[0]).toMatchObject({ filters: 8 });
  });

  it('keeps the selection while the layer exists and drops it when an edit removes it', () => {
    const store = createAppStore();
    const id = store.getState().spec.layers[1]?.id ?? '';
    store.getState().selectLayer(id);
    store.getState().editNetwork((s) => appendLayer(s, createLayer('dropout', 'd1')), 'Add Dropout');
    expect(store.getState().selectedLayerId).toBe(id);
    store.getState().editNetwork((s) => removeLayer(s, id), 'Remove');
    expect(store.getState().selectedLayerId).toBeNull();
  });

  it('loads presets as undoable edits', () => {
    const store = createAppStore();
    store.getState().choosePreset('lenet5');
    expect(store.getState().presetId).toBe('lenet5');
    store.getState().undoEdit();
    expect(store.getState().presetId).toBe('small-cnn');
  });

  it('holds an edit for confirmation while a trained model would be discarded', () => {
    const store = createAppStore();
    store.getState().applyEngineEvent({ type: 'state', state: 'training' });
    expect(hasTrainedModel(store.getState())).toBe(true);
    const before = store.getState().spec;
    store.getState().editNetwork((s) => appendLayer(s, createLayer('dropout', 'd1')), 'Add Dropout');
    expect(store.getState().spec).toBe(before);
    expect(store.getState().pendingEdit?.label).toBe('Add Dropout');

    store.getState().cancelPendingEdit();
    expect(store.getState().pendingEdit).toBeNull();
    expect(store.getState().spec).toBe(before);

    store.getState().editNetwork((s) => appendLayer(s, createLayer('dropout', 'd1')), 'Add Dropout');
    store.getState().pendingEdit?.apply();
    expect(layerKinds(store).at(-1)).toBe('dropout');
    expect(store.getState().pendingEdit).toBeNull();
  });
});
