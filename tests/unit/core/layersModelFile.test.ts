import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LAYERS_MODEL_FILE,
  LAYERS_WEIGHTS_FILE,
  decodeLayersModel,
  encodeLayersModel,
  type LayersArtifacts,
  type LayersWeightSpec,
} from '../../../src/core/export/layersModelFile';
import { readSavedModel, type SavedModel } from '../../../src/core/export/savedModel';
import type { WeightSlot } from '../../../src/core/export/weightLayout';
import type { NetworkSpec } from '../../../src/core/spec/spec';
import { validSpecArb } from './arbitraries';
import { allSameBits, headerFor, layoutOf, presetSpec, randomBitWeights, savedModelFor, smallCnnModel } from './savedModelFixture';

/** tfjs's name for a slot's weight: '<layer name>/<role>', the layer named 'l<index>_<kind>_<id>' as buildModel names it. */
function tfjsName(spec: NetworkSpec, slot: WeightSlot, suffix = ''): string {
  const layer = spec.layers[slot.layerIndex];
  if (!layer) throw new Error('slot without a layer');
  return `l${slot.layerIndex}_${layer.kind}_${layer.id.replace(/[^A-Za-z0-9_.-]/g, '_')}/${slot.role}${suffix}`;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const bytesOf = (values: Float32Array): Uint8Array => new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));

/**
 * What tfjs's model.save would hand over for the model: float32 weight specs in the given order of
 * slots (weightLayout's by default) and their data concatenated in that order.
 */
function artifactsOf(model: SavedModel, options: { order?: readonly number[]; suffix?: (index: number) => string } = {}): LayersArtifacts {
  const layout = layoutOf(model.spec);
  const order = options.order ?? layout.map((_, i) => i);
  const weightSpecs: LayersWeightSpec[] = order.map((i) => ({ name: tfjsName(model.spec, layout[i]!, options.suffix?.(i) ?? ''), shape: [...layout[i]!.shape], dtype: 'float32' }));
  const data = concat(order.map((i) => bytesOf(model.weights[i]!)));
  return { modelTopology: {}, weightSpecs, weightData: data.buffer as ArrayBuffer };
}

/** model.json text and the weights file of the model. */
function filesOf(model: SavedModel, artifacts = artifactsOf(model)): { json: string; files: Map<string, Uint8Array> } {
  const { modelJson, weights } = encodeLayersModel(artifacts, model);
  return { json: modelJson, files: new Map([[LAYERS_WEIGHTS_FILE, weights]]) };
}

function decoded(json: string, files: ReadonlyMap<string, Uint8Array>): SavedModel {
  const result = decodeLayersModel(json, files);
  if (!result.ok) throw new Error(`expected the model to be read, got: ${result.message}`);
  return result.value;
}

function refusal(json: string, files: ReadonlyMap<string, Uint8Array>): string {
  const result = decodeLayersModel(json, files);
  if (result.ok) throw new Error('expected the model to be refused');
  expect(result.message.length).toBeGreaterThan(0);
  return result.message;
}

function expectSameModel(actual: SavedModel, expected: SavedModel): void {
  const { weights: a, ...restA } = actual;
  const { weights: b, ...restB } = expected;
  expect(restA).toEqual(restB);
  expect(a.every((w) => w instanceof Float32Array)).toBe(true);
  expect(allSameBits(a, b)).toBe(true);
}

type Json = Record<string, unknown>;
const parsed = (json: string): Json => JSON.parse(json) as Json;
/** The manifest's weight entries of a parsed model.json (one group, as Kernelscope writes). */
const manifestWeights = (data: Json): Json[] => ((data.weightsManifest as Json[])[0]!.weights as Json[]);

const SMALL = smallCnnModel();
const SMALL_FILES = filesOf(SMALL);
const binOf = (files: ReadonlyMap<string, Uint8Array>): Uint8Array => files.get(LAYERS_WEIGHTS_FILE) ?? new Uint8Array(0);
/** The small CNN's model.json with an edit to its parsed JSON, and its (unchanged) weights file. */
function editedJson(edit: (data: Json) => void): string {
  const data = parsed(SMALL_FILES.json);
  edit(data);
  return JSON.stringify(data);
}

