import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetDescriptionProblems } from '../../../../src/core/dataset/description';
import {
  defaultOwnShape, describeOwnSplit, ownClassFolders, ownDatasetProblems, isOwnDatasetId, newOwnDatasetId, ownDatasetDescription, ownDatasetWarnings, ownSplitOfClass,
} from '../../../../src/core/dataset/ownDataset';

describe('own datasets: the split, the warnings, the description', () => {
  it('splits each class 70 / 15 / 15: "120 images: 84 train, 18 validation, 18 test"', () => {
    expect(describeOwnSplit([40, 40, 40])).toBe('120 images: 84 train, 18 validation, 18 test');
    expect(ownSplitOfClass(6)).toEqual({ train: 4, validation: 1, test: 1 });
    expect(ownSplitOfClass(3)).toEqual({ train: 1, validation: 1, test: 1 });
    expect(ownSplitOfClass(2)).toEqual({ train: 2, validation: 0, test: 0 });
    expect(ownSplitOfClass(1000)).toEqual({ train: 700, validation: 150, test: 150 });
  });

  it('every class keeps a training image, and no image is lost or counted twice', () => {
    fc.assert(
      fc.property(fc.nat(5000), (count) => {
        const s = ownSplitOfClass(count);
        expect(s.train + s.validation + s.test).toBe(count);
        if (count > 0) expect(s.train).toBeGreaterThanOrEqual(1);
        expect(s.validation).toBe(s.test);
      }),
    );
    expect(() => ownSplitOfClass(-1)).toThrow(RangeError);
  });

  it('warns in words that teach: few images per class, classes tenfold apart, a tiny test set, a small training set', () => {
    expect(ownDatasetWarnings(['circle', 'triangle'], [120, 6])).toEqual([
      '"triangle" has 6 images: under 10 per class, the test accuracy says little.',
      'The classes differ tenfold in size ("circle": 120, "triangle": 6): a network can score well by mostly answering "circle". Add images to the small classes, or read the confusion matrix rather than the accuracy.',
      'The test set holds 19 images: one image more or less right moves the test accuracy by 5.3 points.',
      '88 training images is a small set: Augmentation "shift" (in Training) shows the network each image moved a pixel or two, which helps it generalise.',
    ]);
    expect(ownDatasetWarnings(['a', 'b'], [2000, 2000])).toEqual([]);
  });

  it('refuses what cannot train: one class, or a class of fewer than 3 images', () => {
    expect(ownDatasetProblems(['only'], [50])).toEqual(['A classifier needs at least two classes.']);
    expect(ownDatasetProblems(['a', 'b'], [50, 2])).toEqual(['"b" has 2 images: each class needs at least 3 (one to train on, one to validate, one to test).']);
    expect(ownDatasetProblems(['a', 'b'], [3, 3])).toEqual([]);
  });

  it('a valid description of the user’s images: no official test split, no drawing unless drawn', () => {
    const d = ownDatasetDescription({ id: 'own-abc', name: 'Leaves', inputShape: [32, 32, 3], classNames: ['ash', 'oak'], classCounts: [40, 60] });
    expect(datasetDescriptionProblems(d)).toEqual([]);
    expect(d).toMatchObject({ source: { kind: 'user' }, officialTestSplit: false, drawable: false, splits: { train: 70, validation: 15, test: 15 } });
    expect(ownDatasetDescription({ id: 'own-d', name: 'Drawn', inputShape: [28, 28, 1], classNames: ['x', 'o'], classCounts: [10, 10], drawn: true }).drawable).toBe(true);
  });

  it('offers 28 x 28 for small images, 32 x 32 otherwise, grey when every image is', () => {
    expect(defaultOwnShape(28, true)).toEqual([28, 28, 1]);
    expect(defaultOwnShape(480, false)).toEqual([32, 32, 3]);
  });

  it('ids: "own-" and letters or digits, valid dataset ids, never a built-in one', () => {
    const id = newOwnDatasetId(() => 0.5, 1_800_000_000_000);
    expect(id).toMatch(/^own-[a-z0-9]+$/);
    expect(isOwnDatasetId(id)).toBe(true);
    expect(isOwnDatasetId('mnist')).toBe(false);
    expect(datasetDescriptionProblems(ownDatasetDescription({ id, name: 'x', inputShape: [28, 28, 1], classNames: ['a', 'b'], classCounts: [1, 1] }))).toEqual([]);
  });

  it('class folders for a zip: what no file system takes becomes "_", clashes get a number, case-insensitively', () => {
    expect(ownClassFolders(['a/b', 'a_b', '.hidden', 'A_B', 'ok', '<i>x</i>', '..'])).toEqual(['a_b', 'a_b (2)', 'hidden', 'A_B (3)', 'ok', '_i_x__i_', 'class']);
  });
});

describe('own class names', () => {
  it('need a name each, of at most 40 characters, none the same as another (but for case and spaces)', async () => {
    const { ownClassNameProblems, newClassName } = await import('../../../../src/core/dataset/ownDataset');
    expect(ownClassNameProblems(['circle', 'square', '<b>tri/angle</b>'])).toEqual([]);
    expect(ownClassNameProblems(['circle', ' ', 'x'.repeat(41), 'Circle'])).toEqual([
      'Class 2 needs a name.',
      `The name "${'x'.repeat(20)}…" is longer than 40 characters.`,
      'Two classes are called "Circle": give each its own name.',
    ]);
    expect(newClassName(['Class 1', 'class 3'])).toBe('Class 4');
    expect(newClassName([])).toBe('Class 1');
  });
});
