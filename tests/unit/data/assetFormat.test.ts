import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  ASSET_FORMAT_VERSION,
  ASSET_HEADER_BYTES,
  assetPayload,
  decodeRawPayload,
  encodeAsset,
  readAssetHeader,
} from '../../../src/data/assetFormat';
import { decodePixels, encodePixels } from '../../../src/data/pixelCodec';
import { mulberry32 } from '../../../src/data/random';
import type { ImageSplit } from '../../../src/data/types';
import { readIdxSplit } from './mnistFiles';

const compress = (raw: Uint8Array) => new Uint8Array(zlib.deflateSync(raw));
const inflate = (bytes: Uint8Array) => new Uint8Array(zlib.inflateSync(bytes));

/** Small synthetic images (non-square, every byte value) to exercise the edges of the pixel coder. */
function synthetic(count: number, rows: number, cols: number, seed: number, channels = 1, classes = 10): ImageSplit {
  const random = mulberry32(seed);
  const images = new Uint8Array(count * rows * cols * channels).map(() => (random() < 0.5 ? 0 : Math.floor(random() * 256)));
  const labels = new Uint8Array(count).map(() => Math.floor(random() * classes));
  return { count, rows, cols, channels, classes, images, labels };
}

function decodeFile(file: Uint8Array): ImageSplit {
  const header = readAssetHeader(file);
  return decodeRawPayload(header, inflate(assetPayload(file, header)));
}

describe('pixel coder', () => {
  it('round-trips odd shapes and every byte value', () => {
    for (const [count, rows, cols] of [[1, 1, 1], [3, 1, 7], [5, 7, 3], [20, 28, 28]] as const) {
      const split = synthetic(count, rows, cols, rows * 31 + cols);
      const { counts, coded } = encodePixels(split.images, count, rows, cols);
      expect(decodePixels(coded, counts, count, rows, cols)).toEqual(split.images);
    }
  });

  it('round-trips 1,000 real test images', () => {
    const test = readIdxSplit('test');
    const images = test.images.subarray(0, 1000 * 784);
    const { counts, coded } = encodePixels(images, 1000, 28, 28);
    // Buffer.equals: toEqual walks 784,000 elements one by one and takes seconds.
    expect(Buffer.from(decodePixels(coded, counts, 1000, 28, 28)).equals(Buffer.from(images))).toBe(true);
  });
});

describe('asset file', () => {
  const split = synthetic(50, 28, 28, 1);
  const file = encodeAsset(split, compress);

  it('round-trips images and labels', () => {
    const header = readAssetHeader(file);
    expect(header).toMatchObject({ formatVersion: ASSET_FORMAT_VERSION, count: 50, rows: 28, cols: 28 });
    expect(file.length).toBe(ASSET_HEADER_BYTES + header.payloadBytes);
    const decoded = decodeFile(file);
    expect(decoded.images).toEqual(split.images);
    expect(decoded.labels).toEqual(split.labels);
  });

  it('rejects what is not an asset', () => {
    const html = new TextEncoder().encode('<!doctype html><html><body>index</body></html>');
    expect(() => readAssetHeader(html)).toThrow(/starts with "<!do", expected "KSMN"/);
    expect(() => readAssetHeader(new Uint8Array(3))).toThrow(/3 bytes, shorter than the asset header/);
  });

  it('rejects another format version', () => {
    const other = file.slice();
    new DataView(other.buffer).setUint32(4, ASSET_FORMAT_VERSION + 1, true);
    expect(() => readAssetHeader(other)).toThrow(/format version 3, this app reads 2/);
  });

  it('rejects truncated files and inconsistent headers', () => {
    expect(() => readAssetHeader(file.subarray(0, file.length - 10))).toThrow(/truncated/);
    const badCounts = file.slice();
    const view = new DataView(badCounts.buffer);
    view.setUint32(44, view.getUint32(44, true) + 1, true);
    expect(() => readAssetHeader(badCounts)).toThrow(/pixel counts add up to 39201, not 39200/);
  });

  it('rejects a payload that inflates to the wrong size or holds bad labels', () => {
    const header = readAssetHeader(file);
    const raw = inflate(assetPayload(file, header));
    expect(() => decodeRawPayload(header, raw.subarray(1))).toThrow(/inflates to \d+ bytes, expected/);
    const badLabel = raw.slice();
    badLabel[7] = 200;
    expect(() => decodeRawPayload(header, badLabel)).toThrow(/label 7 is 200/);
  });

  it('round-trips colour images and a class count of its own, and rejects impossible ones', () => {
    const colour = synthetic(12, 8, 5, 3, 3, 4);
    const bytes = encodeAsset(colour, compress);
    expect(readAssetHeader(bytes)).toMatchObject({ count: 12, rows: 8, cols: 5, channels: 3, classes: 4 });
    const decoded = decodeFile(bytes);
    expect(decoded.images).toEqual(colour.images);
    expect(decoded.labels).toEqual(colour.labels);
    const twoChannels = bytes.slice();
    new DataView(twoChannels.buffer).setUint32(24, 2, true);
    expect(() => readAssetHeader(twoChannels)).toThrow(/2 channels; images have 1 \(grey\) or 3 \(colour\)/);
    const oneClass = bytes.slice();
    new DataView(oneClass.buffer).setUint32(28, 1, true);
    expect(() => readAssetHeader(oneClass)).toThrow(/1 classes; labels are bytes, so 2 to 256/);
    // A label above a small class count is caught like any other bad label.
    const header = readAssetHeader(bytes);
    const raw = inflate(assetPayload(bytes, header));
    raw[0] = 4;
    expect(() => decodeRawPayload(header, raw)).toThrow(/label 0 is 4/);
  });
});
