/** The MNIST data layer: download and decode the prepared assets, split, shuffle and batch. */
export type { MnistData, MnistSplit } from './types';
export { NUM_CLASSES } from './types';
export { loadMnist, type FetchLike, type LoadProgress } from './loadMnist';
export { MnistLoadError, type MnistLoadFailure } from './errors';
export {
  MnistDataset,
  DEFAULT_VALIDATION_COUNT,
  DEFAULT_SPLIT_SEED,
  type MnistDatasetOptions,
  type LabelledImage,
} from './dataset';
export { createBatchBuffers, fillBatch, type BatchBuffers, type MnistBatch } from './batch';
export { mulberry32, permutation, shuffleInPlace, type Random } from './random';
export { shiftImages } from './augment';
export { MNIST, datasetDescriptionProblems, type DatasetDescription } from './datasetDescription';
export { stratifiedSplit, uniqueImages, type SplitIndices } from './stratifiedSplit';
