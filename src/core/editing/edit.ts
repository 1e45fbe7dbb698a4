/**
 * The network builder's edits as pure spec -> spec functions. None of them mutates its input,
 * and each returns the very same spec object when it changes nothing, so a store can tell a
 * no-op (dropping a layer where it already is, typing the value a field already has) from an
 * edit worth an undo step with `next === previous`.
 */
import { getLayerDefinition } from '../spec/registry';
import type { LayerSpec, NetworkSpec, Shape3D } from '../spec/spec';

/** A copy of a setting value that shares no arrays with the original ([h, w] pairs). */
function copyValue(value: unknown): unknown {
  return Array.isArray(value) ? (value as unknown[]).map(copyValue) : value;
}

/** Equal as settings: the same primitive (NaN equals NaN), or arrays equal element by element. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((item, index) => sameValue(item, (b as unknown[])[index]));
}

/** A layer that shares no arrays with `layer`. */
function copyLayer(layer: LayerSpec): LayerSpec {
  const copy: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(layer)) copy[field] = copyValue(value);
  return copy as unknown as LayerSpec;
}

const clamp = (value: number, min: number, max: number): number => Math.max(min, Math.min(max, Number.isNaN(value) ? max : Math.trunc(value)));

function indexOfLayer(spec: NetworkSpec, layerId: string): number {
  return spec.layers.findIndex((layer) => layer.id === layerId);
}

/**
 * The spec with `layers` inserted before position `index` (clamped to [0, layers.length], so
 * Infinity appends). The inserted layers are copied. Throws when an inserted id is empty, is
 * already used in the spec, or repeats among the inserted layers: ids identify layers for
 * selection and drag and drop, so a clash is a bug in the caller.
 */
export function insertLayers(spec: NetworkSpec, index: number, layers: readonly LayerSpec[]): NetworkSpec {
  if (layers.length === 0) return spec;
  const used = new Set(spec.layers.map((layer) => layer.id));
  for (const layer of layers) {
    if (typeof layer.id !== 'string' || layer.id === '') throw new Error('A new layer needs a non-empty id.');
    if (used.has(layer.id)) throw new Error(`The layer id "${layer.id}" is already used in this network.`);
    used.add(layer.id);
  }
  const at = clamp(index, 0, spec.layers.length);
  return { ...spec, layers: [...spec.layers.slice(0, at), ...layers.map(copyLayer), ...spec.layers.slice(at)] };
}

/** insertLayers with one layer. */
export function insertLayer(spec: NetworkSpec, index: number, layer: LayerSpec): NetworkSpec {
  return insertLayers(spec, index, [layer]);
}

/** The spec with `layer` added at the end. */
export function appendLayer(spec: NetworkSpec, layer: LayerSpec): NetworkSpec {
  return insertLayers(spec, spec.layers.length, [layer]);
}

/** The spec without the layer `layerId`; the same spec when there is no such layer. */
export function removeLayer(spec: NetworkSpec, layerId: string): NetworkSpec {
  const index = indexOfLayer(spec, layerId);
  if (index < 0) return spec;
  return { ...spec, layers: spec.layers.filter((_, i) => i !== index) };
}

/**
 * The spec with layer `layerId` moved so that its index in the result is `toIndex` (clamped to
 * [0, layers.length - 1]). The same spec when the id is unknown or the layer is already there.
 */
export function moveLayer(spec: NetworkSpec, layerId: string, toIndex: number): NetworkSpec {
  const from = indexOfLayer(spec, layerId);
  if (from < 0) return spec;
  const to = clamp(toIndex, 0, spec.layers.length - 1);
  if (to === from) return spec;
  const layers = spec.layers.filter((_, i) => i !== from);
  layers.splice(to, 0, spec.layers[from] as LayerSpec);
  return { ...spec, layers };
}

/**
 * The spec with a deep copy of layer `layerId`, named `newId`, right after the original.
 * The same spec when the id is unknown; throws when `newId` is empty or already used.
 */
export function duplicateLayer(spec: NetworkSpec, layerId: string, newId: string): NetworkSpec {
  const index = indexOfLayer(spec, layerId);
  const original = spec.layers[index];
  if (original === undefined) return spec;
  return insertLayers(spec, index + 1, [{ ...original, id: newId }]);
}

/**
 * The spec with the settings in `patch` set on layer `layerId`. Values are stored as given, even
 * out of range (the analysis reports range problems, and the student's input is never lost);
 * arrays are copied. The same spec when the id is unknown or every value is already equal
 * (pairs compared element by element). Throws when the patch names `id`, `kind`, or a field
 * the layer's kind does not have: those are bugs in the caller, not student input.
 */
export function updateLayer(spec: NetworkSpec, layerId: string, patch: Readonly<Record<string, unknown>>): NetworkSpec {
  const index = indexOfLayer(spec, layerId);
  const layer = spec.layers[index];
  if (layer === undefined) return spec;
  const current = layer as unknown as Readonly<Record<string, unknown>>;
  const fields = Object.keys(getLayerDefinition(layer.kind).defaults);
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(patch)) {
    if (field === 'id' || field === 'kind') throw new Error(`updateLayer cannot change a layer's ${field}.`);
    if (!fields.includes(field)) throw new Error(`A ${layer.kind} layer has no setting "${field}".`);
    if (!sameValue(current[field], value)) changes[field] = copyValue(value);
  }
  if (Object.keys(changes).length === 0) return spec;
  const updated = { ...layer, ...changes } as LayerSpec;
  return { ...spec, layers: spec.layers.map((l, i) => (i === index ? updated : l)) };
}

/** The spec with input shape [h, w, c] (stored as given, copied); the same spec when equal. */
export function setInputShape(spec: NetworkSpec, shape: Readonly<Shape3D>): NetworkSpec {
  if (sameValue(spec.inputShape, shape)) return spec;
  return { ...spec, inputShape: [...shape] };
}
