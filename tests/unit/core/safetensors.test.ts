import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SAFETENSORS_LIMITS,
  decodeSafetensors,
  encodeSafetensors,
  type SafetensorsLimits,
  type SafetensorsTensor,
} from '../../../src/core/export/safetensors';

/** A file from a header (an object, or raw JSON text, written as given with no padding) and a byte buffer. */
function file(header: unknown, data: Uint8Array | number = 0): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const buffer = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + json.length + buffer.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(buffer, 8 + json.length);
  return out;
}

const f32 = (name: string, shape: number[], values: number[]): SafetensorsTensor => ({ name, dtype: 'F32', shape, data: Float32Array.from(values) });

/** The refusal message for a file; fails the test if the file is accepted. */
function refusal(bytes: Uint8Array, limits?: Partial<SafetensorsLimits>): string {
  const result = decodeSafetensors(bytes, limits);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.message;
}

const headerLength = (bytes: Uint8Array): number => Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));

/** Whether an accepted result is a fixed point: encoding it and decoding that gives it back. */
function reencodesConsistently(result: ReturnType<typeof decodeSafetensors>): boolean {
  if (!result.ok) return true;
  const again = decodeSafetensors(encodeSafetensors(result.value.tensors, result.value.metadata));
  expect(again).toEqual(result);
  return true;
}

describe('encodeSafetensors / decodeSafetensors', () => {
  const tensors: SafetensorsTensor[] = [
    f32('conv.weight', [2, 1, 1, 3], [1, -2, 3.5, 0, -0, 1e-30]),
    f32('scale', [], [Math.fround(0.1)]),
    f32('empty', [0], []),
    { name: 'bn.num_batches_tracked', dtype: 'I64', shape: [3], data: BigInt64Array.from([0n, -(2n ** 63n), 2n ** 63n - 1n]) },
    f32('dense.bias', [2], [Number.NaN, Number.POSITIVE_INFINITY]),
  ];
  const metadata = { format: 'pt', kernelscope: '{"spec":"as text"}', 'ключ': 'värde ✓' };

  it('round-trips F32 (with a scalar and an empty tensor) and I64 tensors with metadata', () => {
    const bytes = encodeSafetensors(tensors, metadata);
    expect((8 + headerLength(bytes)) % 8).toBe(0);
    expect(decodeSafetensors(bytes)).toEqual({ ok: true, value: { tensors, metadata } });
  });

  it('writes no metadata entry when there is none, and reads it back as {}', () => {
    const bytes = encodeSafetensors([f32('a', [1], [1])]);
    expect(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength(bytes))).trimEnd()).toBe('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}');
    expect(decodeSafetensors(bytes)).toEqual({ ok: true, value: { tensors: [f32('a', [1], [1])], metadata: {} } });
    expect(decodeSafetensors(encodeSafetensors([]))).toEqual({ ok: true, value: { tensors: [], metadata: {} } });
  });

  it('writes the documented bytes, byte for byte', () => {
    const bytes = encodeSafetensors([f32('a', [2], [1, -2])], { format: 'pt' });
    const json = '{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    expect(json.length).toBe(85);
    const expected = [
      // N = 88 as a little-endian u64: 85 bytes of JSON and 3 spaces, so that 8 + N = 96.
      88, 0, 0, 0, 0, 0, 0, 0,
      ...Array.from(json, (c) => c.charCodeAt(0)),
      0x20, 0x20, 0x20,
      // 1.0 and -2.0 as little-endian float32.
      0x00, 0x00, 0x80, 0x3f,
      0x00, 0x00, 0x00, 0xc0,
    ];
    expect(Array.from(bytes)).toEqual(expected);
  });

  it('reads tensors in the order of their data, from a header in any order, padded or not', () => {
    const data = new Uint8Array([0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 7, 0, 0, 0, 0, 0, 0, 0]);
    const header = {
      second: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
      third: { dtype: 'I64', shape: [1], data_offsets: [8, 16] },
      first: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
    };
    // 8 + N is odd here, so the data is not 4- or 8-aligned within the file.
    const bytes = file(`${JSON.stringify(header)} `, data);
    expect((8 + headerLength(bytes)) % 4).not.toBe(0);
    const result = decodeSafetensors(bytes);
    expect(result).toEqual({
      ok: true,
      value: {
        tensors: [f32('first', [1], [1]), f32('second', [1], [2]), { name: 'third', dtype: 'I64', shape: [1], data: BigInt64Array.from([7n]) }],
        metadata: {},
      },
    });
  });

  it('reads from a view at an odd offset, and copies the data out', () => {
    const bytes = encodeSafetensors(tensors, metadata);
    const backing = new Uint8Array(bytes.length + 3);
    backing.set(bytes, 1);
    const view = backing.subarray(1, 1 + bytes.length);
    const result = decodeSafetensors(view);
    expect(result).toEqual({ ok: true, value: { tensors, metadata } });
    if (!result.ok) return;
    for (const tensor of result.value.tensors) expect(tensor.data.buffer).not.toBe(backing.buffer);
    backing.fill(0xff);
    expect(result.value.tensors).toEqual(tensors);
  });

  it('keeps metadata keys such as __proto__ as plain keys', () => {
    const odd = JSON.parse('{"__proto__":"x","constructor":"y"}') as Record<string, string>;
    const result = decodeSafetensors(encodeSafetensors([], odd));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.getPrototypeOf(result.value.metadata)).toBe(Object.prototype);
    expect(Object.entries(result.value.metadata)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
  });

  it('refuses to write data that does not match its dtype or shape, or a repeated name', () => {
    expect(() => encodeSafetensors([f32('a', [3], [1, 2])])).toThrow(/wrong type or number/);
    expect(() => encodeSafetensors([{ name: 'a', dtype: 'I64', shape: [1], data: Float32Array.from([1]) }])).toThrow(/wrong type/);
    expect(() => encodeSafetensors([f32('a', [1], [1]), f32('a', [1], [2])])).toThrow(/repeated/);
    expect(() => encodeSafetensors([f32('__metadata__', [1], [1])])).toThrow(/reserved/);
    expect(() => encodeSafetensors([f32('a', [-1], [])])).toThrow(/shape/);
  });

  it('has sensible default limits', () => {
    expect(DEFAULT_SAFETENSORS_LIMITS).toEqual({ maxBytes: 256 * 1024 * 1024, maxHeaderBytes: 16 * 1024 * 1024, maxTensors: 10_000 });
  });
});

