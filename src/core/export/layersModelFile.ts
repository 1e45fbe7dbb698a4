/**
 * tfjs's Layers format (model.json + a .bin of weights), the files `tf.loadLayersModel` loads. The
 * model.json is what tfjs writes, plus the Kernelscope network, settings and history under
 * `userDefinedMetadata.kernelscope`, so the page can open its own downloads again; a foreign
 * model.json (with no Kernelscope network in it) is refused with a message.
 */
import { headerJson } from './kernelscopeFile';
import { fail, type Result } from './result';
import { checkWeights, describeSlot, readSavedModelHeader, type SavedModel, type SavedModelHeader } from './savedModel';

export const LAYERS_MODEL_FILE = 'model.json';
export const LAYERS_WEIGHTS_FILE = 'model.weights.bin';
/** model.json holds the topology and the history; more than this is not one of ours. */
export const MAX_MODEL_JSON_CHARS = 64 * 1024 * 1024;

export interface LayersWeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

/** What tfjs's model.save hands over. */
export interface LayersArtifacts {
  modelTopology: unknown;
  weightSpecs: LayersWeightSpec[];
  weightData: ArrayBuffer;
}

/** model.json text and the weights file's bytes. */
export function encodeLayersModel(artifacts: LayersArtifacts, header: SavedModelHeader): { modelJson: string; weights: Uint8Array } {
  const modelJson = JSON.stringify({
    format: 'layers-model',
    generatedBy: 'Kernelscope (TensorFlow.js Layers format)',
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [LAYERS_WEIGHTS_FILE], weights: artifacts.weightSpecs }],
    userDefinedMetadata: { kernelscope: JSON.parse(headerJson(header)) as unknown },
  });
  return { modelJson, weights: new Uint8Array(artifacts.weightData) };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** tfjs names a weight '<layer>/<role>' (with '_N' when taken); Kernelscope's layers are named 'l<index>_<kind>_<id>'. */
const WEIGHT_NAME = /^l(\d+)_[^/]*\/([a-z_]+?)(_\d+)?$/;
const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * Reads model.json text and the weight files it names (by file name). Never throws; checks the
 * Kernelscope header before any weight, then each weight against the network's layout.
 */
export function decodeLayersModel(jsonText: string, files: ReadonlyMap<string, Uint8Array>): Result<SavedModel> {
  if (jsonText.length > MAX_MODEL_JSON_CHARS) return fail('This model.json is far larger than any Kernelscope model’s.');
  let data: unknown;
  try {
    data = JSON.parse(jsonText);
  } catch (error) {
    return fail(`This model.json is not valid JSON${error instanceof Error ? ` (${error.message})` : ''}.`);
  }
  if (!isRecord(data) || !Array.isArray(data.weightsManifest)) return fail('This JSON is not a tfjs model.json (it has no weightsManifest).');
  const metadata = isRecord(data.userDefinedMetadata) ? data.userDefinedMetadata.kernelscope : undefined;
  if (metadata === undefined) {
    return fail('This model.json was not saved by Kernelscope: it has no Kernelscope network in it. Kernelscope opens the tfjs files it downloads.');
  }
  const header = readSavedModelHeader(metadata);
  if (!header.ok) return header;
  const { header: read, layout } = header.value;

  // Weights in manifest order, each with where its bytes sit in the concatenated weight files.
  const entries: { spec: LayersWeightSpec; offset: number }[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const group of data.weightsManifest as unknown[]) {
    if (!isRecord(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) return fail('The weightsManifest of this model.json is damaged.');
    for (const path of group.paths as unknown[]) {
      if (typeof path !== 'string') return fail('The weightsManifest names a weight file that is not text.');
      const bytes = files.get(baseName(path));
      if (!bytes) return fail(`The weights file "${baseName(path)}" is missing: choose it together with model.json.`);
      chunks.push(bytes);
    }
    for (const weight of group.weights as unknown[]) {
      if (!isRecord(weight) || typeof weight.name !== 'string' || !Array.isArray(weight.shape)) return fail('A weight in the weightsManifest has no name or shape.');
      if (weight.dtype !== 'float32') return fail(`The weight "${weight.name}" is ${String(weight.dtype)}; Kernelscope reads float32 weights.`);
      if (weight.quantization !== undefined) return fail(`The weight "${weight.name}" is quantized; Kernelscope reads plain float32 weights.`);
      const shape = weight.shape as unknown[];
      if (!shape.every((n): n is number => Number.isSafeInteger(n) && (n as number) >= 0)) return fail(`The weight "${weight.name}" has a shape that is not a list of sizes.`);
      entries.push({ spec: { name: weight.name, shape, dtype: 'float32' }, offset });
      offset += shape.reduce((a, b) => a * b, 1) * 4;
      if (!Number.isSafeInteger(offset)) return fail('The weightsManifest describes more weights than any file can hold.');
    }
  }
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  if (total !== offset) return fail(`The weights file holds ${total.toLocaleString('en-US')} bytes, but model.json describes ${offset.toLocaleString('en-US')}: it is truncated or belongs to another model.`);
  const all = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }

  const weights: unknown[] = new Array(layout.length);
  for (const { spec, offset: start } of entries) {
    const match = WEIGHT_NAME.exec(spec.name);
    const index = match ? layout.findIndex((slot) => slot.layerIndex === Number(match[1]) && slot.role === match[2]) : -1;
    const slot = layout[index];
    if (!slot) return fail(`The weight "${spec.name}" belongs to no layer of the network.`);
    if (weights[index] !== undefined) return fail(`The weight "${spec.name}" appears twice.`);
    if (spec.shape.length !== slot.shape.length || spec.shape.some((n, i) => n !== slot.shape[i])) {
      return fail(`The ${describeSlot(slot, index, read.spec)} has shape [${spec.shape.join(', ')}] in model.json, but the network needs [${slot.shape.join(', ')}].`);
    }
    // Copied out: the source offset need not be 4-byte aligned.
    weights[index] = new Float32Array(all.slice(start, start + slot.size * 4).buffer);
  }
  const missing = layout.findIndex((_, i) => weights[i] === undefined);
  if (missing >= 0) return fail(`model.json has no ${describeSlot(layout[missing]!, missing, read.spec)}.`);
  const checked = checkWeights(weights, layout, read.spec);
  if (!checked.ok) return checked;
  return { ok: true, value: { ...read, weights: checked.value } };
}
