/**
 * The `.kernelscope` model file: a safetensors container (a documented format that Python's
 * `safetensors` opens as it is) holding the weights in tfjs's layout, one float32 tensor per weight
 * named `<layer index>.<layer id>/<role>`, and in its string metadata:
 *
 *   format: "kernelscope-model"
 *   version: "1" (SAVED_MODEL_VERSION)
 *   model: the SavedModel without weights, as JSON (name, savedAt, spec, settings, progress,
 *          history; NaN losses written as null)
 *
 * Reading checks the header (format, version, spec, settings, history, and the weight count against
 * MAX_SAVED_WEIGHTS) before it looks at any weight, then every tensor against the spec's layout.
 */
import { decodeSafetensors, encodeSafetensors } from './safetensors';
import { fail, type Result } from './result';
import { checkWeights, describeSlot, readSavedModelHeader, SAVED_MODEL_VERSION, type SavedModel, type SavedModelHeader } from './savedModel';
import { weightLayout, type WeightSlot } from './weightLayout';

export const KERNELSCOPE_FILE_FORMAT = 'kernelscope-model';
export const KERNELSCOPE_FILE_EXTENSION = '.kernelscope';
/** Larger than any model Kernelscope trains (MAX_SAVED_WEIGHTS float32 plus the header): refused unread. */
export const MAX_MODEL_FILE_BYTES = 210 * 1024 * 1024;
const MAX_HEADER_BYTES = 64 * 1024 * 1024;

const tensorName = (slot: WeightSlot): string => `${slot.layerIndex}.${slot.layerId}/${slot.role}`;

/** The header as JSON text: what the metadata holds (JSON writes NaN as null; the reader turns null back into NaN). */
export function headerJson(model: SavedModelHeader): string {
  const { version, name, savedAt, spec, settings, progress, history } = model;
  return JSON.stringify({ version, name, savedAt, spec, settings, progress, history });
}

/** The model as `.kernelscope` bytes. Throws only for a model whose weights do not fit its spec (a bug). */
export function encodeKernelscopeFile(model: SavedModel): Uint8Array {
  const layout = weightLayout(model.spec);
  if (layout === null || layout.length !== model.weights.length) throw new Error('The model’s weights do not fit its network.');
  const tensors = layout.map((slot, i) => ({ name: tensorName(slot), dtype: 'F32' as const, shape: slot.shape, data: model.weights[i] ?? new Float32Array(0) }));
  return encodeSafetensors(tensors, { format: KERNELSCOPE_FILE_FORMAT, version: String(SAVED_MODEL_VERSION), model: headerJson(model) });
}

/** Reads `.kernelscope` bytes; never throws, and says what is wrong. */
export function decodeKernelscopeFile(bytes: Uint8Array): Result<SavedModel> {
  if (bytes.byteLength > MAX_MODEL_FILE_BYTES) return fail(`The file is ${(bytes.byteLength / 1e6).toFixed(0)} MB, larger than any Kernelscope model.`);
  // The header holds the run's history: up to MAX_HISTORY_POINTS batches of numbers.
  const container = decodeSafetensors(bytes, { maxBytes: MAX_MODEL_FILE_BYTES, maxHeaderBytes: MAX_HEADER_BYTES });
  if (!container.ok) return fail(`This is not a Kernelscope model file: ${container.message}`);
  const { metadata, tensors } = container.value;
  if (metadata.format !== KERNELSCOPE_FILE_FORMAT) {
    return fail('This safetensors file was not written by Kernelscope (its metadata has no "format": "kernelscope-model"). Kernelscope opens the .kernelscope files it downloads.');
  }
  const fileVersion = Number(metadata.version);
  if (Number.isInteger(fileVersion) && fileVersion > SAVED_MODEL_VERSION) {
    return fail(`This model was saved by a newer Kernelscope (file format ${fileVersion}); this one reads format ${SAVED_MODEL_VERSION}. Update the page to open it.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(metadata.model ?? '');
  } catch {
    return fail('The file’s description of the model is not valid JSON.');
  }
  const header = readSavedModelHeader(data);
  if (!header.ok) return header;
  const { header: read, layout } = header.value;
  if (metadata.version !== String(read.version)) return fail(`The file says format ${metadata.version ?? 'nothing'} outside and ${read.version} inside; it has been changed by hand.`);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const weights: unknown[] = [];
  for (const [index, slot] of layout.entries()) {
    const tensor = byName.get(tensorName(slot));
    const what = describeSlot(slot, index, read.spec);
    if (!tensor) return fail(`The file has no ${what} (a tensor named "${tensorName(slot)}").`);
    if (tensor.dtype !== 'F32') return fail(`The file's ${what} is ${tensor.dtype}, not 32-bit floats.`);
    if (tensor.shape.length !== slot.shape.length || tensor.shape.some((n, i) => n !== slot.shape[i])) {
      return fail(`The file's ${what} has shape [${tensor.shape.join(', ')}], but the network needs [${slot.shape.join(', ')}].`);
    }
    weights.push(tensor.data);
  }
  if (tensors.length !== layout.length) return fail(`The file holds ${tensors.length} tensors; the network has ${layout.length} weights.`);
  const checked = checkWeights(weights, layout, read.spec);
  if (!checked.ok) return checked;
  return { ok: true, value: { ...read, weights: checked.value } };
}
