/**
 * Spec <-> JSON text. parseSpec checks structure only (JSON, version, input shape is three
 * numbers, each layer has an id and a known kind, padding is text, a number or a list); whether
 * values are in range is the analysis' job, which can point at the exact field and offer a fix.
 * Older format versions are migrated (see migrateLayer), so a saved network keeps its meaning.
 */
import { PADDING_MODES } from '../math/convMath';
import { DEFAULT_DATASET_ID } from '../dataset/builtin';
import { isDatasetId } from '../dataset/description';
import { describeValue } from './describeValue';
import { getLayerDefinition, isLayerKind, LAYER_KINDS } from './registry';
import { SPEC_VERSION, type LayerSpec, type NetworkSpec, type Shape3D } from './spec';

export type ParseResult = { ok: true; spec: NetworkSpec } | { ok: false; message: string };

/**
 * Pretty JSON with two-space indents and number lists such as [3, 3] kept on one line.
 * Only the version, input shape, layers and (when not MNIST) the dataset are written.
 */
export function specToJson(spec: NetworkSpec): string {
  const fields = { version: spec.version, inputShape: spec.inputShape, layers: spec.layers, ...(spec.dataset === undefined ? {} : { dataset: spec.dataset }) };
  const text = JSON.stringify(fields, null, 2);
  // A raw newline never occurs inside a JSON string, so a match that holds one is structure.
  return text.replace(/\[\n[\s\d.,eE+-]*\]/g, (list) => list.replace(/\s+/g, ' ').replace('[ ', '[').replace(' ]', ']'));
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const fail = (message: string): ParseResult => ({ ok: false, message });

/** Format versions parseSpec reads; older ones are migrated to SPEC_VERSION. */
const READABLE_VERSIONS: readonly number[] = [1, SPEC_VERSION];

const CONV_KINDS: ReadonlySet<string> = new Set(['conv2d', 'separableConv2d', 'depthwiseConv2d']);

/**
 * Version 1 -> 2: version 1 knew padding 'valid' and 'same' only, always filled with zeros, so each
 * conv layer gets paddingMode 'zeros' and keeps its padding: the same network, the same numbers.
 */
function migrateLayer(layer: Readonly<Record<string, unknown>>, version: number): Readonly<Record<string, unknown>> {
  if (version >= 2 || !CONV_KINDS.has(layer.kind as string) || 'paddingMode' in layer) return layer;
  return { ...layer, paddingMode: 'zeros' };
}

/**
 * Padding as stored: a single number n (PyTorch's padding=n, a handy shorthand in a hand-written
 * file) or a one-number list becomes the pair [n, n]; anything else is kept for the analysis to
 * judge, except values that can never be padding, which are refused with a message.
 */
function readPadding(value: unknown, name: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (typeof value === 'number') return { ok: true, value: [value, value] };
  if (Array.isArray(value)) return { ok: true, value: value.length === 1 ? [value[0], value[0]] : [...(value as unknown[])] };
  if (typeof value === 'string') return { ok: true, value };
  return {
    ok: false,
    message: `${name} has padding ${describeValue(value)}; padding must be 'valid', 'same', a number of cells such as 1, or [height, width] such as [1, 2].`,
  };
}

/** A layer with only the fields its kind has (others dropped), or why it cannot be one. */
function parseLayer(raw: unknown, index: number): { ok: true; layer: LayerSpec } | { ok: false; message: string } {
  const name = `Layer ${index + 1}`;
  if (!isRecord(raw)) return { ok: false, message: `${name} is not a layer description (it is ${describeValue(raw)}).` };
  if (!isLayerKind(raw.kind)) {
    const what = typeof raw.kind === 'string' ? `an unknown kind, "${raw.kind}"` : `no kind (it is ${describeValue(raw.kind)})`;
    return { ok: false, message: `${name} has ${what}. Known kinds: ${LAYER_KINDS.join(', ')}.` };
  }
  if (typeof raw.id !== 'string' || raw.id === '') {
    return { ok: false, message: `${name} has no id (it is ${describeValue(raw.id)}); every layer needs a text id.` };
  }
  const layer: Record<string, unknown> = { id: raw.id, kind: raw.kind };
  for (const { field } of getLayerDefinition(raw.kind).params) {
    // Missing fields stay missing, so the analysis can name them.
    if (field in raw) layer[field] = raw[field];
  }
  if ('padding' in layer) {
    const padding = readPadding(layer.padding, `${name} (${raw.kind})`);
    if (!padding.ok) return padding;
    layer.padding = padding.value;
  }
  if ('paddingMode' in layer && typeof layer.paddingMode !== 'string') {
    return { ok: false, message: `${name} (${raw.kind}) has padding mode ${describeValue(layer.paddingMode)}; it must be one of ${PADDING_MODES.map((mode) => `'${mode}'`).join(', ')}.` };
  }
  return { ok: true, layer: layer as unknown as LayerSpec };
}

/** Reads a network from JSON text, e.g. an imported file. Never throws. */
export function parseSpec(text: string): ParseResult {
  if (typeof text !== 'string' || text.trim() === '') return fail('The file is empty.');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : '';
    return fail(`This is not valid JSON${detail}. Import a file that Kernelscope exported.`);
  }
  return readSpec(data);
}

/** Reads a network from already-parsed JSON (a saved record, a file's header). Never throws. */
export function readSpec(data: unknown): ParseResult {
  if (!isRecord(data)) return fail('This JSON is not a Kernelscope network: expected an object with version, inputShape and layers.');
  if (data.version === undefined) return fail('This JSON has no version number, so it is not a Kernelscope network file.');
  const version = data.version;
  if (typeof version !== 'number' || !READABLE_VERSIONS.includes(version)) {
    return fail(`This network was saved in format version ${describeValue(version)}, but this Kernelscope reads versions ${READABLE_VERSIONS.join(' and ')}.`);
  }
  const inputShape = data.inputShape;
  if (!Array.isArray(inputShape) || inputShape.length !== 3 || !inputShape.every((n) => typeof n === 'number')) {
    return fail(`inputShape must be a list of three numbers [height, width, channels] such as [28, 28, 1], but it is ${describeValue(inputShape)}.`);
  }
  if (!Array.isArray(data.layers)) return fail(`The network has no layers list (layers is ${describeValue(data.layers)}).`);
  const layers: LayerSpec[] = [];
  for (const [index, raw] of (data.layers as unknown[]).entries()) {
    const parsed = parseLayer(isRecord(raw) ? migrateLayer(raw, version) : raw, index);
    if (!parsed.ok) return fail(parsed.message);
    layers.push(parsed.layer);
  }
  const spec: NetworkSpec = { version: SPEC_VERSION, inputShape: [...inputShape] as Shape3D, layers };
  if (data.dataset === undefined || data.dataset === DEFAULT_DATASET_ID) return { ok: true, spec };
  if (!isDatasetId(data.dataset)) {
    return fail(`The network's dataset must be a dataset's id such as "fashion-mnist", but it is ${describeValue(data.dataset)}.`);
  }
  return { ok: true, spec: { ...spec, dataset: data.dataset } };
}
