import { describe, expect, it } from 'vitest';
import { createBatchBuffers, type MnistBatch } from '../../../src/data/batch';
import { MnistDataset } from '../../../src/data/dataset';
import { readIdxData } from './mnistFiles';

const data = readIdxData();
const dataset = new MnistDataset(data);

function expectWellFormed(batch: MnistBatch): void {
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

describe('MnistDataset splits', () => {
  it('holds out 5,000 training examples for validation', () => {
    expect([dataset.trainCount, dataset.validationCount, dataset.testCount]).toEqual([55000, 5000, 10000]);
  });

  it('train and validation are disjoint and together cover the training set', () => {
    const seen = new Uint8Array(60000);
    for (const i of dataset.trainIndices) seen[i] += 1;
    for (const i of dataset.validationIndices) seen[i] += 1;
    expect(seen.every((n) => n === 1)).toBe(true);
  });

  it('picks the same validation set in every run, and every digit is represented', () => {
    const again = new MnistDataset(readIdxData());
    expect(Buffer.from(again.validationIndices.buffer).equals(Buffer.from(dataset.validationIndices.buffer))).toBe(true);
    const perDigit = new Array<number>(10).fill(0);
    for (const i of dataset.validationIndices) perDigit[data.train.labels[i]] += 1;
    for (const n of perDigit) expect(n).toBeGreaterThan(350);
    const other = new MnistDataset(data, { validationCount: 1000, splitSeed: 1 });
    expect([other.trainCount, other.validationCount]).toEqual([59000, 1000]);
    expect(() => new MnistDataset(data, { validationCount: 60000 })).toThrow(RangeError);
  });
});

describe('MnistDataset epochs', () => {
  it('visits every training example once per epoch', () => {
    const seen = new Uint8Array(60000);
    let batches = 0;
    let examples = 0;
    for (const batch of dataset.trainBatches(1024, 1)) {
      batches += 1;
      examples += batch.size;
    }
    for (const i of dataset.epochOrder(1)) seen[i] += 1;
    for (const i of dataset.trainIndices) expect(seen[i]).toBe(1);
    for (const i of dataset.validationIndices) expect(seen[i]).toBe(0);
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
    const batch = dataset.trainBatches(32, 3).next().value as MnistBatch;
    expect(batch.size).toBe(32);
    expectWellFormed(batch);
    for (let b = 0; b < 32; b++) {
      const index = order[b];
      expect(batch.labels[b]).toBe(data.train.labels[index]);
      for (const p of [0, 200, 400, 600]) expect(batch.xs[b * 784 + p]).toBeCloseTo(data.train.images[index * 784 + p] / 255, 7);
    }
  });
});

describe('MnistDataset evaluation batches', () => {
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
    expect(labels).toEqual([...dataset.validationIndices].map((i) => data.train.labels[i]));
  });

  it('reuses caller buffers without allocating new ones', () => {
    const buffers = createBatchBuffers(256);
    const seen = new Set<ArrayBufferLike>();
    let last: MnistBatch | undefined;
    for (const batch of dataset.validationBatches(256, buffers)) {
      seen.add(batch.xs.buffer).add(batch.ys.buffer);
      last = batch;
    }
    expect(seen).toEqual(new Set([buffers.xs.buffer, buffers.ys.buffer]));
    expect(last?.size).toBe(5000 % 256);
    expectWellFormed(last as MnistBatch);
    expect(() => dataset.trainBatches(512, 1, buffers).next()).toThrow(/does not fit/);
  });

  it('getTestImage returns normalised pixels and the label', () => {
    const { pixels, label } = dataset.getTestImage(0);
    expect(label).toBe(7);
    expect(pixels.length).toBe(784);
    for (let p = 0; p < 784; p++) expect(pixels[p]).toBeCloseTo(data.test.images[p] / 255, 7);
    expect(dataset.getTestImage(9999).label).toBe(data.test.labels[9999]);
    expect(() => dataset.getTestImage(10000)).toThrow(RangeError);
    const v = dataset.getValidationImage(0);
    expect(v.label).toBe(data.train.labels[dataset.validationIndices[0]]);
  });

  it('rejects a batch size that is not a positive integer', () => {
    expect(() => dataset.testBatches(0).next()).toThrow(RangeError);
    expect(() => dataset.testBatches(2.5).next()).toThrow(RangeError);
  });
});
