import { describe, expect, it } from 'vitest';
import { createBatchBuffers, type ImageBatch } from '../../../src/data/batch';
import { ImageDataset } from '../../../src/data/dataset';
import { mnistSplits, MNIST_VALIDATION_COUNT } from '../../../src/data/mnistSplits';
import { readIdxData } from './mnistFiles';

const official = readIdxData();
const splits = mnistSplits(official);
const dataset = new ImageDataset(splits);
const data = { train: splits.train, test: splits.test };

function expectWellFormed(batch: ImageBatch): void {
  expect(batch.xs.length).toBe(batch.size * 784);
  expect(batch.ys.length).toBe(batch.size * 10);
  expect(batch.labels.length).toBe(batch.size);
  let min = Infinity;
  let max = -Infinity;
  for (const x of batch.xs) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  expect(min).toBeGreaterThanOrEqual(0);
  expect(max).toBeLessThanOrEqual(1);
  for (let b = 0; b < batch.size; b++) {
    const row = batch.ys.subarray(b * 10, b * 10 + 10);
    expect(row.reduce((s, v) => s + v, 0)).toBe(1);
    expect(row[batch.labels[b]]).toBe(1);
  }
}

/** Which official training image each image of `split` is (images are unique enough in MNIST to find them by their bytes). */
function officialIndexOf(split: { images: Uint8Array }, i: number, byBytes: Map<string, number>): number {
  return byBytes.get(Buffer.from(split.images.subarray(i * 784, (i + 1) * 784)).toString('base64')) ?? -1;
}

describe('MNIST splits (made at install time)', () => {
  it('hold out 5,000 official training images for validation', () => {
    expect([dataset.trainCount, dataset.validationCount, dataset.testCount]).toEqual([55000, 5000, 10000]);
    expect(MNIST_VALIDATION_COUNT).toBe(5000);
    expect([dataset.rows, dataset.cols, dataset.channels, dataset.classes, dataset.pixelsPerImage]).toEqual([28, 28, 1, 10, 784]);
  });

  it('train and validation keep the official order and together are the official training set, each image once', () => {
    // The validation images, looked up among the official training images: ascending, and none of them in train.
    const byBytes = new Map<string, number>();
    for (let i = 0; i < official.train.count; i++) byBytes.set(Buffer.from(official.train.images.subarray(i * 784, (i + 1) * 784)).toString('base64'), i);
    const validation = Array.from({ length: 5000 }, (_, i) => officialIndexOf(splits.validation, i, byBytes));
    expect(validation.every((index, i) => index >= 0 && (i === 0 || index > validation[i - 1]))).toBe(true);
    const firstTrain = Array.from({ length: 200 }, (_, i) => officialIndexOf(splits.train, i, byBytes));
    expect(firstTrain.every((index, i) => index >= 0 && (i === 0 || index > firstTrain[i - 1]))).toBe(true);
    expect(new Set(validation).size).toBe(5000);
    const labels = [...splits.train.labels, ...splits.validation.labels].sort();
    expect(Buffer.from(labels).equals(Buffer.from([...official.train.labels].sort()))).toBe(true);
  });

  it('are the same in every run, and every digit is in validation', () => {
    const again = mnistSplits(readIdxData());
    expect(Buffer.from(again.validation.images).equals(Buffer.from(splits.validation.images))).toBe(true);
    const perDigit = new Array<number>(10).fill(0);
    for (const label of splits.validation.labels) perDigit[label] += 1;
    for (const n of perDigit) expect(n).toBeGreaterThan(350);
    expect(splits.test).toBe(official.test);
  });

  it('a dataset refuses splits that disagree on the image size or the classes', () => {
    expect(() => new ImageDataset({ ...splits, test: { ...splits.test, channels: 3 } })).toThrow(/one size/);
    expect(() => new ImageDataset({ ...splits, validation: { ...splits.validation, classes: 3 } })).toThrow(/one set of classes/);
  });
});

