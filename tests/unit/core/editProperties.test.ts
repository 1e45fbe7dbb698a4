/** Properties of the edit actions and the undo history over random networks and random edits. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { duplicateLayer, insertLayer, moveLayer, removeLayer, setInputShape, updateLayer } from '../../../src/core/editing/edit';
import { createHistory, pushHistory, redo, undo } from '../../../src/core/editing/history';
import { createLayer, getLayerDefinition, LAYER_KINDS } from '../../../src/core/spec/registry';
import type { NetworkSpec, Shape3D } from '../../../src/core/spec/spec';
import { validSpecArb } from './arbitraries';
import { deepFreeze } from './helpers';

/** One random edit; positions are taken modulo the layer count when applied. */
type Edit =
  | { type: 'insert'; at: number; kind: (typeof LAYER_KINDS)[number] }
  | { type: 'remove' | 'duplicate'; at: number }
  | { type: 'move'; at: number; to: number }
  | { type: 'update'; at: number; field: number; value: unknown }
  | { type: 'input'; shape: Shape3D };

const settingValueArb = fc.oneof(
  fc.integer({ min: -2, max: 64 }),
  fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })),
  fc.constantFrom('same', 'valid', 'relu', 'softmax', 'linear'),
  fc.boolean(),
  fc.double({ noNaN: true, min: -1, max: 2 }),
);

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ type: fc.constant('insert' as const), at: fc.integer({ min: -2, max: 20 }), kind: fc.constantFrom(...LAYER_KINDS) }),
  fc.record({ type: fc.constantFrom('remove' as const, 'duplicate' as const), at: fc.nat() }),
  fc.record({ type: fc.constant('move' as const), at: fc.nat(), to: fc.integer({ min: -2, max: 20 }) }),
  fc.record({ type: fc.constant('update' as const), at: fc.nat(), field: fc.nat(), value: settingValueArb }),
  fc.record({ type: fc.constant('input' as const), shape: fc.constantFrom<Shape3D>([28, 28, 1], [32, 32, 3], [8, 8, 1]) }),
);

/** Applies one edit with a deterministic id source; edits that do not fit the spec are no-ops. */
function applyEdit(spec: NetworkSpec, edit: Edit, makeId: () => string): NetworkSpec {
  if (edit.type === 'insert') return insertLayer(spec, edit.at, createLayer(edit.kind, makeId()));
  if (edit.type === 'input') return setInputShape(spec, edit.shape);
  const layer = spec.layers[edit.at % Math.max(1, spec.layers.length)];
  if (layer === undefined) return spec;
  switch (edit.type) {
    case 'remove':
      return removeLayer(spec, layer.id);
    case 'duplicate':
      return duplicateLayer(spec, layer.id, makeId());
    case 'move':
      return moveLayer(spec, layer.id, edit.to);
    case 'update': {
      const fields = Object.keys(getLayerDefinition(layer.kind).defaults);
      const field = fields[edit.field % Math.max(1, fields.length)];
      return field === undefined ? spec : updateLayer(spec, layer.id, { [field]: edit.value });
    }
  }
}

function idSource(): () => string {
  let n = 0;
  return () => `e${(n += 1)}`;
}

describe('edit properties', () => {
  it('moving a layer and moving it back gives the same layers', () => {
    fc.assert(
      fc.property(validSpecArb, fc.nat(), fc.nat(), (spec, at, to) => {
        const from = at % spec.layers.length;
        const id = spec.layers[from]?.id ?? '';
        const moved = moveLayer(spec, id, to % spec.layers.length);
        expect(moved.layers.map((l) => l.id).indexOf(id)).toBe(to % spec.layers.length);
        const back = moveLayer(moved, id, from);
        expect(back.layers).toEqual(spec.layers);
        back.layers.forEach((layer, i) => expect(layer).toBe(spec.layers[i]));
      }),
      { numRuns: 200 },
    );
  });

  it('removing an inserted layer gives the original back', () => {
    fc.assert(
      fc.property(validSpecArb, fc.integer({ min: -3, max: 30 }), fc.constantFrom(...LAYER_KINDS), (spec, at, kind) => {
        const inserted = insertLayer(spec, at, createLayer(kind, 'new-layer'));
        expect(inserted.layers).toHaveLength(spec.layers.length + 1);
        expect(removeLayer(inserted, 'new-layer')).toEqual(spec);
      }),
      { numRuns: 200 },
    );
  });

  it('setting a layer to its own values is a no-op that returns the same spec', () => {
    fc.assert(
      fc.property(validSpecArb, fc.nat(), (spec, at) => {
        const { id, kind: _kind, ...settings } = spec.layers[at % spec.layers.length] ?? { id: '', kind: '' };
        expect(updateLayer(spec, id, structuredClone(settings))).toBe(spec);
      }),
      { numRuns: 200 },
    );
  });

  it('duplicating a layer whose output has its input shape keeps the network valid and adds its params', () => {
    fc.assert(
      fc.property(validSpecArb, (spec) => {
        const analysis = analyzeNetwork(spec);
        analysis.layers.forEach((layer, i) => {
          if (JSON.stringify(layer.inputShape) !== JSON.stringify(layer.outputShape)) return;
          const copy = analyzeNetwork(duplicateLayer(spec, spec.layers[i]?.id ?? '', 'copy'));
          expect(copy.problems).toEqual([]);
          expect(copy.totalParams).toBe(analysis.totalParams + layer.params);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('edits never mutate their input and keep ids unique', () => {
    fc.assert(
      fc.property(validSpecArb, fc.array(editArb, { maxLength: 12 }), (spec, edits) => {
        const makeId = idSource();
        const before = structuredClone(spec);
        let current = deepFreeze(spec);
        for (const edit of edits) {
          current = deepFreeze(applyEdit(current, edit, makeId));
          const ids = current.layers.map((l) => l.id);
          expect(new Set(ids).size).toBe(ids.length);
        }
        expect(spec).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });

  it('any sequence of edits, all undone, gives the original spec object back, and redo gives the last', () => {
    fc.assert(
      fc.property(validSpecArb, fc.array(fc.tuple(editArb, fc.option(fc.constantFrom('k1', 'k2'), { nil: undefined })), { maxLength: 15 }), (spec, edits) => {
        const makeId = idSource();
        let history = createHistory(spec);
        for (const [edit, coalesceKey] of edits) history = pushHistory(history, applyEdit(history.present, edit, makeId), edit.type, { coalesceKey });
        const last = history.present;
        while (history.past.length > 0) history = undo(history);
        expect(history.present).toBe(spec);
        while (history.future.length > 0) history = redo(history);
        expect(history.present).toBe(last);
      }),
      { numRuns: 200 },
    );
  });
});
