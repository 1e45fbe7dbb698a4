/** Datasets drawn in the page by a seeded generator: nothing to download, the same images on every visit. */
import type { DatasetDescription } from '../../core/dataset/description';
import type { DatasetSplits } from '../types';
import { colourShapesSplit } from './colourShapes';

export { COLOUR_SHAPE_NAMES, SHAPE_COLOUR_NAMES, colourShapesSplit } from './colourShapes';

/** Each split gets its own stream: the seed plus a fixed step per split. */
const SPLIT_SEED_STEP = 0x9e3779b9;

/** Seeds of the train, validation and test streams of a generated dataset with seed `seed`. */
export function splitSeeds(seed: number): { train: number; validation: number; test: number } {
  return { train: seed >>> 0, validation: (seed + SPLIT_SEED_STEP) >>> 0, test: (seed + 2 * SPLIT_SEED_STEP) >>> 0 };
}

/** A generated dataset's three splits, as its description asks for them; throws for an unknown generator. */
export function generateDataset(description: DatasetDescription): DatasetSplits {
  const { source, inputShape, splits } = description;
  if (source.kind !== 'generated') throw new Error(`${description.name} is not a generated dataset.`);
  if (source.generator !== 'colour-shapes') throw new Error(`This page has no generator called "${source.generator}".`);
  const [rows, cols, channels] = inputShape;
  if (channels !== 3) throw new Error(`The colour-shapes generator draws colour images (3 channels), not ${channels}.`);
  const seeds = splitSeeds(source.seed);
  return {
    train: colourShapesSplit(splits.train, rows, cols, seeds.train),
    validation: colourShapesSplit(splits.validation, rows, cols, seeds.validation),
    test: colourShapesSplit(splits.test, rows, cols, seeds.test),
  };
}