describe('ImageDataset epochs', () => {
  it('visits every training example once per epoch', () => {
    const seen = new Uint8Array(55000);
    let batches = 0;
    let examples = 0;
    for (const batch of dataset.trainBatches(1024, 1)) {
      batches += 1;
      examples += batch.size;
    }
    for (const i of dataset.epochOrder(1)) seen[i] += 1;
    expect(seen.every((n) => n === 1)).toBe(true);
    expect(batches).toBe(Math.ceil(55000 / 1024));
    expect(examples).toBe(55000);
  });

  it('shuffles differently per epoch seed and identically for the same seed', () => {
    const a = dataset.epochOrder(1);
    expect(dataset.epochOrder(1)).toEqual(a);
    const b = dataset.epochOrder(2);
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same += 1;
    expect(same).toBeLessThan(100);
  });

  it('builds batches that match the images and labels', () => {
    const order = dataset.epochOrder(3);
    const batch = dataset.trainBatches(32, 3).next().value as ImageBatch;
    expect(batch.size).toBe(32);
    expectWellFormed(batch);
    for (let b = 0; b < 32; b++) {
      const index = order[b];
      expect(batch.labels[b]).toBe(data.train.labels[index]);
      for (const p of [0, 200, 400, 600]) expect(batch.xs[b * 784 + p]).toBeCloseTo(data.train.images[index * 784 + p] / 255, 7);
    }
  });
});

describe('ImageDataset evaluation batches', () => {
  it('iterates the test set in order with a smaller last batch', () => {
    const sizes: number[] = [];
    let offset = 0;
    for (const batch of dataset.testBatches(3000)) {
      expectWellFormed(batch);
      expect(Buffer.from(batch.labels).equals(Buffer.from(data.test.labels.subarray(offset, offset + batch.size)))).toBe(true);
      sizes.push(batch.size);
      offset += batch.size;
    }
    expect(sizes).toEqual([3000, 3000, 3000, 1000]);
  });

  it('iterates the validation set in order', () => {
    const labels: number[] = [];
    for (const batch of dataset.validationBatches(512)) {
      expectWellFormed(batch);
      labels.push(...batch.labels);
    }
    expect(labels).toEqual([...splits.validation.labels]);
  });

  it('reuses caller buffers without allocating new ones', () => {
    const buffers = createBatchBuffers(256, 784, 10);
    const seen = new Set<ArrayBufferLike>();
    let last: ImageBatch | undefined;
    for (const batch of dataset.validationBatches(256, buffers)) {
      seen.add(batch.xs.buffer).add(batch.ys.buffer);
      last = batch;
    }
    expect(seen).toEqual(new Set([buffers.xs.buffer, buffers.ys.buffer]));
    expect(last?.size).toBe(5000 % 256);
    expectWellFormed(last as ImageBatch);
    expect(() => dataset.trainBatches(512, 1, buffers).next()).toThrow(/does not fit/);
    expect(() => dataset.trainBatches(64, 1, createBatchBuffers(64, 784, 3)).next()).toThrow(/3 classes/);
  });

  it('getTestImage returns normalised pixels and the label', () => {
    const { pixels, label } = dataset.getTestImage(0);
    expect(label).toBe(7);
    expect(pixels.length).toBe(784);
    for (let p = 0; p < 784; p++) expect(pixels[p]).toBeCloseTo(data.test.images[p] / 255, 7);
    expect(dataset.getTestImage(9999).label).toBe(data.test.labels[9999]);
    expect(() => dataset.getTestImage(10000)).toThrow(RangeError);
    const v = dataset.getValidationImage(0);
    expect(v.label).toBe(splits.validation.labels[0]);
  });

  it('rejects a batch size that is not a positive integer', () => {
    expect(() => dataset.testBatches(0).next()).toThrow(RangeError);
    expect(() => dataset.testBatches(2.5).next()).toThrow(RangeError);
  });
});
