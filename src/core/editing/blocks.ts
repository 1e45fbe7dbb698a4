/**
 * Blocks: short stacks of layers a student drops into the network in one go, as a named unit
 * of a well-known design (inserted with insertLayers, so one undo step removes the whole block).
 */
import type { LayerSettings } from '../layers/definition';
import { layersFromRecipes, pool2x2, type LayerRecipe } from './recipe';
import type { LayerKind, LayerSpec } from '../spec/spec';

export interface LayerBlock {
  readonly id: string;
  /** For display, e.g. 'Conv block'. */
  readonly name: string;
  /** One sentence a student understands. */
  readonly description: string;
}

interface BlockRecipe extends LayerBlock {
  readonly layers: readonly LayerRecipe[];
}

/** Shared by both convolutions; createLayer copies its arrays, so the layers share nothing. */
const CONV_3X3_SAME: Partial<LayerSettings<'conv2d'>> = { filters: 32, kernelSize: [3, 3], padding: 'same', activation: 'linear' };

const BLOCK_RECIPES: readonly BlockRecipe[] = [
  {
    id: 'conv-block',
    name: 'Conv block',
    description: 'Two 3x3 convolutions with 32 filters, each followed by ReLU, then a 2x2 max pool that halves the size: the VGG pattern.',
    // On a [h, w, c] input: conv 9c*32 + 32, conv 9*32*32 + 32 = 9,248; output [h/2, w/2, 32].
    layers: [
      ['conv2d', CONV_3X3_SAME],
      ['activation', { activation: 'relu' }],
      ['conv2d', CONV_3X3_SAME],
      ['activation', { activation: 'relu' }],
      ['maxPool2d', pool2x2()],
    ],
  },
];

/** The blocks a palette offers, in display order. */
export const LAYER_BLOCKS: readonly LayerBlock[] = BLOCK_RECIPES.map(({ id, name, description }) => ({ id, name, description }));

/**
 * Fresh layers for block `blockId`, each named by `makeId(kind)` (pass newLayerId, or a
 * deterministic function in tests). Throws for an unknown block id.
 */
export function createBlockLayers(blockId: string, makeId: (kind: LayerKind) => string): LayerSpec[] {
  const block = BLOCK_RECIPES.find((recipe) => recipe.id === blockId);
  if (!block) throw new Error(`There is no layer block "${blockId}".`);
  return layersFromRecipes(block.layers, (kind) => makeId(kind));
}