describe('decodeSafetensors refuses', () => {
  const entry = (shape: unknown, offsets: unknown, dtype: unknown = 'F32') => ({ dtype, shape, data_offsets: offsets });

  it('a file shorter than the 8-byte length', () => {
    expect(refusal(new Uint8Array(0))).toMatch(/0 bytes long, too short/);
    expect(refusal(new Uint8Array(7))).toMatch(/7 bytes long, too short .* 8-byte header length/);
  });

  it('a header length beyond the file or the limit, before decoding anything', () => {
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    const bytes = file({}, 0);
    new DataView(bytes.buffer).setBigUint64(0, 3n, true);
    expect(refusal(bytes)).toMatch(/claims 3 bytes, but the file has only 2 bytes after the length/);
    new DataView(bytes.buffer).setBigUint64(0, 2n ** 64n - 1n, true);
    expect(refusal(bytes)).toMatch(/claims 18446744073709551615 bytes/);
    expect(refusal(file({ a: entry([1], [0, 4]) }, 4), { maxHeaderBytes: 20 })).toMatch(/header is \d+ bytes long; .* at most 20 bytes/);
    expect(decode).not.toHaveBeenCalled();
    decode.mockRestore();
  });

  it('an empty header', () => {
    expect(refusal(file('', 0))).toMatch(/header is empty/);
  });

  it('a file larger than maxBytes', () => {
    expect(refusal(file({ a: entry([4], [0, 16]) }, 16), { maxBytes: 40 })).toMatch(/bytes long; Kernelscope reads safetensors files of at most 40 bytes/);
  });

  it('a header that is not UTF-8 JSON, or not an object', () => {
    const notUtf8 = file('{}', 0);
    notUtf8.set([0xff, 0xfe], 8);
    expect(refusal(notUtf8)).toMatch(/not valid UTF-8 JSON/);
    expect(refusal(file('{"a": ', 0))).toMatch(/not valid UTF-8 JSON/);
    expect(refusal(file([1, 2], 0))).toMatch(/header is \[1, 2\]; a safetensors header must be a JSON object/);
    expect(refusal(file('null', 0))).toMatch(/must be a JSON object/);
  });

  it('metadata that is not a map of text to text', () => {
    expect(refusal(file({ __metadata__: 5 }, 0))).toMatch(/__metadata__ is 5; it must be an object whose values are all text/);
    expect(refusal(file({ __metadata__: ['a'] }, 0))).toMatch(/__metadata__ is \["a"\]/);
    expect(refusal(file({ __metadata__: { epochs: 3 } }, 0))).toMatch(/__metadata__ entry "epochs" is 3; every metadata value must be text/);
  });

  it('an entry that is not {dtype, shape, data_offsets}', () => {
    expect(refusal(file({ w: 5 }, 0))).toMatch(/Tensor "w" is not described as \{dtype, shape, data_offsets\}/);
    expect(refusal(file({ w: { dtype: 'F32', shape: [0] } }, 0))).toMatch(/Tensor "w" is not described as \{dtype, shape, data_offsets\}/);
    expect(refusal(file({ w: [1, 2, 3] }, 0))).toMatch(/not described as/);
  });

  it('a dtype other than F32 and I64, naming it', () => {
    expect(refusal(file({ w: entry([2], [0, 4], 'F16') }, 4))).toMatch(/Tensor "w" has dtype "F16"; Kernelscope reads F32 \(float32\) weights .*save the model in float32/);
    expect(refusal(file({ w: entry([2], [0, 4], 'BF16') }, 4))).toMatch(/dtype "BF16"; Kernelscope reads F32/);
    expect(refusal(file({ w: entry([2], [0, 4], 'Q4') }, 4))).toMatch(/dtype "Q4", which is not a safetensors type; Kernelscope reads F32/);
    expect(refusal(file({ w: entry([2], [0, 4], 7) }, 4))).toMatch(/dtype 7, which is not a safetensors type/);
  });

  it('a shape that is not a list of non-negative whole numbers', () => {
    for (const shape of [[-1], [1.5], '3', [2 ** 53], [null], { 0: 1 }]) {
      expect(refusal(file({ w: entry(shape, [0, 4]) }, 4))).toMatch(/Tensor "w" has shape .*; a shape must be a list of whole numbers of 0 or more/);
    }
  });

  it('data_offsets that are not two whole numbers with begin <= end', () => {
    for (const offsets of [[4, 0], [0], [0, 4, 8], ['0', '4'], [-4, 0], [0, 0.5], 4]) {
      expect(refusal(file({ w: entry([1], offsets) }, 4))).toMatch(/Tensor "w" has data_offsets .*; they must be two whole numbers \[begin, end\] with begin <= end/);
    }
  });

  it('offsets whose span does not match the shape and dtype', () => {
    expect(refusal(file({ w: entry([2], [0, 4]) }, 4))).toMatch(/Tensor "w" \(F32, shape \[2\]\) needs 8 bytes, but its data_offsets span 4/);
    expect(refusal(file({ w: entry([2], [0, 8], 'I64') }, 8))).toMatch(/\(I64, shape \[2\]\) needs 16 bytes/);
    expect(refusal(file({ w: entry([2 ** 30, 2 ** 30, 2 ** 30], [0, 4]) }, 4))).toMatch(/needs more bytes than any file can hold/);
  });

  it('offsets outside the byte buffer', () => {
    expect(refusal(file({ w: entry([2], [0, 8]) }, 4))).toMatch(/Tensor "w" has data_offsets \[0, 8\], beyond the 4 bytes of data in the file/);
  });

  it('tensors that overlap, leave gaps or do not cover the buffer', () => {
    expect(refusal(file({ a: entry([2], [0, 8]), b: entry([2], [4, 12]) }, 12))).toMatch(/Tensor "b" starts at byte 4, inside the tensor before it .*must not overlap/);
    expect(refusal(file({ a: entry([1], [0, 4]), b: entry([1], [8, 12]) }, 12))).toMatch(/Tensor "b" starts at byte 8, leaving a gap after byte 4/);
    expect(refusal(file({ b: entry([1], [4, 8]) }, 8))).toMatch(/Tensor "b" starts at byte 4, leaving a gap after byte 0/);
    expect(refusal(file({ a: entry([1], [0, 4]) }, 8))).toMatch(/The tensors cover 4 bytes of data, but the file holds 8/);
    expect(refusal(file({}, 4))).toMatch(/cover 0 bytes of data, but the file holds 4/);
  });

  it('more tensors than maxTensors', () => {
    const header = { a: entry([1], [0, 4]), b: entry([1], [4, 8]), c: entry([1], [8, 12]) };
    expect(decodeSafetensors(file(header, 12)).ok).toBe(true);
    expect(refusal(file(header, 12), { maxTensors: 2 })).toMatch(/holds 3 tensors; Kernelscope reads at most 2/);
  });
});

