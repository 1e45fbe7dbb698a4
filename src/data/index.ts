/** The data layer: download and decode a dataset's prepared assets, split, shuffle and batch. */
export { valuesPerImage, selectImages, type DatasetSplits, type ImageSplit, type LoadedDataset } from './types';
export { loadDataset, type FetchLike, type LoadProgress } from './loadDataset';
export { DatasetLoadError, type DatasetLoadFailure } from './errors';
export { ImageDataset, type LabelledImage } from './dataset';
export { mnistSplits, MNIST_SPLIT_SEED, MNIST_VALIDATION_COUNT } from './mnistSplits';
export { createBatchBuffers, fillBatch, type BatchBuffers, type ImageBatch } from './batch';
export { mulberry32, permutation, shuffleInPlace, type Random } from './random';
export { shiftImages } from './augment';
export { stratifiedSplit, uniqueImages, type SplitIndices } from './stratifiedSplit';
export { generateDataset } from './generated';
