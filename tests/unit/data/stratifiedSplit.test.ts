import { describe, expect, it } from 'vitest';
import { stratifiedSplit, uniqueImages } from '../../../src/data/stratifiedSplit';
import { mulberry32 } from '../../../src/data/random';

/** `perClass` labels of each of `classes` classes, interleaved as a real file would not be. */
function labelsOf(classes: number, perClass: number): Uint8Array {
  const labels = new Uint8Array(classes * perClass);
  for (let i = 0; i < labels.length; i++) labels[i] = (i * 7) % classes;
  return labels;
}

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);
const countOf = (labels: Uint8Array, indices: Uint32Array, label: number) => indices.reduce((n, i) => n + (labels[i] === label ? 1 : 0), 0);

describe('stratifiedSplit', () => {
  it('gives every class the same number of test and validation images, disjoint, covering every index kept', () => {
    const labels = labelsOf(10, 70);
    const split = stratifiedSplit(labels, all(labels.length), { validation: 5, test: 10 }, 42);
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([550, 50, 100]);
    for (let c = 0; c < 10; c++) {
      expect([countOf(labels, split.train, c), countOf(labels, split.validation, c), countOf(labels, split.test, c)]).toEqual([55, 5, 10]);
    }
    const union = new Set([...split.train, ...split.validation, ...split.test]);
    expect(union.size).toBe(labels.length);
    for (const part of [split.train, split.validation, split.test]) expect([...part]).toEqual([...part].sort((a, b) => a - b));
  });

  it('is the same split for the same seed and another for another seed', () => {
    const labels = labelsOf(3, 40);
    const a = stratifiedSplit(labels, all(labels.length), { validation: 4, test: 6 }, 7);
    expect(stratifiedSplit(labels, all(labels.length), { validation: 4, test: 6 }, 7)).toEqual(a);
    expect([...stratifiedSplit(labels, all(labels.length), { validation: 4, test: 6 }, 8).test]).not.toEqual([...a.test]);
  });

  it('splits only the indices given (the ones kept after dropping copies)', () => {
    const labels = labelsOf(2, 20);
    const kept = all(labels.length).filter((i) => i % 5 !== 0);
    const split = stratifiedSplit(labels, kept, { validation: 2, test: 3 }, 1);
    const union = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
    expect(union).toEqual([...kept]);
  });

  it('says which class is too small', () => {
    const labels = new Uint8Array([0, 0, 0, 1, 1, 0]);
    expect(() => stratifiedSplit(labels, all(6), { validation: 1, test: 1 }, 1)).toThrow('Class 1 has 2 images: too few for 1 test and 1 validation images and one to train on.');
  });
});

describe('uniqueImages', () => {
  it('keeps the first of exact copies, drops both of copies that disagree on the label, and keeps near copies', () => {
    const pixels = 16;
    const random = mulberry32(3);
    const images = new Uint8Array(8 * pixels).map(() => Math.floor(random() * 256));
    const copy = (from: number, to: number) => images.copyWithin(to * pixels, from * pixels, (from + 1) * pixels);
    copy(0, 3); // an exact repeat, same label
    copy(1, 5); // the same image with another label
    copy(2, 6);
    images[6 * pixels + 7] = (images[6 * pixels + 7]! + 1) % 256; // one pixel off: not a copy
    const labels = new Uint8Array([0, 1, 2, 0, 1, 2, 2, 1]);
    const result = uniqueImages(images, labels, pixels);
    expect([...result.kept]).toEqual([0, 2, 4, 6, 7]);
    expect(result).toMatchObject({ repeats: 1, conflicting: 2 });
  });

  it('refuses bytes that are not whole images', () => {
    expect(() => uniqueImages(new Uint8Array(10), new Uint8Array(2), 4)).toThrow('10 bytes are not 2 images of 4 pixels.');
  });
});