/** Names that are not array-index-like, so JSON.parse keeps their order (see decodeSafetensors). */
const tensorArb: fc.Arbitrary<SafetensorsTensor> = fc
  .record({ name: fc.string({ maxLength: 6 }).map((s) => `w.${s}`), dtype: fc.constantFrom('F32' as const, 'I64' as const), shape: fc.array(fc.nat(3), { maxLength: 3 }) })
  .chain(({ name, dtype, shape }) => {
    const length = shape.reduce((a, b) => a * b, 1);
    const data = dtype === 'F32' ? fc.float32Array({ minLength: length, maxLength: length }) : fc.bigInt64Array({ minLength: length, maxLength: length });
    return data.map((array): SafetensorsTensor => ({ name, dtype, shape, data: array }));
  });
const tensorsArb = fc.uniqueArray(tensorArb, { selector: (t) => t.name, maxLength: 4 });
const metadataArb = fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 8 }), { maxKeys: 3 });
const validFileArb = fc.tuple(tensorsArb, metadataArb).map(([tensors, metadata]) => ({ tensors, metadata, bytes: encodeSafetensors(tensors, metadata) }));

describe('decodeSafetensors on random input', () => {
  it('round-trips random tensors and metadata', () => {
    fc.assert(
      fc.property(validFileArb, ({ tensors, metadata, bytes }) => {
        expect(decodeSafetensors(bytes)).toEqual({ ok: true, value: { tensors, metadata } });
      }),
      { numRuns: 200 },
    );
  });

  it('refuses random bytes without throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const result = decodeSafetensors(bytes);
        expect(result.ok).toBe(false);
        expect(result.ok ? '' : result.message).toMatch(/\.$/);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random bytes after a plausible header length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(64), (rest, length) => {
        const bytes = new Uint8Array(8 + rest.length);
        new DataView(bytes.buffer).setBigUint64(0, BigInt(length), true);
        bytes.set(rest, 8);
        expect(reencodesConsistently(decodeSafetensors(bytes))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on a valid file with one byte changed', () => {
    fc.assert(
      fc.property(validFileArb, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ bytes }, at, xor) => {
        const changed = bytes.slice();
        const index = at % changed.length;
        changed[index] = (changed[index] ?? 0) ^ xor;
        expect(reencodesConsistently(decodeSafetensors(changed))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a valid file cut short, without throwing', () => {
    fc.assert(
      fc.property(validFileArb, fc.nat(), ({ bytes }, at) => {
        // A cut loses data the last tensor needs, or part of the header its length promised.
        const result = decodeSafetensors(bytes.slice(0, at % bytes.length));
        expect(result.ok).toBe(false);
        expect(result.ok ? '' : result.message).toMatch(/too short|claims|beyond the \d+ bytes of data/);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a valid file with bytes added at the end, without throwing', () => {
    fc.assert(
      fc.property(validFileArb, fc.uint8Array({ minLength: 1, maxLength: 16 }), ({ bytes }, extra) => {
        const longer = new Uint8Array(bytes.length + extra.length);
        longer.set(bytes);
        longer.set(extra, bytes.length);
        const result = decodeSafetensors(longer);
        expect(result.ok).toBe(false);
        expect(result.ok ? '' : result.message).toMatch(/cover \d+ bytes of data, but the file holds/);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on a valid header with one field replaced by any JSON value', () => {
    /** Sets a property as an own, enumerable one, so a name such as "__proto__" stays a key. */
    const setAt = (target: Record<string, unknown>, key: string, value: unknown): void => {
      Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    };
    fc.assert(
      fc.property(validFileArb, fc.nat(), fc.jsonValue(), ({ bytes }, pick, value) => {
        const length = headerLength(bytes);
        const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Record<string, Record<string, unknown>>;
        const targets: [Record<string, unknown>, string][] = [[header, '__metadata__']];
        for (const [name, entry] of Object.entries(header)) {
          targets.push([header, name]);
          for (const key of Object.keys(entry)) targets.push([entry, key]);
        }
        const [target, key] = targets[pick % targets.length] ?? [header, '__metadata__'];
        setAt(target, key, value);
        const result = decodeSafetensors(file(header, bytes.subarray(8 + length)));
        expect(reencodesConsistently(result)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a header claiming 2^40 bytes at once, allocating nothing', () => {
    const bytes = new Uint8Array(16);
    new DataView(bytes.buffer).setBigUint64(0, 2n ** 40n, true);
    const start = performance.now();
    for (let i = 0; i < 1000; i += 1) {
      expect(decodeSafetensors(bytes).ok).toBe(false);
    }
    expect(refusal(bytes)).toMatch(/claims 1099511627776 bytes, but the file has only 8 bytes/);
    expect(performance.now() - start).toBeLessThan(500);
  });
});
