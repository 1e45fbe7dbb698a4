import { describe, expect, it } from 'vitest';
import { appendLayer, duplicateLayer, insertLayer, insertLayers, moveLayer, removeLayer, setInputShape, updateLayer } from '../../../src/core/editing/edit';
import { editLabel } from '../../../src/core/editing/editLabels';
import { createLayer } from '../../../src/core/spec/registry';
import type { LayerSpec, NetworkSpec } from '../../../src/core/spec/spec';
import { deepFreeze, net } from './helpers';

/** A frozen network a, b, c, d with readable ids. */
function abcd(): NetworkSpec {
  return deepFreeze(
    net([
      createLayer('conv2d', 'a', { filters: 4 }),
      createLayer('maxPool2d', 'b'),
      createLayer('flatten', 'c'),
      createLayer('dense', 'd'),
    ]),
  );
}

const ids = (spec: NetworkSpec): string[] => spec.layers.map((l) => l.id);

describe('insertLayers', () => {
  it('inserts before the given index and keeps the input untouched', () => {
    const spec = abcd();
    const next = insertLayers(spec, 1, [createLayer('batchNorm', 'x'), createLayer('activation', 'y')]);
    expect(ids(next)).toEqual(['a', 'x', 'y', 'b', 'c', 'd']);
    expect(ids(spec)).toEqual(['a', 'b', 'c', 'd']);
    expect(next.inputShape).toBe(spec.inputShape);
    expect(next.layers[0]).toBe(spec.layers[0]);
  });

  it('clamps the index: below 0 prepends, past the end (or Infinity) appends', () => {
    const spec = abcd();
    expect(ids(insertLayers(spec, -3, [createLayer('flatten', 'x')]))).toEqual(['x', 'a', 'b', 'c', 'd']);
    expect(ids(insertLayers(spec, 99, [createLayer('flatten', 'x')]))).toEqual(['a', 'b', 'c', 'd', 'x']);
    expect(ids(insertLayers(spec, Infinity, [createLayer('flatten', 'x')]))).toEqual(['a', 'b', 'c', 'd', 'x']);
    expect(ids(insertLayers(spec, 1.7, [createLayer('flatten', 'x')]))).toEqual(['a', 'x', 'b', 'c', 'd']);
  });

  it('returns the same spec when there is nothing to insert', () => {
    const spec = abcd();
    expect(insertLayers(spec, 0, [])).toBe(spec);
  });

  it('copies the inserted layers, so later changes to them do not leak in', () => {
    const layer = createLayer('conv2d', 'x');
    const next = insertLayer(abcd(), 0, layer);
    layer.kernelSize[0] = 9;
    expect(next.layers[0]).toMatchObject({ id: 'x', kernelSize: [3, 3] });
  });

  it('throws on an id that is already used, repeated, or empty', () => {
    const spec = abcd();
    expect(() => insertLayer(spec, 0, createLayer('flatten', 'c'))).toThrow(/"c" is already used/);
    expect(() => insertLayers(spec, 0, [createLayer('flatten', 'x'), createLayer('dense', 'x')])).toThrow(/"x" is already used/);
    expect(() => insertLayer(spec, 0, createLayer('flatten', ''))).toThrow(/non-empty id/);
  });

  it('insertLayer and appendLayer are the one-layer forms', () => {
    const spec = abcd();
    expect(ids(insertLayer(spec, 2, createLayer('dropout', 'x')))).toEqual(['a', 'b', 'x', 'c', 'd']);
    expect(ids(appendLayer(spec, createLayer('dropout', 'x')))).toEqual(['a', 'b', 'c', 'd', 'x']);
    expect(ids(appendLayer(net([]), createLayer('dropout', 'x')))).toEqual(['x']);
  });
});

