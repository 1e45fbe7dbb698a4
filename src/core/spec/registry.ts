/**
 * The layer registry: one definition per LayerKind, plus helpers that make new layers from them.
 */
import { conv2dDefinition } from '../layers/conv2d';
import { denseDefinition } from '../layers/dense';
import type { LayerDefinition, LayerSettings } from '../layers/definition';
import { depthwiseConv2dDefinition } from '../layers/depthwiseConv2d';
import { activationDefinition, batchNormDefinition, dropoutDefinition } from '../layers/elementwise';
import { flattenDefinition } from '../layers/flatten';
import { globalAvgPool2dDefinition, globalMaxPool2dDefinition } from '../layers/globalPool2d';
import { avgPool2dDefinition, maxPool2dDefinition } from '../layers/pool2d';
import { separableConv2dDefinition } from '../layers/separableConv2d';
import type { LayerKind, LayerOfKind, LayerSpec } from './spec';

export const LAYER_REGISTRY: { readonly [K in LayerKind]: LayerDefinition<K> } = {
  conv2d: conv2dDefinition,
  separableConv2d: separableConv2dDefinition,
  depthwiseConv2d: depthwiseConv2dDefinition,
  maxPool2d: maxPool2dDefinition,
  avgPool2d: avgPool2dDefinition,
  globalAvgPool2d: globalAvgPool2dDefinition,
  globalMaxPool2d: globalMaxPool2dDefinition,
  flatten: flattenDefinition,
  dense: denseDefinition,
  activation: activationDefinition,
  dropout: dropoutDefinition,
  batchNorm: batchNormDefinition,
};

/** Every layer kind, in the order a palette would list them. */
export const LAYER_KINDS = Object.keys(LAYER_REGISTRY) as LayerKind[];

export function isLayerKind(value: unknown): value is LayerKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LAYER_REGISTRY, value);
}

/** The definition of one kind, typed for that kind. */
export function getLayerDefinition<K extends LayerKind>(kind: K): LayerDefinition<K> {
  return LAYER_REGISTRY[kind] as LayerDefinition<K>;
}

/**
 * The definition that matches a layer, with the layer typed to match. The cast is sound because
 * the registry maps each kind to the definition of that same kind, which TypeScript cannot
 * follow through a union.
 */
export function definitionFor(layer: LayerSpec): { definition: LayerDefinition<LayerKind>; layer: LayerOfKind<LayerKind> } {
  return { definition: LAYER_REGISTRY[layer.kind] as unknown as LayerDefinition<LayerKind>, layer: layer as LayerOfKind<LayerKind> };
}

/** Copies a settings value deeply enough that layers never share a [h, w] pair array. */
function copySetting(value: unknown): unknown {
  return Array.isArray(value) ? [...(value as unknown[])] : value;
}

/** A full layer of the given kind: its defaults, then the overrides, with the given id. */
export function createLayer<K extends LayerKind>(kind: K, id: string, overrides: Partial<LayerSettings<K>> = {}): LayerOfKind<K> {
  const settings: Record<string, unknown> = {};
  for (const [field, value] of Object.entries({ ...getLayerDefinition(kind).defaults, ...overrides })) {
    settings[field] = copySetting(value);
  }
  return { id, kind, ...settings } as LayerOfKind<K>;
}

let idCounter = 0;

/**
 * A fresh layer id such as 'conv2d-7-k3f9q2': a per-session counter keeps ids from this session
 * unique, and the random tail keeps them apart from ids in an imported spec.
 */
export function newLayerId(prefix = 'layer'): string {
  idCounter += 1;
  const tail = Math.random().toString(36).slice(2, 8).padEnd(6, '0');
  return `${prefix}-${idCounter}-${tail}`;
}
