/**
 * The safetensors container (https://github.com/huggingface/safetensors), the weight file PyTorch
 * and Hugging Face tools read and write:
 *
 * ```text
 * bytes 0..8      N, the header length: an unsigned 64-bit integer, little-endian
 * bytes 8..8+N    the header: UTF-8 JSON, an object
 *                   { "<tensor name>": { "dtype": "F32", "shape": [3, 3, 1, 8], "data_offsets": [begin, end] },
 *                     ...,
 *                     "__metadata__": { "<key>": "<text>", ... } }   (optional; text values only)
 *                 written here with trailing spaces (0x20) so that 8 + N is a multiple of 8
 * bytes 8+N..     the byte buffer: every tensor's elements, row-major and little-endian, one after
 *                 the other with no gaps; data_offsets count from the start of this buffer, end
 *                 exclusive, so end - begin = product(shape) * bytes per element (a scalar has
 *                 shape [] and one element)
 * ```
 *
 * Kernelscope writes and reads F32 (float32 weights) and I64 (int64, e.g. batch norm's
 * `num_batches_tracked`). `encodeSafetensors` stores tensors in the order given;
 * `decodeSafetensors` treats its input as untrusted: it checks the header length against the
 * file and the limits before it decodes or allocates anything, checks every entry, checks that
 * the tensors tile the byte buffer exactly, copies each tensor out (the result never aliases the
 * input) and never throws: every refusal is a sentence saying what is wrong.
 */
import { describeValue } from '../spec/describeValue';
import { fail, succeed, type Result } from './result';

export type SafetensorsDtype = 'F32' | 'I64';

export interface SafetensorsTensor {
  name: string;
  dtype: SafetensorsDtype;
  /** Row-major dimensions; [] is a scalar (one element). */
  shape: number[];
  /** Float32Array for F32, BigInt64Array for I64, of product(shape) elements. */
  data: Float32Array | BigInt64Array;
}

/** What decodeSafetensors accepts at most. */
export interface SafetensorsLimits {
  /** Size of the whole file. */
  maxBytes: number;
  /** Size of the JSON header. */
  maxHeaderBytes: number;
  /** Number of tensors in the header. */
  maxTensors: number;
}

export const DEFAULT_SAFETENSORS_LIMITS: SafetensorsLimits = {
  maxBytes: 256 * 1024 * 1024,
  maxHeaderBytes: 16 * 1024 * 1024,
  maxTensors: 10_000,
};

const METADATA_KEY = '__metadata__';
const LENGTH_BYTES = 8;
const ITEM_SIZE: Readonly<Record<SafetensorsDtype, number>> = { F32: 4, I64: 8 };
/** Dtypes the safetensors format defines, to tell "a type Kernelscope does not read" from garbage. */
const KNOWN_DTYPES: readonly string[] = ['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64'];

/** Typed arrays use the platform's byte order; safetensors is little-endian (as every platform a browser runs on). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isSize = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Elements of a shape, or null when that count is beyond a safe integer. */
function elementCount(shape: readonly number[]): number | null {
  if (shape.includes(0)) return 0;
  let count = 1;
  for (const dim of shape) {
    count *= dim;
    if (!Number.isSafeInteger(count)) return null;
  }
  return count;
}

