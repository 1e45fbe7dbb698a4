export { datasetDescriptionProblems, isDatasetId, type DatasetDescription, type DatasetSource } from './description';
export { BUILTIN_DATASETS, builtinDataset, COLOUR_SHAPES, DEFAULT_DATASET_ID, FASHION_MNIST, MNIST } from './builtin';
export { datasetChangeNote, datasetIdOf, datasetOfSpec, withDataset, withDatasetClassifier } from './specDataset';
export { COLOUR_SHAPES_RECIPE, splitSeeds } from './colourShapesRecipe';
