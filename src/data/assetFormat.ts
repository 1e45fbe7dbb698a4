import { CONTEXT_COUNT, decodePixels, encodePixels, streamOffsets, type ContextCounts } from './pixelCodec';
import { valuesPerImage, type ImageSplit } from './types';

/**
 * The browser asset: one file per split of a dataset (images and labels), written by
 * scripts/prepare-data.ts and read by loadDataset. Shared by Node and the browser; pure
 * (compression is passed in / done by the caller).
 *
 * Layout, all integers u32 little-endian:
 *   0  magic 'KSMN'            4  format version        8  header bytes (H)
 *   12 count                   16 rows                  20 cols
 *   24 channels                28 classes               32 payload bytes (P)
 *   36 raw payload bytes       40 context count (C)
 *   44 C pixel counts, then C non-zero counts (see pixelCodec.ts)
 *   H  P bytes of zlib-wrapped DEFLATE (DecompressionStream('deflate'); its Adler-32 checks the payload)
 * The raw payload is `count` label bytes followed by the context-coded pixels. A colour image is
 * coded as one of `cols * channels` columns (its channels side by side), so the codec needs no
 * notion of colour.
 */

export const ASSET_MAGIC = 'KSMN';
/**
 * Bump when the layout or the pixel coding changes; prepare-data then rebuilds the assets.
 * 2: channels and classes in the header; three splits per dataset (validation made at install).
 */
export const ASSET_FORMAT_VERSION = 2;
const FIXED_HEADER_BYTES = 44;
export const ASSET_HEADER_BYTES = FIXED_HEADER_BYTES + CONTEXT_COUNT * 8;
const MAX_SIDE = 1024;

export interface AssetHeader {
  formatVersion: number;
  headerBytes: number;
  count: number;
  rows: number;
  cols: number;
  channels: number;
  classes: number;
  payloadBytes: number;
  rawPayloadBytes: number;
  contexts: ContextCounts;
}

/** A problem with an asset file; loadDataset turns it into a DatasetLoadError with the URL and the fix. */
export class AssetFormatError extends Error {
  override readonly name = 'AssetFormatError';
  constructor(
    readonly problem: 'not-an-asset' | 'version' | 'corrupt',
    message: string,
  ) {
    super(message);
  }
}

/** Builds the asset file for one split; `compress` must produce zlib-format DEFLATE (node:zlib deflateSync). */
export function encodeAsset(split: ImageSplit, compress: (raw: Uint8Array) => Uint8Array): Uint8Array {
  const { count, rows, cols, channels, classes, images, labels } = split;
  const { counts, coded } = encodePixels(images, count, rows, cols * channels);
  const raw = new Uint8Array(count + coded.length);
  raw.set(labels, 0);
  raw.set(coded, count);
  const payload = compress(raw);
  const file = new Uint8Array(ASSET_HEADER_BYTES + payload.length);
  const view = new DataView(file.buffer);
  for (let i = 0; i < 4; i++) file[i] = ASSET_MAGIC.charCodeAt(i);
  const fields = [ASSET_FORMAT_VERSION, ASSET_HEADER_BYTES, count, rows, cols, channels, classes, payload.length, raw.length, CONTEXT_COUNT];
  fields.forEach((value, i) => view.setUint32(4 + 4 * i, value, true));
  for (let c = 0; c < CONTEXT_COUNT; c++) {
    view.setUint32(FIXED_HEADER_BYTES + 4 * c, counts.pixelCount[c], true);
    view.setUint32(FIXED_HEADER_BYTES + 4 * (CONTEXT_COUNT + c), counts.nonZeroCount[c], true);
  }
  file.set(payload, ASSET_HEADER_BYTES);
  return file;
}

/**
 * Reads and checks the header of a whole asset file (`fileBytes` is the complete file): magic, version,
 * dimensions, that the per-context counts add up, and that the file length matches.
 */