describe('removeLayer', () => {
  it('removes the layer with that id', () => {
    const spec = abcd();
    expect(ids(removeLayer(spec, 'b'))).toEqual(['a', 'c', 'd']);
    expect(ids(removeLayer(spec, 'a'))).toEqual(['b', 'c', 'd']);
    expect(ids(removeLayer(spec, 'd'))).toEqual(['a', 'b', 'c']);
    expect(ids(spec)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('returns the same spec for an unknown id', () => {
    const spec = abcd();
    expect(removeLayer(spec, 'nope')).toBe(spec);
    expect(removeLayer(net([]), 'a').layers).toEqual([]);
  });
});

describe('moveLayer', () => {
  it('puts the layer at the given index of the result, down or up', () => {
    const spec = abcd();
    expect(ids(moveLayer(spec, 'a', 2))).toEqual(['b', 'c', 'a', 'd']);
    expect(ids(moveLayer(spec, 'a', 3))).toEqual(['b', 'c', 'd', 'a']);
    expect(ids(moveLayer(spec, 'd', 0))).toEqual(['d', 'a', 'b', 'c']);
    expect(ids(moveLayer(spec, 'c', 1))).toEqual(['a', 'c', 'b', 'd']);
  });

  it('clamps the index', () => {
    const spec = abcd();
    expect(ids(moveLayer(spec, 'b', 50))).toEqual(['a', 'c', 'd', 'b']);
    expect(ids(moveLayer(spec, 'c', -4))).toEqual(['c', 'a', 'b', 'd']);
  });

  it('returns the same spec when the layer is already there or unknown', () => {
    const spec = abcd();
    expect(moveLayer(spec, 'b', 1)).toBe(spec);
    expect(moveLayer(spec, 'd', 10)).toBe(spec);
    expect(moveLayer(spec, 'a', -1)).toBe(spec);
    expect(moveLayer(spec, 'nope', 0)).toBe(spec);
  });

  it('keeps the layer objects themselves', () => {
    const spec = abcd();
    const moved = moveLayer(spec, 'a', 3);
    expect(moved.layers[3]).toBe(spec.layers[0]);
  });
});

describe('duplicateLayer', () => {
  it('inserts a deep copy with the new id right after the original', () => {
    const spec = abcd();
    const next = duplicateLayer(spec, 'a', 'a2');
    expect(ids(next)).toEqual(['a', 'a2', 'b', 'c', 'd']);
    const [original, copy] = next.layers as [LayerSpec, LayerSpec];
    expect(copy).toEqual({ ...original, id: 'a2' });
    if (original.kind !== 'conv2d' || copy.kind !== 'conv2d') throw new Error('expected conv layers');
    expect(copy.kernelSize).not.toBe(original.kernelSize);
    expect(copy.strides).not.toBe(original.strides);
  });

  it('duplicates the last layer at the end', () => {
    expect(ids(duplicateLayer(abcd(), 'd', 'd2'))).toEqual(['a', 'b', 'c', 'd', 'd2']);
  });

  it('returns the same spec for an unknown id and throws on a used new id', () => {
    const spec = abcd();
    expect(duplicateLayer(spec, 'nope', 'x')).toBe(spec);
    expect(() => duplicateLayer(spec, 'a', 'b')).toThrow(/already used/);
    expect(() => duplicateLayer(spec, 'a', 'a')).toThrow(/already used/);
  });
});

describe('updateLayer', () => {
  it('sets settings and leaves the rest of the layer and the other layers alone', () => {
    const spec = abcd();
    const next = updateLayer(spec, 'a', { filters: 16, padding: 'same' });
    expect(next.layers[0]).toEqual({ ...spec.layers[0], filters: 16, padding: 'same' });
    expect(next.layers.slice(1)).toEqual(spec.layers.slice(1));
    expect(next.layers[1]).toBe(spec.layers[1]);
    expect(spec.layers[0]).toMatchObject({ filters: 4, padding: 'valid' });
  });

  it('stores out-of-range and odd values as given: the analysis reports them, the input is not lost', () => {
    const spec = abcd();
    expect(updateLayer(spec, 'a', { filters: 0 }).layers[0]).toMatchObject({ filters: 0 });
    expect(updateLayer(spec, 'a', { filters: 5000 }).layers[0]).toMatchObject({ filters: 5000 });
    expect(updateLayer(spec, 'a', { kernelSize: [40, 2] }).layers[0]).toMatchObject({ kernelSize: [40, 2] });
    expect(updateLayer(spec, 'd', { units: Number.NaN }).layers[3]).toMatchObject({ units: Number.NaN });
  });

  it('copies pair arrays', () => {
    const pair: [number, number] = [5, 5];
    const next = updateLayer(abcd(), 'a', { kernelSize: pair });
    pair[0] = 1;
    expect(next.layers[0]).toMatchObject({ kernelSize: [5, 5] });
  });

  it('returns the same spec when every value is already equal (pairs element by element) or the id is unknown', () => {
    const spec = abcd();
    expect(updateLayer(spec, 'a', { filters: 4 })).toBe(spec);
    expect(updateLayer(spec, 'a', { kernelSize: [3, 3], strides: [1, 1], padding: 'valid' })).toBe(spec);
    expect(updateLayer(spec, 'a', {})).toBe(spec);
    expect(updateLayer(spec, 'nope', { filters: 9 })).toBe(spec);
    const withNaN = updateLayer(spec, 'd', { units: Number.NaN });
    expect(updateLayer(withNaN, 'd', { units: Number.NaN })).toBe(withNaN);
    expect(updateLayer(spec, 'a', { kernelSize: [3, 4] })).not.toBe(spec);
  });

  it('throws when the patch names id, kind, or a setting the kind does not have', () => {
    const spec = abcd();
    expect(() => updateLayer(spec, 'a', { id: 'z' })).toThrow(/id/);
    expect(() => updateLayer(spec, 'a', { kind: 'dense' })).toThrow(/kind/);
    expect(() => updateLayer(spec, 'a', { units: 3 })).toThrow(/no setting "units"/);
    expect(() => updateLayer(spec, 'c', { rate: 0.5 })).toThrow(/no setting "rate"/);
  });
});

describe('setInputShape', () => {
  it('sets a copy of the shape, and returns the same spec when it is equal', () => {
    const spec = abcd();
    const shape: [number, number, number] = [32, 32, 3];
    const next = setInputShape(spec, shape);
    shape[0] = 1;
    expect(next.inputShape).toEqual([32, 32, 3]);
    expect(next.layers).toBe(spec.layers);
    expect(setInputShape(spec, [28, 28, 1])).toBe(spec);
    expect(spec.inputShape).toEqual([28, 28, 1]);
  });
});

describe('editLabel', () => {
  it('names edits with the registry labels', () => {
    expect(editLabel.insert('conv2d')).toBe('Add Conv2D');
    expect(editLabel.insertBlock('Conv block')).toBe('Add Conv block');
    expect(editLabel.remove('maxPool2d')).toBe('Remove MaxPool2D');
    expect(editLabel.move('dense')).toBe('Move Dense');
    expect(editLabel.duplicate('conv2d')).toBe('Duplicate Conv2D');
    expect(editLabel.inputShape()).toBe('Change input shape');
  });

  it('names setting changes with the parameter labels', () => {
    expect(editLabel.update('conv2d', 'filters')).toBe('Change Filters of Conv2D');
    expect(editLabel.update('conv2d', ['kernelSize', 'strides'])).toBe('Change Kernel size and Stride of Conv2D');
    expect(editLabel.update('conv2d', ['kernelSize', 'strides', 'padding'])).toBe('Change Kernel size, Stride and Padding of Conv2D');
    expect(editLabel.update('activation', 'activation')).toBe('Change Function of Activation');
    expect(editLabel.update('dropout', 'rate')).toBe('Change Rate of Dropout');
    expect(editLabel.update('dense', [])).toBe('Change Dense');
    expect(editLabel.update('flatten', 'odd')).toBe('Change odd of Flatten');
  });
});