const quoted = (name: string): string => JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}...` : name);

/** The tensor's elements as little-endian bytes. */
function tensorBytes(tensor: SafetensorsTensor): Uint8Array {
  const { data } = tensor;
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  if (data instanceof Float32Array) data.forEach((value, i) => view.setFloat32(i * 4, value, true));
  else data.forEach((value, i) => view.setBigInt64(i * 8, value, true));
  return out;
}

/**
 * One safetensors file holding the tensors in the given order, and the metadata if there is any.
 * Throws (a programming error, not bad input) for a name that is repeated or "__metadata__", a shape that is not a list of non-negative integers, or data whose type or
 * length does not match the dtype and shape.
 */
export function encodeSafetensors(tensors: readonly SafetensorsTensor[], metadata?: Readonly<Record<string, string>>): Uint8Array {
  const entries: string[] = [];
  const metadataEntries = metadata === undefined ? [] : Object.entries(metadata);
  if (metadataEntries.length > 0) {
    const body = metadataEntries.map(([key, value]) => {
      if (typeof value !== 'string') throw new Error(`safetensors metadata ${quoted(key)} must be text.`);
      return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
    });
    entries.push(`${JSON.stringify(METADATA_KEY)}:{${body.join(',')}}`);
  }
  const names = new Set<string>();
  let offset = 0;
  for (const tensor of tensors) {
    const { name, dtype, shape, data } = tensor;
    if (typeof name !== 'string' || name === METADATA_KEY || names.has(name)) {
      throw new Error(`safetensors tensor name ${describeValue(name)} is not text, reserved or repeated.`);
    }
    names.add(name);
    if (!Array.isArray(shape) || !shape.every(isSize)) throw new Error(`safetensors tensor ${quoted(name)} has shape ${describeValue(shape)}.`);
    const count = elementCount(shape);
    const typeFits = dtype === 'F32' ? data instanceof Float32Array : dtype === 'I64' ? data instanceof BigInt64Array : false;
    if (!typeFits || count !== data.length) {
      throw new Error(`safetensors tensor ${quoted(name)} (${String(dtype)}, shape [${shape.join(', ')}]) holds ${data.length} values of the wrong type or number.`);
    }
    const end = offset + data.byteLength;
    entries.push(`${JSON.stringify(name)}:{"dtype":"${dtype}","shape":[${shape.join(',')}],"data_offsets":[${offset},${end}]}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${entries.join(',')}}`);
  const headerLength = Math.ceil((LENGTH_BYTES + json.length) / 8) * 8 - LENGTH_BYTES;
  const out = new Uint8Array(LENGTH_BYTES + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, LENGTH_BYTES);
  out.fill(0x20, LENGTH_BYTES + json.length, LENGTH_BYTES + headerLength);
  let at = LENGTH_BYTES + headerLength;
  for (const tensor of tensors) {
    out.set(tensorBytes(tensor), at);
    at += tensor.data.byteLength;
  }
  return out;
}

interface Entry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

/** One header entry checked on its own (not yet against the buffer), or why it is not a tensor. */
function readEntry(name: string, raw: unknown): Result<Entry> {
  const what = `Tensor ${quoted(name)}`;
  if (!isRecord(raw) || !('dtype' in raw) || !('shape' in raw) || !('data_offsets' in raw)) {
    return fail(`${what} is not described as {dtype, shape, data_offsets} in the header (it is ${describeValue(raw)}).`);
  }
  const { dtype, shape, data_offsets: offsets } = raw;
  if (dtype !== 'F32' && dtype !== 'I64') {
    const known = typeof dtype === 'string' && KNOWN_DTYPES.includes(dtype);
    return fail(
      `${what} has dtype ${typeof dtype === 'string' ? JSON.stringify(dtype.slice(0, 20)) : describeValue(dtype)}` +
        `${known ? '' : ', which is not a safetensors type'}; Kernelscope reads F32 (float32) weights` +
        ` (and I64 counters)${known ? ', so save the model in float32' : ''}.`,
    );
  }
  if (!Array.isArray(shape) || !shape.every(isSize)) {
    return fail(`${what} has shape ${describeValue(shape)}; a shape must be a list of whole numbers of 0 or more, such as [3, 3, 1, 8].`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !isSize(offsets[0]) || !isSize(offsets[1]) || offsets[0] > offsets[1]) {
    return fail(`${what} has data_offsets ${describeValue(offsets)}; they must be two whole numbers [begin, end] with begin <= end.`);
  }
  const [begin, end] = offsets as [number, number];
  const count = elementCount(shape as number[]);
  const expected = count === null ? null : count * ITEM_SIZE[dtype];
  if (expected === null || !Number.isSafeInteger(expected) || end - begin !== expected) {
    const need = expected === null || !Number.isSafeInteger(expected) ? 'more bytes than any file can hold' : `${expected} bytes`;
    return fail(`${what} (${dtype}, shape [${(shape as number[]).join(', ')}]) needs ${need}, but its data_offsets span ${end - begin}.`);
  }
  return succeed({ name, dtype, shape: [...(shape as number[])], begin, end });
}

/** The header's text metadata, or why it is not a map of text to text. */
function readMetadata(raw: unknown): Result<Record<string, string>> {
  if (raw === undefined) return succeed({});
  if (!isRecord(raw)) return fail(`The header's __metadata__ is ${describeValue(raw)}; it must be an object whose values are all text.`);
  const entries = Object.entries(raw);
  const bad = entries.find(([, value]) => typeof value !== 'string');
  if (bad) return fail(`The header's __metadata__ entry ${quoted(bad[0])} is ${describeValue(bad[1])}; every metadata value must be text.`);
  // fromEntries defines own properties, so a key such as "__proto__" stays a plain key.
  return succeed(Object.fromEntries(entries) as Record<string, string>);
}