export function readAssetHeader(fileBytes: Uint8Array): AssetHeader {
  if (fileBytes.length < FIXED_HEADER_BYTES) {
    throw new AssetFormatError('not-an-asset', `${fileBytes.length} bytes, shorter than the asset header`);
  }
  const magic = String.fromCharCode(...fileBytes.subarray(0, 4));
  if (magic !== ASSET_MAGIC) {
    throw new AssetFormatError('not-an-asset', `starts with ${JSON.stringify(magic)}, expected "${ASSET_MAGIC}"`);
  }
  const view = new DataView(fileBytes.buffer, fileBytes.byteOffset, fileBytes.byteLength);
  const u32 = (offset: number) => view.getUint32(offset, true);
  const formatVersion = u32(4);
  if (formatVersion !== ASSET_FORMAT_VERSION) {
    throw new AssetFormatError('version', `format version ${formatVersion}, this app reads ${ASSET_FORMAT_VERSION}`);
  }
  const [headerBytes, count, rows, cols, channels, classes, payloadBytes, rawPayloadBytes, contextCount] = [8, 12, 16, 20, 24, 28, 32, 36, 40].map(u32);
  const corrupt = (why: string): never => {
    throw new AssetFormatError('corrupt', why);
  };
  if (contextCount !== CONTEXT_COUNT || headerBytes !== ASSET_HEADER_BYTES) corrupt('bad header size');
  if (count === 0 || rows === 0 || cols === 0 || rows > MAX_SIDE || cols > MAX_SIDE) {
    corrupt(`implausible dimensions ${count} x ${rows} x ${cols}`);
  }
  if (channels !== 1 && channels !== 3) corrupt(`${channels} channels; images have 1 (grey) or 3 (colour)`);
  if (classes < 2 || classes > 256) corrupt(`${classes} classes; labels are bytes, so 2 to 256`);
  if (fileBytes.length !== headerBytes + payloadBytes) {
    corrupt(`${fileBytes.length} bytes, the header says ${headerBytes + payloadBytes} (truncated?)`);
  }
  const contexts: ContextCounts = {
    pixelCount: new Uint32Array(CONTEXT_COUNT),
    nonZeroCount: new Uint32Array(CONTEXT_COUNT),
  };
  let pixels = 0;
  for (let c = 0; c < CONTEXT_COUNT; c++) {
    contexts.pixelCount[c] = u32(FIXED_HEADER_BYTES + 4 * c);
    contexts.nonZeroCount[c] = u32(FIXED_HEADER_BYTES + 4 * (CONTEXT_COUNT + c));
    if (contexts.nonZeroCount[c] > contexts.pixelCount[c]) corrupt(`context ${c} has more non-zero pixels than pixels`);
    pixels += contexts.pixelCount[c];
  }
  const values = count * rows * cols * channels;
  if (pixels !== values) corrupt(`the pixel counts add up to ${pixels}, not ${values}`);
  if (rawPayloadBytes !== count + streamOffsets(contexts).totalBytes) corrupt('the raw payload size does not add up');
  return { formatVersion, headerBytes, count, rows, cols, channels, classes, payloadBytes, rawPayloadBytes, contexts };
}

/** The compressed payload of a whole asset file. */
export function assetPayload<B extends ArrayBufferLike>(fileBytes: Uint8Array<B>, header: AssetHeader): Uint8Array<B> {
  return fileBytes.subarray(header.headerBytes, header.headerBytes + header.payloadBytes);
}

/** Turns the decompressed payload into a split; checks its length and that every label is below the class count. */
export function decodeRawPayload(header: AssetHeader, raw: Uint8Array): ImageSplit {
  const { count, rows, cols, channels, classes, rawPayloadBytes, contexts } = header;
  if (raw.length !== rawPayloadBytes) {
    throw new AssetFormatError('corrupt', `payload inflates to ${raw.length} bytes, expected ${rawPayloadBytes}`);
  }
  const labels = raw.slice(0, count);
  const bad = labels.findIndex((label) => label >= classes);
  if (bad >= 0) throw new AssetFormatError('corrupt', `label ${bad} is ${labels[bad]}`);
  let images: Uint8Array;
  try {
    images = decodePixels(raw.subarray(count), contexts, count, rows, cols * channels);
  } catch (error) {
    throw new AssetFormatError('corrupt', error instanceof Error ? error.message : String(error));
  }
  const split = { count, rows, cols, channels, classes, images, labels };
  if (images.length !== count * valuesPerImage(split)) throw new AssetFormatError('corrupt', 'the pixels do not fill the images');
  return split;
}
