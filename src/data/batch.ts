import { valuesPerImage, type ImageSplit } from './types';

/**
 * A batch of examples ready for a tensor: `xs` is [size, rows, cols, channels] row-major with
 * pixels scaled to [0, 1] (byte / 255), `ys` is one-hot [size, classes], `labels` the classes.
 * Every array has exactly `size` examples (views when they come from BatchBuffers).
 */
export interface ImageBatch {
  xs: Float32Array;
  ys: Float32Array;
  labels: Uint8Array;
  size: number;
}

/**
 * Reusable storage for batches of up to `capacity` examples. Passing the same buffers to every
 * batch avoids allocating ~0.8 MB per 256-example batch (garbage-collector churn); the price is
 * that each batch overwrites the previous one, so consume it (tf.tensor copies) before asking for
 * the next. Do not transfer these buffers to another thread: they are reused.
 */
export interface BatchBuffers {
  capacity: number;
  /** Values per image: rows * cols * channels. */
  pixelsPerImage: number;
  classes: number;
  xs: Float32Array;
  ys: Float32Array;
  labels: Uint8Array;
}

/** byte -> byte / 255 as float32; a table lookup is faster than dividing 784 times per image. */
const SCALE = new Float32Array(256).map((_, v) => v / 255);

export function createBatchBuffers(capacity: number, pixelsPerImage: number, classes: number): BatchBuffers {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`batch capacity must be a positive integer, got ${capacity}`);
  return {
    capacity,
    pixelsPerImage,
    classes,
    xs: new Float32Array(capacity * pixelsPerImage),
    ys: new Float32Array(capacity * classes),
    labels: new Uint8Array(capacity),
  };
}

/** Writes image `index` of `split`, scaled to [0, 1], into `out` at `offset`. */
export function writeImage(split: ImageSplit, index: number, out: Float32Array, offset = 0): void {
  const size = valuesPerImage(split);
  const src = split.images.subarray(index * size, (index + 1) * size);
  for (let p = 0; p < size; p++) out[offset + p] = SCALE[src[p]];
}

/**
 * Builds the batch of the examples `indices[start..end)` of `split`, in that order. With `buffers`
 * the result views them (overwritten by the next call); without, it owns fresh arrays.
 */
export function fillBatch(
  split: ImageSplit,
  indices: ArrayLike<number>,
  start: number,
  end: number,
  buffers?: BatchBuffers,
): ImageBatch {
  const size = end - start;
  const pixels = valuesPerImage(split);
  const classes = split.classes;
  const target = buffers ?? createBatchBuffers(Math.max(size, 1), pixels, classes);
  if (size > target.capacity) throw new RangeError(`batch of ${size} does not fit buffers for ${target.capacity}`);
  if (target.pixelsPerImage !== pixels) throw new RangeError(`buffers hold ${target.pixelsPerImage}-value images, not ${pixels}`);
  if (target.classes !== classes) throw new RangeError(`buffers hold labels of ${target.classes} classes, not ${classes}`);
  const xs = target.xs.subarray(0, size * pixels);
  const ys = target.ys.subarray(0, size * classes).fill(0);
  const labels = target.labels.subarray(0, size);
  for (let b = 0; b < size; b++) {
    const index = indices[start + b];
    writeImage(split, index, xs, b * pixels);
    const label = split.labels[index];
    labels[b] = label;
    ys[b * classes + label] = 1;
  }
  return { xs, ys, labels, size };
}

/** Yields the batches of `indices` in order; the last one may be smaller. */
export function* batchesOf(
  split: ImageSplit,
  indices: ArrayLike<number>,
  batchSize: number,
  buffers?: BatchBuffers,
  /** Index of the first batch to yield: a run that continues skips the batches it already trained. */
  firstBatch = 0,
): Generator<ImageBatch, void, undefined> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  for (let start = firstBatch * batchSize; start < indices.length; start += batchSize) {
    yield fillBatch(split, indices, start, Math.min(start + batchSize, indices.length), buffers);
  }
}