describe('tfjs Layers files: round trip', () => {
  it('reads the small CNN back equal, a NaN loss included', () => {
    const back = decoded(SMALL_FILES.json, SMALL_FILES.files);
    expectSameModel(back, SMALL);
    expect(back.history.loss[2]).toBeNaN();
  });

  it("writes tfjs's model.json with the Kernelscope header under userDefinedMetadata", () => {
    const data = parsed(SMALL_FILES.json);
    expect(data.format).toBe('layers-model');
    expect(data.modelTopology).toEqual({});
    expect(data.weightsManifest).toHaveLength(1);
    const group = (data.weightsManifest as Json[])[0]!;
    expect(group.paths).toEqual(['model.weights.bin']);
    expect(group.paths).toEqual([LAYERS_WEIGHTS_FILE]);
    expect(manifestWeights(data).map((w) => w.name)).toEqual([
      'l0_conv2d_small-cnn-1/kernel',
      'l0_conv2d_small-cnn-1/bias',
      'l2_conv2d_small-cnn-3/kernel',
      'l2_conv2d_small-cnn-3/bias',
      'l5_dense_small-cnn-6/kernel',
      'l5_dense_small-cnn-6/bias',
    ]);
    const kernelscope = (data.userDefinedMetadata as Json).kernelscope as Json;
    expect(kernelscope.version).toBe(1);
    expect(kernelscope.name).toBe(SMALL.name);
    expect(kernelscope.spec).toEqual(SMALL.spec);
    expect((kernelscope.history as { loss: unknown[] }).loss[2]).toBeNull();
    expect(kernelscope).not.toHaveProperty('weights');
    expect(LAYERS_MODEL_FILE).toBe('model.json');
    // The weights file is the data as given.
    expect(binOf(SMALL_FILES.files)).toEqual(new Uint8Array(artifactsOf(SMALL).weightData));
  });

  it('reads random valid networks with random weight bits back equal', () => {
    fc.assert(
      fc.property(validSpecArb, fc.integer(), (spec, seed) => {
        const model = savedModelFor(spec, randomBitWeights(layoutOf(spec), seed));
        const { json, files } = filesOf(model);
        expectSameModel(decoded(json, files), model);
      }),
      { numRuns: 25 },
    );
  });

  it('matches weights by name, whatever order the manifest lists them in', () => {
    const spec = presetSpec('mnist-cnn');
    const model = savedModelFor(spec, randomBitWeights(layoutOf(spec), 7));
    const count = model.weights.length;
    fc.assert(
      fc.property(fc.shuffledSubarray([...Array(count).keys()], { minLength: count, maxLength: count }), (order) => {
        const { json, files } = filesOf(model, artifactsOf(model, { order }));
        expectSameModel(decoded(json, files), model);
      }),
      { numRuns: 10 },
    );
  });

  it("reads names that tfjs made unique with a '_N' suffix", () => {
    const { json, files } = filesOf(SMALL, artifactsOf(SMALL, { suffix: (i) => `_${i + 1}` }));
    expect(manifestWeights(parsed(json))[0]!.name).toBe('l0_conv2d_small-cnn-1/kernel_1');
    expectSameModel(decoded(json, files), SMALL);
    const roles = filesOf(SMALL, artifactsOf(SMALL, { suffix: () => '_12' }));
    expectSameModel(decoded(roles.json, roles.files), SMALL);
  });

  it('reads batch norm, separable and depthwise weights by their role names', () => {
    const spec: NetworkSpec = {
      ...presetSpec('small-cnn'),
      layers: [
        { ...presetSpec('small-cnn').layers[0]! },
        { id: 'bn', kind: 'batchNorm' },
        { id: 'sep', kind: 'separableConv2d', filters: 4, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', paddingMode: 'zeros', dilation: [1, 1], depthMultiplier: 2, activation: 'relu', useBias: true },
        { id: 'dw', kind: 'depthwiseConv2d', kernelSize: [3, 3], strides: [2, 2], padding: 'same', paddingMode: 'zeros', dilation: [1, 1], depthMultiplier: 1, activation: 'relu', useBias: false },
        { id: 'gap', kind: 'globalAvgPool2d' },
        { id: 'out', kind: 'dense', units: 10, activation: 'softmax', useBias: true },
      ],
    } as NetworkSpec;
    const layout = layoutOf(spec);
    expect(layout.map((s) => s.role)).toContain('moving_variance');
    const model = savedModelFor(spec, randomBitWeights(layout, 3));
    const { json, files } = filesOf(model, artifactsOf(model, { order: [...layout.keys()].reverse() }));
    expectSameModel(decoded(json, files), model);
  });
});

describe('tfjs Layers files: refusals', () => {
  const { json, files } = SMALL_FILES;
  const bin = binOf(files);

  it('refuses what is not JSON, or not a tfjs model.json', () => {
    expect(refusal('not json at all', files)).toMatch(/not valid JSON/);
    expect(refusal('', files)).toMatch(/not valid JSON/);
    expect(refusal(json.slice(0, -1), files)).toMatch(/not valid JSON/);
    expect(refusal('{}', files)).toMatch(/no weightsManifest/);
    expect(refusal('[]', files)).toMatch(/no weightsManifest/);
    expect(refusal('null', files)).toMatch(/no weightsManifest/);
    expect(refusal(editedJson((d) => delete d.weightsManifest), files)).toMatch(/no weightsManifest/);
    expect(refusal(editedJson((d) => (d.weightsManifest = {})), files)).toMatch(/no weightsManifest/);
  });

  it('refuses a foreign model.json with no Kernelscope network in it', () => {
    expect(refusal(editedJson((d) => delete d.userDefinedMetadata), files)).toMatch(/not saved by Kernelscope/);
    expect(refusal(editedJson((d) => (d.userDefinedMetadata = { author: 'keras' })), files)).toMatch(/not saved by Kernelscope/);
    expect(refusal(editedJson((d) => (d.userDefinedMetadata = 'kernelscope')), files)).toMatch(/not saved by Kernelscope/);
  });

  it('refuses a Kernelscope header that is wrong, before any weight', () => {
    const kernelscope = (d: Json) => (d.userDefinedMetadata as Json).kernelscope as Json;
    expect(refusal(editedJson((d) => (kernelscope(d).version = 2)), new Map())).toMatch(/newer Kernelscope/);
    expect(refusal(editedJson((d) => ((d.userDefinedMetadata as Json).kernelscope = null)), files)).toMatch(/not a saved Kernelscope model/);
    expect(refusal(editedJson((d) => (kernelscope(d).spec = { layers: [] })), files)).toMatch(/network cannot be read/);
  });

  it('refuses a missing weights file', () => {
    expect(refusal(json, new Map())).toMatch(/"model\.weights\.bin" is missing/);
    expect(refusal(json, new Map([['other.bin', bin]]))).toMatch(/missing/);
    expect(refusal(editedJson((d) => ((d.weightsManifest as Json[])[0]!.paths = [7])), files)).toMatch(/not text/);
  });

  it('reads a weights file named by a path, by its base name', () => {
    const model = decoded(editedJson((d) => ((d.weightsManifest as Json[])[0]!.paths = ['./sub/dir/model.weights.bin'])), files);
    expectSameModel(model, SMALL);
  });

  it('refuses a weights file that is too short or too long', () => {
    expect(refusal(json, new Map([[LAYERS_WEIGHTS_FILE, bin.slice(0, -4)]]))).toMatch(/truncated/);
    expect(refusal(json, new Map([[LAYERS_WEIGHTS_FILE, bin.slice(0, -1)]]))).toMatch(/truncated/);
    expect(refusal(json, new Map([[LAYERS_WEIGHTS_FILE, new Uint8Array(0)]]))).toMatch(/holds 0 bytes, but model\.json describes 23,976/);
    expect(refusal(json, new Map([[LAYERS_WEIGHTS_FILE, concat([bin, new Uint8Array(4)])]]))).toMatch(/truncated or belongs to another model/);
  });

  it('refuses weights that are not plain float32', () => {
    expect(refusal(editedJson((d) => (manifestWeights(d)[1]!.dtype = 'int32')), files)).toMatch(/"l0_conv2d_small-cnn-1\/bias" is int32; Kernelscope reads float32/);
    expect(refusal(editedJson((d) => delete manifestWeights(d)[1]!.dtype), files)).toMatch(/float32/);
    expect(refusal(editedJson((d) => (manifestWeights(d)[0]!.quantization = { dtype: 'uint8', scale: 0.1, min: -1 })), files)).toMatch(/quantized/);
    expect(refusal(editedJson((d) => (manifestWeights(d)[0]!.shape = [5, 5, -1, 8])), files)).toMatch(/not a list of sizes/);
    expect(refusal(editedJson((d) => (manifestWeights(d)[0]!.shape = [5, 5, 1.5, 8])), files)).toMatch(/not a list of sizes/);
    expect(refusal(editedJson((d) => delete manifestWeights(d)[0]!.name), files)).toMatch(/no name or shape/);
  });

  it('refuses a weight that belongs to no layer of the network', () => {
    for (const name of ['dense_1/kernel', 'l9_dense_x/kernel', 'l1_maxPool2d_small-cnn-2/kernel', 'l0_conv2d_small-cnn-1/gamma', 'l0_conv2d_small-cnn-1/Kernel', 'l0_conv2d_small-cnn-1/kernel/extra']) {
      expect(refusal(editedJson((d) => (manifestWeights(d)[0]!.name = name)), files), name).toMatch(/belongs to no layer/);
    }
  });

  it('refuses a weight listed twice, and one missing', () => {
    const first = SMALL.weights[1]!;
    const twice = editedJson((d) => manifestWeights(d).push({ ...manifestWeights(d)[1] }));
    expect(refusal(twice, new Map([[LAYERS_WEIGHTS_FILE, concat([bin, bytesOf(first)])]]))).toMatch(/"l0_conv2d_small-cnn-1\/bias" appears twice/);
    // The same weight twice under a '_N' name is still twice.
    const suffixed = editedJson((d) => manifestWeights(d).push({ ...manifestWeights(d)[1], name: 'l0_conv2d_small-cnn-1/bias_1' }));
    expect(refusal(suffixed, new Map([[LAYERS_WEIGHTS_FILE, concat([bin, bytesOf(first)])]]))).toMatch(/appears twice/);

    const layout = layoutOf(SMALL.spec);
    const without = artifactsOf(SMALL, { order: [0, 1, 2, 4, 5] });
    const missing = filesOf(SMALL, without);
    expect(refusal(missing.json, missing.files)).toMatch(new RegExp(`model\\.json has no weight 4 \\(the bias of layer 3, conv2d\\)`));
    expect(layout).toHaveLength(6);
  });

  it('refuses a weight of the wrong shape', () => {
    expect(refusal(editedJson((d) => (manifestWeights(d)[0]!.shape = [25, 8])), files)).toMatch(/weight 1 \(the kernel of layer 1, conv2d\) has shape \[25, 8\] in model\.json, but the network needs \[5, 5, 1, 8\]/);
    expect(refusal(editedJson((d) => (manifestWeights(d)[0]!.shape = [5, 5, 8, 1])), files)).toMatch(/has shape \[5, 5, 8, 1\]/);
  });

  it('refuses weights that are not finite', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const model = smallCnnModel();
      model.weights[2]![10] = bad;
      const broken = filesOf(model);
      expect(refusal(broken.json, broken.files)).toMatch(/weight 3 .*finite.*position 11/);
    }
  });

  it('keeps a name that looks like markup as exactly that text', () => {
    const name = '<script>alert(1)</script>';
    const model = { ...SMALL, name };
    const named = filesOf(model);
    expect(decoded(named.json, named.files).name).toBe(name);
  });

  it('uses a header given apart from the artifacts (the one the page saves)', () => {
    const { modelJson } = encodeLayersModel(artifactsOf(SMALL), headerFor(SMALL.spec, 'Another name'));
    expect(decoded(modelJson, files).name).toBe('Another name');
  });
});

