/**
 * Layer recipes: a compact way to write a stack of layers as [kind, overrides] pairs, shared by
 * the presets and the insertable blocks.
 */
import type { LayerSettings } from '../layers/definition';
import { createLayer } from '../spec/registry';
import type { LayerKind, LayerOfKind, LayerSpec } from '../spec/spec';

/** One layer: its kind and the settings that differ from the kind's defaults. */
export type LayerRecipe = { [K in LayerKind]: [K, Partial<LayerSettings<K>>?] }[LayerKind];

/** Full layers from recipes; `makeId` names each one from its kind and position in the list. */
export function layersFromRecipes(recipes: readonly LayerRecipe[], makeId: (kind: LayerKind, index: number) => string): LayerSpec[] {
  return recipes.map(
    ([kind, overrides], index) => createLayer(kind, makeId(kind, index), (overrides ?? {}) as Partial<LayerSettings<typeof kind>>) as LayerOfKind<LayerKind>,
  );
}

/** Settings of a 2x2 pool with stride 2, which halves height and width (a fresh object each call). */
export function pool2x2(): Partial<LayerSettings<'maxPool2d'>> {
  return { poolSize: [2, 2], strides: [2, 2], padding: 'valid' };
}
