import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  KERNELSCOPE_FILE_FORMAT,
  MAX_MODEL_FILE_BYTES,
  decodeKernelscopeFile,
  encodeKernelscopeFile,
} from '../../../src/core/export/kernelscopeFile';
import { decodeSafetensors, encodeSafetensors, type SafetensorsTensor } from '../../../src/core/export/safetensors';
import { readSavedModel, type SavedModel } from '../../../src/core/export/savedModel';
import { layoutSize } from '../../../src/core/export/weightLayout';
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type NetworkSpec } from '../../../src/core/spec/spec';
import { validSpecArb } from './arbitraries';
import { allSameBits, layoutOf, randomBitWeights, savedModelFor, smallCnnModel } from './savedModelFixture';

/** The decoded model; fails the test on a refusal. */
function decoded(bytes: Uint8Array): SavedModel {
  const result = decodeKernelscopeFile(bytes);
  if (!result.ok) throw new Error(`expected the file to be read, got: ${result.message}`);
  return result.value;
}

/** The refusal's message; fails the test when the file was read. */
function refusal(bytes: Uint8Array): string {
  const result = decodeKernelscopeFile(bytes);
  if (result.ok) throw new Error('expected the file to be refused');
  expect(result.message.length).toBeGreaterThan(0);
  return result.message;
}

/** The model, weights compared bit for bit and everything else with toEqual (NaN equals NaN). */
function expectSameModel(actual: SavedModel, expected: SavedModel): void {
  const { weights: a, ...restA } = actual;
  const { weights: b, ...restB } = expected;
  expect(restA).toEqual(restB);
  expect(a.every((w) => w instanceof Float32Array)).toBe(true);
  expect(allSameBits(a, b)).toBe(true);
}

