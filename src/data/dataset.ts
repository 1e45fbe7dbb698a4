import { batchesOf, writeImage, type BatchBuffers, type ImageBatch } from './batch';
import { permutation } from './random';
import { valuesPerImage, type DatasetSplits, type ImageSplit } from './types';

/** One image scaled to [0, 1] ([rows, cols, channels] row-major) and its class. */
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
 * A dataset as training sees it, whatever its source: its three splits, seeded per-epoch shuffles
 * of the training split, and batches of normalised pixels with one-hot labels. Batch iterators
 * accept optional BatchBuffers to reuse memory (see batch.ts for the contract).
 */
export class ImageDataset {
  readonly rows: number;
  readonly cols: number;
  readonly channels: number;
  readonly classes: number;
  /** Values per image: rows * cols * channels. */
  readonly pixelsPerImage: number;
  private readonly train: ImageSplit;
  private readonly validation: ImageSplit;
  private readonly test: ImageSplit;
  private readonly validationIndices: Uint32Array;
  private readonly testIndices: Uint32Array;

  constructor(splits: DatasetSplits) {
    const { train, validation, test } = splits;
    for (const split of [validation, test]) {
      if (split.rows !== train.rows || split.cols !== train.cols || split.channels !== train.channels || split.classes !== train.classes) {
        throw new Error('the splits of a dataset must hold images of one size and labels of one set of classes');
      }
    }
    if (train.count === 0) throw new RangeError('a dataset needs at least one training image');
    this.train = train;
    this.validation = validation;
    this.test = test;
    this.rows = train.rows;
    this.cols = train.cols;
    this.channels = train.channels;
    this.classes = train.classes;
    this.pixelsPerImage = valuesPerImage(train);
    this.validationIndices = identity(validation.count);
    this.testIndices = identity(test.count);
  }

  get trainCount(): number {
    return this.train.count;
  }

  get validationCount(): number {
    return this.validation.count;
  }

  get testCount(): number {
    return this.test.count;
  }

  /** The training images in the order of the epoch with this seed: same seed, same order. */
  epochOrder(epochSeed: number): Uint32Array {
    return permutation(this.train.count, epochSeed);
  }

  /** One epoch of training batches, every training example once, shuffled by `epochSeed`. */
  trainBatches(batchSize: number, epochSeed: number, buffers?: BatchBuffers, firstBatch = 0): Generator<ImageBatch, void, undefined> {
    return batchesOf(this.train, this.epochOrder(epochSeed), batchSize, buffers, firstBatch);
  }

  /** The validation examples in a fixed order; the last batch may be smaller. */
  validationBatches(batchSize: number, buffers?: BatchBuffers): Generator<ImageBatch, void, undefined> {
    return batchesOf(this.validation, this.validationIndices, batchSize, buffers);
  }

  /** The test set in its order; the last batch may be smaller. */
  testBatches(batchSize: number, buffers?: BatchBuffers): Generator<ImageBatch, void, undefined> {
    return batchesOf(this.test, this.testIndices, batchSize, buffers);
  }

  /** A copy of the test set's labels, in order (image i has label i). */
  testLabels(): Uint8Array {
    return this.test.labels.slice();
  }

  /** Test image `i` (0..testCount-1) scaled to [0, 1], into `out` when given (pixelsPerImage long). */
  getTestImage(i: number, out?: Float32Array): LabelledImage {
    return this.image(this.test, i, 'test', out);
  }

  /** Validation image `i` (0..validationCount-1), e.g. to show predictions on unseen data. */
  getValidationImage(i: number, out?: Float32Array): LabelledImage {
    return this.image(this.validation, i, 'validation', out);
  }

  private image(split: ImageSplit, i: number, name: string, out?: Float32Array): LabelledImage {
    if (!Number.isInteger(i) || i < 0 || i >= split.count) {
      throw new RangeError(`${name} image ${i} does not exist (0..${split.count - 1})`);
    }
    const pixels = out ?? new Float32Array(this.pixelsPerImage);
    if (pixels.length < this.pixelsPerImage) throw new RangeError(`out holds ${pixels.length} values, needs ${this.pixelsPerImage}`);
    writeImage(split, i, pixels);
    return { pixels, label: split.labels[i] };
  }
}
