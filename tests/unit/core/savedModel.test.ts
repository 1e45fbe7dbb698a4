import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_HISTORY_POINTS,
  MAX_NAME_LENGTH,
  MAX_SAVED_WEIGHTS,
  cleanModelName,
  readSavedModel,
} from '../../../src/core/export/savedModel';
import { layoutSize, weightLayout } from '../../../src/core/export/weightLayout';
import { getPreset } from '../../../src/core/editing/presets';
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type NetworkSpec } from '../../../src/core/spec/spec';
import { DEFAULT_SETTINGS, readSettings } from '../../../src/core/training/training';
import { smallCnnModel } from './savedModelFixture';

const SMALL_CNN = getPreset('small-cnn')?.spec;
if (!SMALL_CNN) throw new Error('small-cnn preset missing');

/** A valid saved small CNN: small deterministic weights, 6 steps into epoch 1, one validation point. */
const fixture = smallCnnModel;

/** The fixture with some fields replaced (or removed, where the value is undefined and `remove` names it). */
const withFields = (fields: Record<string, unknown>, remove: string[] = []): Record<string, unknown> => {
  const record: Record<string, unknown> = { ...fixture(), ...fields };
  for (const key of remove) delete record[key];
  return record;
};

/** The refusal's message; fails the test when the value was accepted. */
function refusal(value: unknown): string {
  const result = readSavedModel(value);
  if (result.ok) throw new Error('expected the saved model to be refused');
  expect(result.message.length).toBeGreaterThan(0);
  return result.message;
}

const TOP_LEVEL_FIELDS = ['version', 'name', 'savedAt', 'spec', 'settings', 'progress', 'history', 'weights'] as const;

/** fc.anything with every kind of value it can make, typed arrays and odd prototypes included. */
const wildArb = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  maxDepth: 3,
});

describe('readSavedModel: a valid model', () => {
  it('reads back equal data', () => {
    const model = fixture();
    const result = readSavedModel(model);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual(fixture());
    expect(result.value.weights.every((w) => w instanceof Float32Array)).toBe(true);
  });

  it('reads a structured clone (what IndexedDB gives back)', () => {
    const result = readSavedModel(structuredClone(fixture()));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toEqual(fixture());
  });

  it('does not change the record it reads', () => {
    const model = fixture();
    const before = structuredClone(model);
    readSavedModel(model);
    expect(model).toEqual(before);
  });

  it('reads a run that has not finished an epoch (no validation yet) and NaN losses written as null', () => {
    const model = fixture();
    const result = readSavedModel({ ...model, history: { ...model.history, loss: [2.3, null, 2, 1.9, 1.7, 1.5], validation: [] } });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.history.loss[1]).toBeNaN();
  });

  it('reads a record from before times were kept: every time unknown (NaN)', () => {
    const { history, ...model } = fixture();
    const { seconds: _, ...untimed } = history;
    const result = readSavedModel({ ...model, history: { ...untimed, validation: untimed.validation.map(({ seconds: _s, ...point }) => point) } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.history.seconds).toHaveLength(history.steps.length);
    expect(result.value.history.seconds.every(Number.isNaN)).toBe(true);
    expect(result.value.history.validation[0]?.seconds).toBeNaN();
  });
});

