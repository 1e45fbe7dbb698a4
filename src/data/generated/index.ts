/** Datasets drawn in the page by a seeded generator: nothing to download, the same images on every visit. */
import { splitSeeds } from '../../core/dataset/colourShapesRecipe';
import type { DatasetDescription } from '../../core/dataset/description';
import type { DatasetSplits } from '../types';
import { colourShapesSplit } from './colourShapes';

export { colourShapesSplit } from './colourShapes';

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