/** The container's tensors and metadata. */
function container(bytes: Uint8Array): { tensors: SafetensorsTensor[]; metadata: Record<string, string> } {
  const result = decodeSafetensors(bytes, { maxBytes: MAX_MODEL_FILE_BYTES });
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** A file rebuilt from a valid one with its tensors and metadata changed. */
function rewritten(
  bytes: Uint8Array,
  edit: (parts: { tensors: SafetensorsTensor[]; metadata: Record<string, string> }) => { tensors: SafetensorsTensor[]; metadata: Record<string, string> },
): Uint8Array {
  const edited = edit(container(bytes));
  return encodeSafetensors(edited.tensors, edited.metadata);
}

/** A file whose metadata model JSON is `model` (any value, stringified) and whose tensors are unchanged. */
const withModelJson = (bytes: Uint8Array, model: unknown): Uint8Array =>
  rewritten(bytes, ({ tensors, metadata }) => ({ tensors, metadata: { ...metadata, model: typeof model === 'string' ? model : JSON.stringify(model) } }));

const modelRecord = (bytes: Uint8Array): Record<string, unknown> => JSON.parse(container(bytes).metadata.model ?? '') as Record<string, unknown>;

const SMALL_FILE = encodeKernelscopeFile(smallCnnModel());

describe('.kernelscope files: round trip', () => {
  it('reads the small CNN back equal, a NaN loss included', () => {
    const model = smallCnnModel();
    const back = decoded(encodeKernelscopeFile(model));
    expectSameModel(back, model);
    expect(back.history.loss[2]).toBeNaN();
    expect(back.spec).toEqual(model.spec);
  });

  it('does not change the model it writes, and the result does not alias the file', () => {
    const model = smallCnnModel();
    const bytes = encodeKernelscopeFile(model);
    expectSameModel(model, smallCnnModel());
    const back = decoded(bytes);
    bytes.fill(0);
    expectSameModel(back, smallCnnModel());
  });

  it('reads random valid networks with random weight bits back equal', () => {
    fc.assert(
      fc.property(validSpecArb, fc.integer(), (spec, seed) => {
        const model = savedModelFor(spec, randomBitWeights(layoutOf(spec), seed));
        const back = decoded(encodeKernelscopeFile(model));
        expectSameModel(back, model);
        expect(back.history.loss[2]).toBeNaN();
        expect(readSavedModel(back).ok).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('is a safetensors file with a little-endian u64 header length and our format in its metadata', () => {
    const bytes = SMALL_FILE;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const length = view.getBigUint64(0, true);
    expect(length).toBeGreaterThan(0n);
    expect(8n + length).toBeLessThanOrEqual(BigInt(bytes.length));
    // Written little-endian: the high bytes of a header shorter than 4 GB are zero.
    expect([...bytes.subarray(4, 8)]).toEqual([0, 0, 0, 0]);
    expect(bytes[0]! + bytes[1]! * 256 + bytes[2]! * 65536).toBe(Number(length));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + Number(length)))) as Record<string, unknown>;
    const metadata = header.__metadata__ as Record<string, string>;
    expect(metadata.format).toBe(KERNELSCOPE_FILE_FORMAT);
    expect(metadata.format).toBe('kernelscope-model');
    expect(metadata.version).toBe('1');
    const model = JSON.parse(metadata.model ?? '') as Record<string, unknown>;
    expect(model.version).toBe(1);
    expect(model.name).toBe('Small CNN, first try');
    expect((model.history as { loss: unknown[] }).loss[2]).toBeNull();
    expect(model).not.toHaveProperty('weights');
    // One F32 tensor per weight, named '<layer index>.<layer id>/<role>'.
    const names = Object.keys(header).filter((k) => k !== '__metadata__');
    expect(names).toEqual(['0.small-cnn-1/kernel', '0.small-cnn-1/bias', '2.small-cnn-3/kernel', '2.small-cnn-3/bias', '5.small-cnn-6/kernel', '5.small-cnn-6/bias']);
    expect((header['0.small-cnn-1/kernel'] as { dtype: string; shape: number[] }).dtype).toBe('F32');
    expect((header['0.small-cnn-1/kernel'] as { dtype: string; shape: number[] }).shape).toEqual([5, 5, 1, 8]);
  });

  it("keeps a name that looks like markup as exactly that text", () => {
    const name = '<script>alert(1)</script>';
    const model = { ...smallCnnModel(), name };
    expect(decoded(encodeKernelscopeFile(model)).name).toBe(name);
  });
});

describe('.kernelscope files: refusals', () => {
  it('refuses what is not a safetensors file', () => {
    const text = new TextEncoder().encode('Hello, this is a plain text file and no model at all.\n'.repeat(3));
    expect(refusal(text)).toMatch(/not a Kernelscope model file/);
    expect(refusal(new Uint8Array(0))).toMatch(/not a Kernelscope model file/);
    expect(refusal(new Uint8Array(5))).toMatch(/not a Kernelscope model file/);
  });

  it('refuses a safetensors file that Kernelscope did not write', () => {
    const tensors = container(SMALL_FILE).tensors;
    expect(refusal(encodeSafetensors(tensors, { format: 'pt' }))).toMatch(/not written by Kernelscope/);
    expect(refusal(encodeSafetensors(tensors))).toMatch(/not written by Kernelscope/);
    expect(refusal(encodeSafetensors([], { framework: 'pytorch' }))).toMatch(/"format": "kernelscope-model"/);
  });

  it('refuses a future or unknown version in the metadata or the model JSON', () => {
    const record = modelRecord(SMALL_FILE);
    // A file from a newer Kernelscope: both say 2.
    const newer = rewritten(SMALL_FILE, ({ tensors, metadata }) => ({ tensors, metadata: { ...metadata, version: '2', model: JSON.stringify({ ...record, version: 2 }) } }));
    expect(refusal(newer)).toMatch(/newer Kernelscope/);
    // Only the model JSON says 2.
    expect(refusal(withModelJson(SMALL_FILE, { ...record, version: 2 }))).toMatch(/newer Kernelscope \(model format 2\)/);
    expect(refusal(withModelJson(SMALL_FILE, { ...record, version: 0 }))).toMatch(/not one Kernelscope ever wrote/);
    expect(refusal(withModelJson(SMALL_FILE, { ...record, version: '1' }))).toMatch(/format/);
    // Only the metadata says otherwise.
    const withVersion = (version: string) => rewritten(SMALL_FILE, ({ tensors, metadata }) => ({ tensors, metadata: { ...metadata, version } }));
    for (const version of ['0', 'one', '', '1.0']) expect(refusal(withVersion(version)), version).toMatch(/changed by hand/);
    // A newer version outside only: refused either as newer or as changed by hand.
    expect(refusal(withVersion('2'))).toMatch(/newer Kernelscope|changed by hand/);
    const noVersion = rewritten(SMALL_FILE, ({ tensors, metadata }) => {
      const { version: _version, ...rest } = metadata;
      return { tensors, metadata: rest };
    });
    expect(refusal(noVersion)).toMatch(/format nothing outside/);
  });

  it('refuses a model description that is not JSON or not a model', () => {
    expect(refusal(withModelJson(SMALL_FILE, '{"version": 1,'))).toMatch(/not valid JSON/);
    const noModel = rewritten(SMALL_FILE, ({ tensors, metadata }) => {
      const { model: _model, ...rest } = metadata;
      return { tensors, metadata: rest };
    });
    expect(refusal(noModel)).toMatch(/not valid JSON/);
    expect(refusal(withModelJson(SMALL_FILE, null))).toMatch(/not a saved Kernelscope model/);
    expect(refusal(withModelJson(SMALL_FILE, [1, 2]))).toMatch(/not a saved Kernelscope model/);
    const record = modelRecord(SMALL_FILE);
    expect(refusal(withModelJson(SMALL_FILE, { ...record, spec: { layers: 'none' } }))).toMatch(/network cannot be read/);
    expect(refusal(withModelJson(SMALL_FILE, { ...record, settings: { ...(record.settings as object), batchSize: 7 } }))).toMatch(/training settings are wrong/);
    expect(refusal(withModelJson(SMALL_FILE, { ...record, history: { ...(record.history as object), loss: [] } }))).toMatch(/disagree/);
  });

  it('refuses a missing tensor, a tensor of the wrong shape, an extra tensor, and an I64 tensor', () => {
    const missing = rewritten(SMALL_FILE, ({ tensors, metadata }) => ({ tensors: tensors.filter((t) => t.name !== '2.small-cnn-3/kernel'), metadata }));
    expect(refusal(missing)).toMatch(/has no weight 3 \(the kernel of layer 3, conv2d\) \(a tensor named "2\.small-cnn-3\/kernel"\)/);

    const reshaped = rewritten(SMALL_FILE, ({ tensors, metadata }) => ({
      tensors: tensors.map((t) => (t.name === '0.small-cnn-1/kernel' ? { ...t, shape: [25, 8] } : t)),
      metadata,
    }));
    expect(refusal(reshaped)).toMatch(/weight 1 \(the kernel of layer 1, conv2d\) has shape \[25, 8\], but the network needs \[5, 5, 1, 8\]/);
    const transposed = rewritten(SMALL_FILE, ({ tensors, metadata }) => ({
      tensors: tensors.map((t) => (t.name === '0.small-cnn-1/kernel' ? { ...t, shape: [5, 5, 8, 1] } : t)),
      metadata,
    }));
    expect(refusal(transposed)).toMatch(/has shape \[5, 5, 8, 1\]/);

    const extra = rewritten(SMALL_FILE, ({ tensors, metadata }) => ({ tensors: [...tensors, { name: 'num_batches_tracked', dtype: 'F32', shape: [1], data: new Float32Array(1) }], metadata }));
    expect(refusal(extra)).toMatch(/holds 7 tensors; the network has 6 weights/);
    const extraI64 = rewritten(SMALL_FILE, ({ tensors, metadata }) => ({ tensors: [...tensors, { name: 'counter', dtype: 'I64', shape: [], data: new BigInt64Array(1) }], metadata }));
    expect(refusal(extraI64)).toMatch(/holds 7 tensors/);

    const int64 = rewritten(SMALL_FILE, ({ tensors, metadata }) => ({
      tensors: tensors.map((t) => (t.name === '0.small-cnn-1/bias' ? { ...t, dtype: 'I64' as const, data: new BigInt64Array(8) } : t)),
      metadata,
    }));
    expect(refusal(int64)).toMatch(/weight 2 \(the bias of layer 1, conv2d\) is I64, not 32-bit floats/);
  });

  it('refuses weights that are not finite', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const model = smallCnnModel();
      model.weights[4]![100] = bad;
      // The encoder writes what it is given; the reader refuses it.
      expect(refusal(encodeKernelscopeFile(model))).toMatch(/weight 5 .*finite.*position 101/);
    }
  });

  it('refuses a truncated file and one with bytes after the tensors', () => {
    for (const cut of [1, 4, 100, SMALL_FILE.length - 9, SMALL_FILE.length - 8]) {
      expect(refusal(SMALL_FILE.subarray(0, SMALL_FILE.length - cut)), `cut ${cut}`).toMatch(/not a Kernelscope model file/);
    }
    const longer = new Uint8Array(SMALL_FILE.length + 4);
    longer.set(SMALL_FILE);
    expect(refusal(longer)).toMatch(/not a Kernelscope model file/);
  });

  it('refuses a file over MAX_MODEL_FILE_BYTES without reading it', () => {
    const huge = new Uint8Array(MAX_MODEL_FILE_BYTES + 1);
    // A valid start, so only the size can be the reason.
    huge.set(SMALL_FILE);
    expect(refusal(huge)).toMatch(/larger than any Kernelscope model/);
  });

  it('refuses a network with more weights than Kernelscope opens before it looks at any weight', () => {
    const huge: NetworkSpec = {
      version: SPEC_VERSION,
      inputShape: [1024, 1024, 64],
      layers: [createLayer('flatten', 'f'), createLayer('dense', 'out', { units: 10, activation: 'softmax' })],
    };
    expect(layoutSize(layoutOf(huge))).toBe(671_088_650);
    const record = { ...modelRecord(SMALL_FILE), spec: huge };
    // No tensor at all (the weights would be 2.7 GB): the header alone is refused, by size, not by a missing tensor.
    const bytes = encodeSafetensors([], { format: KERNELSCOPE_FILE_FORMAT, version: '1', model: JSON.stringify(record) });
    const message = refusal(bytes);
    expect(message).toMatch(/671,088,650 weights, more than the 50,000,000/);
    expect(message).toMatch(/more than/);
    expect(message).not.toMatch(/has no|tensors/);
    // With the small CNN's tensors in place: still the size.
    expect(refusal(withModelJson(SMALL_FILE, record))).toMatch(/more than/);
  });
});

describe('.kernelscope files: fuzz', () => {
  /** Decodes untrusted bytes; never throws, a refusal says something, and what is read is a valid model. */
  function decodeChecked(bytes: Uint8Array) {
    const result = decodeKernelscopeFile(bytes);
    if (result.ok) {
      const again = readSavedModel(result.value);
      expect(again.ok).toBe(true);
      // What is read writes back to a file that reads the same.
      expectSameModel(decoded(encodeKernelscopeFile(result.value)), result.value);
    } else {
      expect(typeof result.message).toBe('string');
      expect(result.message.length).toBeGreaterThan(0);
    }
    return result;
  }

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect(decodeChecked(bytes).ok).toBe(false);
      }),
      { numRuns: 250 },
    );
  });

  it('never throws on random bytes after a plausible header length', () => {
    fc.assert(
      fc.property(fc.nat(400), fc.uint8Array({ maxLength: 400 }), (length, rest) => {
        const bytes = new Uint8Array(8 + rest.length);
        new DataView(bytes.buffer).setBigUint64(0, BigInt(length), true);
        bytes.set(rest, 8);
        expect(decodeChecked(bytes).ok).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('never throws on a valid file with random bytes changed', () => {
    const headerEnd = 8 + Number(new DataView(SMALL_FILE.buffer, SMALL_FILE.byteOffset).getBigUint64(0, true));
    // Half the changes land in the length and header, where they do damage; the rest anywhere.
    const position = fc.oneof(fc.nat(headerEnd - 1), fc.nat(SMALL_FILE.length - 1));
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(position, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (flips) => {
        const bytes = SMALL_FILE.slice();
        for (const [at, value] of flips) bytes[at] = value;
        if (decodeChecked(bytes).ok) accepted += 1;
        else refused += 1;
      }),
      { numRuns: 300 },
    );
    // Changed weights still read (as other weights); a changed length or header mostly does not.
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('refuses a valid file cut short or with bytes appended, without throwing', () => {
    fc.assert(
      fc.property(fc.nat(SMALL_FILE.length - 1), (length) => {
        expect(decodeChecked(SMALL_FILE.slice(0, length)).ok).toBe(false);
      }),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (tail) => {
        const bytes = new Uint8Array(SMALL_FILE.length + tail.length);
        bytes.set(SMALL_FILE);
        bytes.set(tail, SMALL_FILE.length);
        expect(decodeChecked(bytes).ok).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('never throws when one field of the model JSON holds any JSON value', () => {
    const record = modelRecord(SMALL_FILE);
    const tensors = container(SMALL_FILE).tensors;
    /** Every path into the record (objects and arrays, not the leaves of long history lists). */
    const paths: (string | number)[][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      if (path.length > 0) paths.push(path);
      if (Array.isArray(value)) value.slice(0, 3).forEach((item, i) => walk(item, [...path, i]));
      else if (typeof value === 'object' && value !== null) for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key]);
    };
    walk(record, []);
    expect(paths.length).toBeGreaterThan(50);
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
        const copy = structuredClone(record) as Record<string | number, unknown>;
        let target = copy;
        for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
        target[path[path.length - 1]!] = value;
        const bytes = encodeSafetensors(tensors, { format: KERNELSCOPE_FILE_FORMAT, version: '1', model: JSON.stringify(copy) });
        if (decodeChecked(bytes).ok) accepted += 1;
      }),
      { numRuns: 300 },
    );
    // Names, dates and a few numbers may take other values; most replacements are refused.
    expect(accepted).toBeLessThan(200);
  });
});