describe('readSavedModel: refusals', () => {
  it('refuses other format versions', () => {
    expect(refusal(withFields({ version: 2 }))).toMatch(/newer Kernelscope/);
    expect(refusal(withFields({ version: 0 }))).toMatch(/format/);
    expect(refusal(withFields({ version: '1' }))).toMatch(/format/);
    expect(refusal(withFields({}, ['version']))).toMatch(/format/);
    expect(refusal(withFields({ version: NaN }))).toMatch(/format/);
  });

  it('refuses what is not a record', () => {
    for (const value of [null, undefined, 0, 'model', [], [fixture()]]) expect(refusal(value)).toMatch(/not a saved Kernelscope model/);
  });

  it('refuses a bad name or date', () => {
    expect(refusal(withFields({ name: 42 }))).toMatch(/name is not text/);
    expect(refusal(withFields({ savedAt: -1 }))).toMatch(/date/);
    expect(refusal(withFields({ savedAt: Infinity }))).toMatch(/date/);
    expect(refusal(withFields({ savedAt: '2024-01-01' }))).toMatch(/date/);
  });

  it('refuses a missing spec, an unknown layer kind and an invalid network', () => {
    expect(refusal(withFields({}, ['spec']))).toMatch(/network cannot be read/);
    const spec = structuredClone(SMALL_CNN) as NetworkSpec;
    const unknownKind = { ...spec, layers: [{ ...spec.layers[0], kind: 'transformer' }, ...spec.layers.slice(1)] };
    expect(refusal(withFields({ spec: unknownKind }))).toMatch(/network cannot be read/);
    const noClassifier = { ...spec, layers: spec.layers.slice(0, -1) };
    expect(refusal(withFields({ spec: noClassifier }))).toMatch(/error in it/);
  });

  it('refuses the wrong number of weight arrays', () => {
    const { weights } = fixture();
    expect(refusal(withFields({ weights: weights.slice(1) }))).toMatch(/needs 6 weight tensors, but 5 were saved/);
    expect(refusal(withFields({ weights: [...weights, new Float32Array(1)] }))).toMatch(/needs 6 weight tensors, but 7/);
    expect(refusal(withFields({}, ['weights']))).toMatch(/not a list/);
  });

  it('refuses a weight array one value short or long', () => {
    const weights = fixture().weights;
    const short = weights.map((w, i) => (i === 2 ? w.slice(1) : w));
    expect(refusal(withFields({ weights: short }))).toMatch(/weight 3 \(the kernel of layer 3, conv2d\) has 3199 values; its shape \[5, 5, 8, 16\] needs 3200/);
    const long = weights.map((w, i) => (i === 5 ? Float32Array.from([...w, 0]) : w));
    expect(refusal(withFields({ weights: long }))).toMatch(/needs/);
  });

  it('refuses weights that are not finite', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const weights = fixture().weights;
      const target = weights[4];
      if (!target) throw new Error('no weight 5');
      target[100] = bad;
      expect(refusal(withFields({ weights }))).toMatch(/weight 5 .* not a finite number \(at position 101\)/);
    }
  });

  it('refuses weights given as plain lists of numbers or other typed arrays', () => {
    const weights = fixture().weights;
    const plain = weights.map((w, i) => (i === 0 ? Array.from(w) : w));
    expect(refusal(withFields({ weights: plain }))).toMatch(/weight 1 .* not a list of 32-bit floats/);
    const doubles = weights.map((w, i) => (i === 1 ? Float64Array.from(w) : w));
    expect(refusal(withFields({ weights: doubles }))).toMatch(/32-bit floats/);
  });

  it('refuses a network larger than MAX_SAVED_WEIGHTS before reading a single weight', () => {
    const huge: NetworkSpec = {
      version: SPEC_VERSION,
      inputShape: [1024, 1024, 64],
      layers: [createLayer('flatten', 'f'), createLayer('dense', 'out', { units: 10, activation: 'softmax' })],
    };
    const layout = weightLayout(huge);
    expect(layout).not.toBeNull();
    if (!layout) return;
    expect(layoutSize(layout)).toBeGreaterThan(MAX_SAVED_WEIGHTS);

    let weightsRead = false;
    const record = withFields({ spec: huge });
    Object.defineProperty(record, 'weights', {
      enumerable: true,
      get() {
        weightsRead = true;
        return [];
      },
    });
    const message = refusal(record);
    expect(message).toMatch(/671,088,650 weights, more than the 50,000,000/);
    expect(message).not.toMatch(/weight tensors/);
    expect(weightsRead).toBe(false);
    // And with an (empty) weights list in place: still the size, not the count.
    expect(refusal(withFields({ spec: huge, weights: [] }))).toMatch(/more than/);
  });

  it('refuses bad training settings', () => {
    const cases: Record<string, unknown>[] = [
      { learningRate: 5 },
      { learningRate: 0 },
      { learningRate: NaN },
      { learningRate: '0.001' },
      { batchSize: 7 },
      { batchSize: '32' },
      { optimizer: 'foo' },
      { optimizer: undefined },
      { epochs: 0 },
      { epochs: 51 },
      { epochs: 1.5 },
    ];
    for (const change of cases) {
      expect(refusal(withFields({ settings: { ...DEFAULT_SETTINGS, ...change } })), JSON.stringify(change)).toMatch(/training settings are wrong/);
    }
    expect(refusal(withFields({}, ['settings']))).toMatch(/training settings are wrong: The training settings are missing/);
  });

  it('refuses progress beyond the run or not in whole numbers', () => {
    const progress = fixture().progress;
    expect(refusal(withFields({ progress: { ...progress, epoch: DEFAULT_SETTINGS.epochs } }))).toMatch(/beyond its 3 epochs/);
    expect(refusal(withFields({ progress: { ...progress, batch: progress.batchesPerEpoch } }))).toMatch(/beyond/);
    expect(refusal(withFields({ progress: { ...progress, step: -1 } }))).toMatch(/whole numbers/);
    expect(refusal(withFields({ progress: { ...progress, batch: 0.5 } }))).toMatch(/whole numbers/);
    expect(refusal(withFields({}, ['progress']))).toMatch(/How far the model trained is missing/);
  });

  it('refuses a history whose lists disagree, hold other things than numbers, or are longer than any run', () => {
    const history = fixture().history;
    expect(refusal(withFields({ history: { ...history, loss: history.loss.slice(1) } }))).toMatch(/disagree: 6 steps, 5 losses, 6 accuracies/);
    expect(refusal(withFields({ history: { ...history, accuracy: [...history.accuracy, 1] } }))).toMatch(/disagree/);
    expect(refusal(withFields({ history: { ...history, steps: [1, 2, '3', 4, 5, 6] } }))).toMatch(/position 3/);
    const tooLong = new Array<number>(MAX_HISTORY_POINTS + 1).fill(0);
    expect(refusal(withFields({ history: { ...history, steps: tooLong } }))).toMatch(/more than the 400000/);
    expect(refusal(withFields({ history: { ...history, validation: [{ step: 1, epoch: 0, loss: 1, accuracy: 1.5 }] } }))).toMatch(/Validation point 1/);
    expect(refusal(withFields({ history: { ...history, validation: tooLong } }))).toMatch(/more than the 50 epochs/);
    expect(refusal(withFields({ history: { ...history, seconds: [1, 2] } }))).toMatch(/disagree: 6 steps, 2 times/);
    expect(refusal(withFields({ history: { ...history, validation: [{ step: 6, epoch: 0, loss: 1, accuracy: 0.5, seconds: 'soon' }] } }))).toMatch(/as its time/);
    expect(refusal(withFields({}, ['history']))).toMatch(/history is missing/);
  });
});