describe('tfjs Layers files: fuzz', () => {
  function decodeChecked(json: string, files: ReadonlyMap<string, Uint8Array>) {
    const result = decodeLayersModel(json, files);
    if (result.ok) expect(readSavedModel(result.value).ok).toBe(true);
    else {
      expect(typeof result.message).toBe('string');
      expect(result.message.length).toBeGreaterThan(0);
    }
    return result;
  }

  it('never throws on random text or random JSON as model.json', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.json(), fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
        expect(decodeChecked(text, SMALL_FILES.files).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws when one field of a valid model.json holds any JSON value', () => {
    const data = parsed(SMALL_FILES.json);
    const paths: (string | number)[][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      if (path.length > 0) paths.push(path);
      if (Array.isArray(value)) value.slice(0, 3).forEach((item, i) => walk(item, [...path, i]));
      else if (typeof value === 'object' && value !== null) for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key]);
    };
    walk(data, []);
    // The manifest's entries, the header's fields and the spec's layers are all in reach.
    expect(paths.some((p) => p.join('.') === 'weightsManifest.0.weights.0.shape.0')).toBe(true);
    expect(paths.some((p) => p.join('.') === 'userDefinedMetadata.kernelscope.spec.layers.0.filters')).toBe(true);
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
        const copy = structuredClone(data) as Record<string | number, unknown>;
        let target = copy;
        for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
        target[path[path.length - 1]!] = value;
        if (decodeChecked(JSON.stringify(copy), SMALL_FILES.files).ok) accepted += 1;
      }),
      { numRuns: 450 },
    );
    expect(accepted).toBeLessThan(300);
  });

  it('never throws when bytes are appended to or removed from the weights file, and refuses it', () => {
    const bin = binOf(SMALL_FILES.files);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ kind: fc.constant('append' as const), tail: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
          fc.record({ kind: fc.constant('cut' as const), length: fc.nat(bin.length - 1) }),
        ),
        (change) => {
          const changed = change.kind === 'append' ? concat([bin, change.tail]) : bin.slice(0, change.length);
          const result = decodeChecked(SMALL_FILES.json, new Map([[LAYERS_WEIGHTS_FILE, changed]]));
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.message).toMatch(/truncated/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never throws on random bytes changed in the weights file, and refuses only what is not finite', () => {
    const bin = binOf(SMALL_FILES.files);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(bin.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (flips) => {
        const changed = bin.slice();
        for (const [at, value] of flips) changed[at] = value;
        const result = decodeChecked(SMALL_FILES.json, new Map([[LAYERS_WEIGHTS_FILE, changed]]));
        const values = new Float32Array(changed.buffer);
        expect(result.ok).toBe(values.every(Number.isFinite));
        if (!result.ok) expect(result.message).toMatch(/finite/);
      }),
      { numRuns: 100 },
    );
  });
});
