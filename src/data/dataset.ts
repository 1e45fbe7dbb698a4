import { batchesOf, writeImage, type BatchBuffers, type MnistBatch } from './batch';
import { permutation } from './random';
import type { MnistData, MnistSplit } from './types';

export const DEFAULT_VALIDATION_COUNT = 5000;
/** Fixed so the validation set is the same examples in every run and every browser. */
export const DEFAULT_SPLIT_SEED = 0x4b534d4e; // 'KSMN'

export interface MnistDatasetOptions {
  /** Training examples held out for validation (default 5,000). */
  validationCount?: number;
  /** Seed of the shuffle that picks the validation examples (default DEFAULT_SPLIT_SEED). */
  splitSeed?: number;
}

/** One image scaled to [0, 1] ([rows, cols, 1] row-major) and its digit. */
export interface LabelledImage {
  pixels: Float32Array;
  label: number;
}

function identity(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * MNIST as training sees it: the official training set split into train and validation (a
 * fixed-seed shuffle picks the validation examples), the official test set, and batches of
 * normalised pixels with one-hot labels. Batch iterators accept optional BatchBuffers to reuse
 * memory (see batch.ts for the contract).
 */
export class MnistDataset {
  readonly rows: number;
  readonly cols: number;
  readonly pixelsPerImage: number;
  /** Indices into the official training set, ascending; disjoint, together 0..59,999. */
  readonly trainIndices: Uint32Array;
  readonly validationIndices: Uint32Array;
  private readonly testIndices: Uint32Array;
  private readonly train: MnistSplit;
  private readonly test: MnistSplit;

  constructor(data: MnistData, options: MnistDatasetOptions = {}) {
    const { train, test } = data;
    const validationCount = options.validationCount ?? DEFAULT_VALIDATION_COUNT;
    if (!Number.isInteger(validationCount) || validationCount < 0 || validationCount >= train.count) {
      throw new RangeError(`validationCount must be an integer in 0..${train.count - 1}, got ${validationCount}`);
    }
    if (train.rows !== test.rows || train.cols !== test.cols) throw new Error('train and test images differ in size');
    this.train = train;
    this.test = test;
    this.rows = train.rows;
    this.cols = train.cols;
    this.pixelsPerImage = train.rows * train.cols;
    const order = permutation(train.count, options.splitSeed ?? DEFAULT_SPLIT_SEED);
    this.validationIndices = order.slice(0, validationCount).sort();
    this.trainIndices = order.slice(validationCount).sort();
    this.testIndices = identity(test.count);
  }

  get trainCount(): number {
    return this.trainIndices.length;
  }

  get validationCount(): number {
    return this.validationIndices.length;
  }

  get testCount(): number {
    return this.test.count;
  }

  /** The training indices in the order of the epoch with this seed: same seed, same order. */
  epochOrder(epochSeed: number): Uint32Array {
    const shuffle = permutation(this.trainIndices.length, epochSeed);
    return shuffle.map((i) => this.trainIndices[i]);
  }

  /** One epoch of training batches, every training example once, shuffled by `epochSeed`. */
  trainBatches(batchSize: number, epochSeed: number, buffers?: BatchBuffers, firstBatch = 0): Generator<MnistBatch, void, undefined> {
    return batchesOf(this.train, this.epochOrder(epochSeed), batchSize, buffers, firstBatch);
  }

  /** The validation examples in a fixed order; the last batch may be smaller. */
  validationBatches(batchSize: number, buffers?: BatchBuffers): Generator<MnistBatch, void, undefined> {
    return batchesOf(this.train, this.validationIndices, batchSize, buffers);
  }

  /** The test set in its original order; the last batch may be smaller. */
  testBatches(batchSize: number, buffers?: BatchBuffers): Generator<MnistBatch, void, undefined> {
    return batchesOf(this.test, this.testIndices, batchSize, buffers);
  }

  /** A copy of the test set's digits, in order (image i has label i). */
  testLabels(): Uint8Array {
    return this.test.labels.slice();
  }

  /** Test image `i` (0..testCount-1) scaled to [0, 1], into `out` when given (pixelsPerImage long). */
  getTestImage(i: number, out?: Float32Array): LabelledImage {
    return this.image(this.test, this.testIndices, i, 'test', out);
  }

  /** Validation image `i` (0..validationCount-1), e.g. to show predictions on unseen data. */
  getValidationImage(i: number, out?: Float32Array): LabelledImage {
    return this.image(this.train, this.validationIndices, i, 'validation', out);
  }

  private image(split: MnistSplit, indices: Uint32Array, i: number, name: string, out?: Float32Array): LabelledImage {
    if (!Number.isInteger(i) || i < 0 || i >= indices.length) {
      throw new RangeError(`${name} image ${i} does not exist (0..${indices.length - 1})`);
    }
    const pixels = out ?? new Float32Array(this.pixelsPerImage);
    if (pixels.length < this.pixelsPerImage) throw new RangeError(`out holds ${pixels.length} values, needs ${this.pixelsPerImage}`);
    writeImage(split, indices[i], pixels);
    return { pixels, label: split.labels[indices[i]] };
  }
}