describe('readSavedModel: names', () => {
  it('cleans control characters out of a name', () => {
    const result = readSavedModel(withFields({ name: '  My\u0000model\n\tv2\u007f ' }));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.name).toBe('My model  v2');
    expect(cleanModelName('a\u001bb')).toBe('a b');
    expect(cleanModelName('x'.repeat(500))).toHaveLength(MAX_NAME_LENGTH);
  });

  it('keeps a name that looks like HTML as the same text', () => {
    const name = '<img src=x onerror=alert(1)>';
    const result = readSavedModel(withFields({ name }));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.name).toBe(name);
  });
});

describe('readSavedModel: fuzz', () => {
  /** Reads untrusted input; it must not throw, and a refusal must say something. */
  function readChecked(value: unknown) {
    const result = readSavedModel(value);
    if (!result.ok) {
      expect(typeof result.message).toBe('string');
      expect(result.message.length).toBeGreaterThan(0);
    }
    return result;
  }

  it('never throws on anything at all', () => {
    fc.assert(
      fc.property(wildArb, (value) => {
        expect(readChecked(value).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws when one field of a valid model holds anything, and what it accepts reads back the same', () => {
    const base = fixture();
    const snapshot = structuredClone(base);
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom(...TOP_LEVEL_FIELDS), wildArb, (field, value) => {
        const result = readChecked({ ...base, [field]: value });
        if (result.ok) {
          accepted += 1;
          const again = readSavedModel(result.value);
          expect(again.ok).toBe(true);
          if (again.ok) expect(again.value).toEqual(result.value);
        }
      }),
      { numRuns: 300 },
    );
    expect(base).toEqual(snapshot);
    // Only a text name or a date can be accepted; most replacements are refused.
    expect(accepted).toBeLessThan(150);
  });

  it('refuses a weight array of the wrong length or holding a value that is not finite', () => {
    const base = fixture();
    const snapshot = structuredClone(base);
    const sizes = base.weights.map((w) => w.length);
    const damage = fc.oneof(
      fc.record({ kind: fc.constant('length' as const), slot: fc.nat(sizes.length - 1), length: fc.nat(7000) }).filter(({ slot, length }) => length !== sizes[slot]),
      fc.record({ kind: fc.constant('value' as const), slot: fc.nat(sizes.length - 1), at: fc.nat(), value: fc.constantFrom(NaN, Infinity, -Infinity) }),
    );
    fc.assert(
      fc.property(damage, (d) => {
        const weights = [...base.weights];
        const original = base.weights[d.slot] ?? new Float32Array(0);
        if (d.kind === 'length') {
          weights[d.slot] = new Float32Array(d.length);
        } else {
          const copy = original.slice();
          copy[d.at % copy.length] = d.value;
          weights[d.slot] = copy;
        }
        const result = readChecked({ ...base, weights });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.message).toMatch(d.kind === 'length' ? /needs/ : /finite/);
      }),
      { numRuns: 200 },
    );
    expect(base).toEqual(snapshot);
  });

  it("never throws when a field of one of the spec's layers holds anything", () => {
    const base = fixture();
    const snapshot = structuredClone(base);
    const layerFields = [...new Set(base.spec.layers.flatMap((layer) => Object.keys(layer))), 'units', 'rate', 'depthMultiplier', 'paddingMode', '__proto__'];
    fc.assert(
      fc.property(fc.nat(base.spec.layers.length - 1), fc.constantFrom(...layerFields), wildArb, (index, field, value) => {
        const layers: unknown[] = base.spec.layers.map((layer, i) => {
          if (i !== index) return layer;
          const copy: Record<string, unknown> = { ...layer };
          Object.defineProperty(copy, field, { value, enumerable: true, writable: true, configurable: true });
          return copy;
        });
        const result = readChecked({ ...base, spec: { ...base.spec, layers } });
        if (result.ok) {
          const again = readSavedModel(result.value);
          expect(again.ok).toBe(true);
          expect(result.value.weights).toHaveLength(weightLayout(result.value.spec)?.length ?? -1);
        }
      }),
      { numRuns: 250 },
    );
    expect(base).toEqual(snapshot);
  });
});

describe('readSettings', () => {
  it('reads the default settings', () => {
    expect(readSettings(DEFAULT_SETTINGS)).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
    expect(readSettings({ ...DEFAULT_SETTINGS, extra: 'ignored' })).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
  });

  it.each([
    ['no settings', null, /missing/],
    ['a list', [], /optimizer/],
    ['optimizer foo', { ...DEFAULT_SETTINGS, optimizer: 'foo' }, /optimizer must be one of sgd, momentum, adam, rmsprop/],
    ['optimizer as a number', { ...DEFAULT_SETTINGS, optimizer: 1 }, /optimizer/],
    ['learning rate 5', { ...DEFAULT_SETTINGS, learningRate: 5 }, /learning rate/],
    ['learning rate 0', { ...DEFAULT_SETTINGS, learningRate: 0 }, /learning rate/],
    ['learning rate NaN', { ...DEFAULT_SETTINGS, learningRate: NaN }, /learning rate/],
    ['learning rate as text', { ...DEFAULT_SETTINGS, learningRate: '0.001' }, /learning rate/],
    ['batch size 7', { ...DEFAULT_SETTINGS, batchSize: 7 }, /batch size must be one of 8, 16, 32, 64, 128, 256/],
    ['batch size as text', { ...DEFAULT_SETTINGS, batchSize: '32' }, /batch size/],
    ['epochs 0', { ...DEFAULT_SETTINGS, epochs: 0 }, /epochs must be a whole number from 1 to 50/],
    ['epochs 51', { ...DEFAULT_SETTINGS, epochs: 51 }, /epochs/],
    ['epochs 2.5', { ...DEFAULT_SETTINGS, epochs: 2.5 }, /epochs/],
    ['epochs Infinity', { ...DEFAULT_SETTINGS, epochs: Infinity }, /epochs/],
  ])('refuses %s', (_what, value, message) => {
    const result = readSettings(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