/** A copy of the tensor's bytes as a typed array that owns its (aligned) buffer. */
function copyData(buffer: Uint8Array, entry: Entry): Float32Array | BigInt64Array {
  const bytes = buffer.slice(entry.begin, entry.end);
  const count = bytes.length / ITEM_SIZE[entry.dtype];
  if (LITTLE_ENDIAN) return entry.dtype === 'F32' ? new Float32Array(bytes.buffer, 0, count) : new BigInt64Array(bytes.buffer, 0, count);
  const view = new DataView(bytes.buffer);
  if (entry.dtype === 'F32') return Float32Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, true));
  return BigInt64Array.from({ length: count }, (_, i) => view.getBigInt64(i * 8, true));
}

/**
 * The tensors (in the order of their data in the file) and metadata of a safetensors file, or
 * why it cannot be read. Never throws. Empty tensors that share an offset come in the order
 * JSON.parse gives their names (the file's order, except that names such as "0" that look like
 * array indices come first).
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  limits: Partial<SafetensorsLimits> = {},
): Result<{ tensors: SafetensorsTensor[]; metadata: Record<string, string> }> {
  const maxBytes = limits.maxBytes ?? DEFAULT_SAFETENSORS_LIMITS.maxBytes;
  const maxHeaderBytes = limits.maxHeaderBytes ?? DEFAULT_SAFETENSORS_LIMITS.maxHeaderBytes;
  const maxTensors = limits.maxTensors ?? DEFAULT_SAFETENSORS_LIMITS.maxTensors;
  if (!(bytes instanceof Uint8Array)) return fail('This is not a file (no bytes to read).');
  if (bytes.length < LENGTH_BYTES) {
    return fail(`This file is ${bytes.length} bytes long, too short for a safetensors file, which starts with an 8-byte header length.`);
  }
  if (bytes.length > maxBytes) return fail(`This file is ${bytes.length} bytes long; Kernelscope reads safetensors files of at most ${maxBytes} bytes.`);

  const declared = new DataView(bytes.buffer, bytes.byteOffset, LENGTH_BYTES).getBigUint64(0, true);
  const available = bytes.length - LENGTH_BYTES;
  if (declared > BigInt(available)) {
    return fail(`The header claims ${declared} bytes, but the file has only ${available} bytes after the length, so it is cut short or not a safetensors file.`);
  }
  const headerLength = Number(declared);
  if (headerLength > maxHeaderBytes) return fail(`The header is ${headerLength} bytes long; Kernelscope reads headers of at most ${maxHeaderBytes} bytes.`);
  if (headerLength === 0) return fail('The header is empty; a safetensors file starts with a JSON description of its tensors.');

  let header: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(LENGTH_BYTES, LENGTH_BYTES + headerLength));
    header = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message.slice(0, 120)})` : '';
    return fail(`The header is not valid UTF-8 JSON${detail}, so this is not a safetensors file or it is damaged.`);
  }
  if (!isRecord(header)) return fail(`The header is ${describeValue(header)}; a safetensors header must be a JSON object naming each tensor.`);

  const metadata = readMetadata(header[METADATA_KEY]);
  if (!metadata.ok) return metadata;
  const names = Object.keys(header).filter((name) => name !== METADATA_KEY);
  if (names.length > maxTensors) return fail(`The file holds ${names.length} tensors; Kernelscope reads at most ${maxTensors}.`);

  const entries: Entry[] = [];
  for (const name of names) {
    const entry = readEntry(name, header[name]);
    if (!entry.ok) return entry;
    entries.push(entry.value);
  }

  const start = LENGTH_BYTES + headerLength;
  const bufferLength = bytes.length - start;
  const outside = entries.find((entry) => entry.end > bufferLength);
  if (outside) {
    return fail(`Tensor ${quoted(outside.name)} has data_offsets [${outside.begin}, ${outside.end}], beyond the ${bufferLength} bytes of data in the file, so the file is cut short.`);
  }
  // Stable: zero-length tensors at one offset keep the header's order.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const entry of sorted) {
    if (entry.begin < at) return fail(`Tensor ${quoted(entry.name)} starts at byte ${entry.begin}, inside the tensor before it (which ends at ${at}); tensors must not overlap.`);
    if (entry.begin > at) return fail(`Tensor ${quoted(entry.name)} starts at byte ${entry.begin}, leaving a gap after byte ${at}; tensors must follow one another with no gaps.`);
    at = entry.end;
  }
  if (at !== bufferLength) {
    return fail(`The tensors cover ${at} bytes of data, but the file holds ${bufferLength}; the data must be exactly the tensors, one after another.`);
  }

  const buffer = bytes.subarray(start);
  const tensors = sorted.map((entry): SafetensorsTensor => ({ name: entry.name, dtype: entry.dtype, shape: entry.shape, data: copyData(buffer, entry) }));
  return succeed({ tensors, metadata: metadata.value });
}
