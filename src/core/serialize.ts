/**
 * Spec <-> JSON text. parseSpec checks structure only (JSON, version, input shape is three
 * numbers, each layer has an id and a known kind); whether values are in range is the
 * analysis' job, which can point at the exact field and offer a fix.
 */
import { describeValue } from './describeValue';
import { getLayerDefinition, isLayerKind, LAYER_KINDS } from './registry';
import { SPEC_VERSION, type LayerSpec, type NetworkSpec, type Shape3D } from './spec';

export type ParseResult = { ok: true; spec: NetworkSpec } | { ok: false; message: string };

/**
 * Pretty JSON with two-space indents and number lists such as [3, 3] kept on one line.
 * Only the version, input shape and layers are written.
 */
export function specToJson(spec: NetworkSpec): string {
  const text = JSON.stringify({ version: spec.version, inputShape: spec.inputShape, layers: spec.layers }, null, 2);
  // A raw newline never occurs inside a JSON string, so a match that holds one is structure.
  return text.replace(/\[\n[\s\d.,eE+-]*\]/g, (list) => list.replace(/\s+/g, ' ').replace('[ ', '[').replace(' ]', ']'));
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const fail = (message: string): ParseResult => ({ ok: false, message });

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
  if (!isRecord(data)) return fail('This JSON is not a Kernelscope network: expected an object with version, inputShape and layers.');
  if (data.version === undefined) return fail('This JSON has no version number, so it is not a Kernelscope network file.');
  if (data.version !== SPEC_VERSION) {
    return fail(`This network was saved in format version ${describeValue(data.version)}, but this Kernelscope reads version ${SPEC_VERSION}.`);
  }
  const inputShape = data.inputShape;
  if (!Array.isArray(inputShape) || inputShape.length !== 3 || !inputShape.every((n) => typeof n === 'number')) {
    return fail(`inputShape must be a list of three numbers [height, width, channels] such as [28, 28, 1], but it is ${describeValue(inputShape)}.`);
  }
  if (!Array.isArray(data.layers)) return fail(`The network has no layers list (layers is ${describeValue(data.layers)}).`);
  const layers: LayerSpec[] = [];
  for (const [index, raw] of (data.layers as unknown[]).entries()) {
    const parsed = parseLayer(raw, index);
    if (!parsed.ok) return fail(parsed.message);
    layers.push(parsed.layer);
  }
  return { ok: true, spec: { version: SPEC_VERSION, inputShape: [...inputShape] as Shape3D, layers } };
}
