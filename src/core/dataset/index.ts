export { datasetDescriptionProblems, isDatasetId, type DatasetDescription } from './description';
export { BUILTIN_DATASETS, builtinDataset, DEFAULT_DATASET_ID, FASHION_MNIST, MNIST } from './builtin';
export { datasetIdOf, datasetOfSpec, withDataset } from './specDataset';
