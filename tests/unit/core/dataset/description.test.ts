import { describe, expect, it } from 'vitest';
import { BUILTIN_DATASETS, COLOUR_SHAPES, datasetDescriptionProblems, FASHION_MNIST, isDatasetId, MNIST } from '../../../../src/core/dataset';
import { MNIST_VALIDATION_COUNT } from '../../../../src/data/mnistSplits';

describe('datasetDescriptionProblems', () => {
  it('finds nothing wrong with the built-in datasets, which agree with the data layer they describe', () => {
    for (const dataset of BUILTIN_DATASETS) expect(datasetDescriptionProblems(dataset)).toEqual([]);
    expect(MNIST.classNames).toHaveLength(10);
    expect(MNIST.splits).toEqual({ train: 60_000 - MNIST_VALIDATION_COUNT, validation: MNIST_VALIDATION_COUNT, test: 10_000 });
    // Zalando's label order: 0 T-shirt/top ... 9 Ankle boot.
    expect(FASHION_MNIST.classNames).toEqual(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
    expect(FASHION_MNIST).toMatchObject({ officialTestSplit: false, drawable: false, inputShape: [28, 28, 1] });
    expect(new Set(BUILTIN_DATASETS.map((d) => d.id)).size).toBe(BUILTIN_DATASETS.length);
  });

  it('knows a dataset id when it sees one', () => {
    for (const id of ['mnist', 'fashion-mnist', 'my-leaves-2']) expect(isDatasetId(id)).toBe(true);
    for (const id of ['', 'MNIST', 'fashion--mnist', '-a', 'a-', 'a b', 7, null, 'x'.repeat(41)]) expect(isDatasetId(id)).toBe(false);
  });

  it('says what is wrong, field by field', () => {
    expect(datasetDescriptionProblems(null)).toEqual(['A dataset description must be an object.']);
    const problems = datasetDescriptionProblems({ ...MNIST, id: 'Fashion MNIST', inputShape: [28, 28, 2], classNames: ['Shirt', 'shirt '], splits: { train: 0, validation: 1, test: 1 } });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^Its id must be lower-case/);
    expect(problems[1]).toBe('Its images must be greyscale (1 channel) or colour (3 channels), not 2 channels.');
    expect(problems[2]).toBe('Two classes are called "shirt ": each class needs a name of its own.');
    expect(problems[3]).toMatch(/^Its splits must say/);
    expect(datasetDescriptionProblems({ ...MNIST, inputShape: [0, 28, 1] })[0]).toMatch(/^The input shape must be three whole numbers/);
  });

  it('refuses too few or nameless classes, an unknown source and missing facts', () => {
    expect(datasetDescriptionProblems({ ...MNIST, classNames: ['only'] })).toEqual(['It needs from 2 to 1000 class names.']);
    expect(datasetDescriptionProblems({ ...MNIST, classNames: ['a', ' ', 'c'] })).toEqual(["Class 1's name must be some text of at most 40 characters."]);
    expect(datasetDescriptionProblems({ ...MNIST, source: { kind: 'url', url: 'https://example.com' } })).toEqual(['Its source must be a built-in asset folder, a generator with a seed, or the user’s own images.']);
    expect(datasetDescriptionProblems({ ...COLOUR_SHAPES, source: { kind: 'generated', generator: 'Colour Shapes', seed: 1 } })).toHaveLength(1);
    expect(datasetDescriptionProblems({ ...COLOUR_SHAPES, source: { kind: 'generated', generator: 'colour-shapes', seed: -1 } })).toHaveLength(1);
    const { licence: _licence, drawable: _drawable, ...rest } = MNIST;
    expect(datasetDescriptionProblems(rest)).toEqual(['It must say whether a drawing is a sensible probe.', 'It must name its licence.']);
  });

  it('accepts the user’s own colour images', () => {
    expect(datasetDescriptionProblems({ ...MNIST, id: 'my-shapes', name: 'My shapes', inputShape: [32, 32, 3], classNames: ['circle', 'square'], source: { kind: 'user' }, officialTestSplit: false, drawable: false, classNoun: 'class' })).toEqual([]);
  });
});
