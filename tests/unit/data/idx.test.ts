import { describe, expect, it } from 'vitest';
import { parseIdxImages, parseIdxLabels, parseIdxSplit } from '../../../src/data/idx';
import { readIdx } from './mnistFiles';

const trainImages = readIdx('train-images-idx3-ubyte');
const trainLabels = readIdx('train-labels-idx1-ubyte');
const testImages = readIdx('t10k-images-idx3-ubyte');
const testLabels = readIdx('t10k-labels-idx1-ubyte');

describe('parseIdxImages / parseIdxLabels on the real files', () => {
  it('reads the training set: 60,000 images of 28x28', () => {
    const images = parseIdxImages(trainImages, 'train-images-idx3-ubyte');
    expect([images.count, images.rows, images.cols]).toEqual([60000, 28, 28]);
    expect(images.pixels.length).toBe(60000 * 784);
    const labels = parseIdxLabels(trainLabels);
    expect(labels.length).toBe(60000);
    expect([...labels.subarray(0, 10)]).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
  });

  it('reads the test set: 10,000 images of 28x28', () => {
    const split = parseIdxSplit(testImages, testLabels);
    expect([split.count, split.rows, split.cols]).toEqual([10000, 28, 28]);
    expect([...split.labels.subarray(0, 10)]).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    // The first test image is a 7: mostly background, with a saturated stroke.
    const first = split.images.subarray(0, 784);
    expect(Math.max(...first)).toBe(255);
    expect(first.filter((v) => v === 0).length).toBeGreaterThan(600);
  });
});

describe('idx errors name the file, the problem and the fix', () => {
  const withMagic = (bytes: Uint8Array, magic: number) => {
    const copy = bytes.slice(0, 16 + 784 * 2);
    new DataView(copy.buffer).setUint32(0, magic);
    return copy;
  };

  it('rejects a wrong magic number', () => {
    expect(() => parseIdxImages(withMagic(testImages, 1234), 'train-images-idx3-ubyte')).toThrow(
      /^train-images-idx3-ubyte: magic number 1234, expected 2051 \(idx3 images\).*corrupt.*npm ci/,
    );
    expect(() => parseIdxLabels(testImages.slice(0, 100), 'labels')).toThrow(/magic number 2051, expected 2049/);
    expect(() => parseIdxImages(testLabels, 'imgs')).toThrow(/magic number 2049, expected 2051/);
  });

  it('rejects truncated files', () => {
    expect(() => parseIdxImages(testImages.subarray(0, testImages.length - 1), 'x')).toThrow(
      /x: 7840015 bytes, but the header \(10000 images of 28x28\) needs 7840016/,
    );
    expect(() => parseIdxImages(testImages.subarray(0, 10), 'x')).toThrow(/only 10 bytes/);
    expect(() => parseIdxLabels(testLabels.subarray(0, 5000), 'y')).toThrow(/y: 5000 bytes, but the header \(10000 labels\) needs 10008/);
    expect(() => parseIdxLabels(new Uint8Array(0), 'y')).toThrow(/only 0 bytes/);
  });

  it('rejects trailing bytes and empty or absurd dimensions', () => {
    const longer = new Uint8Array(testLabels.length + 1);
    longer.set(testLabels);
    expect(() => parseIdxLabels(longer, 'y')).toThrow(/10009 bytes/);
    const zero = testImages.slice(0, 16);
    new DataView(zero.buffer).setUint32(8, 0);
    expect(() => parseIdxImages(zero, 'z')).toThrow(/implausible dimensions 10000 x 0 x 28/);
  });

  it('rejects labels outside 0..9', () => {
    const bad = testLabels.slice();
    bad[8 + 3] = 10;
    expect(() => parseIdxLabels(bad, 't10k-labels-idx1-ubyte')).toThrow(/t10k-labels-idx1-ubyte: label 3 is 10, expected 0..9/);
  });

  it('rejects image and label files that do not belong together', () => {
    const names = { images: 't10k-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' };
    expect(() => parseIdxSplit(testImages, trainLabels, names)).toThrow(
      /t10k-images-idx3-ubyte has 10000 images but train-labels-idx1-ubyte has 60000 labels/,
    );
  });
});
