/**
 * A trained model as plain data: the network, its training settings, how far it trained, the run's
 * history and every weight. One shape serves the checkpoint that survives a reload, the named saves
 * and (with a binary container around it) the model file. Whatever comes back from storage or a
 * file is untrusted: `readSavedModel` checks every field, and the weights against the spec's layout
 * (count, shape, finiteness), and says in words what is wrong. It never throws.
 */
import { readSpec } from '../spec/serialize';
import type { NetworkSpec } from '../spec/spec';
import { EPOCHS_RANGE, readSettings, type TrainingSettings } from '../training/training';
import { describeValue } from '../spec/describeValue';
import { fail, type Result } from './result';
import { layoutSize, weightLayout, type WeightSlot } from './weightLayout';

/** Version of this record's shape; a change that older readers cannot read bumps it. */
export const SAVED_MODEL_VERSION = 1;
/** More weights than the page could ever train (200 MB of float32): refused before anything is allocated. */
export const MAX_SAVED_WEIGHTS = 50_000_000;
/** Per-batch history points: 50 epochs at batch size 8. */
export const MAX_HISTORY_POINTS = 400_000;
export const MAX_NAME_LENGTH = 120;

export interface ValidationRecord {
  /** Training step at the end of the epoch. */
  step: number;
  epoch: number;
  loss: number;
  accuracy: number;
  /** Seconds the run had trained by then; NaN in records from before times were kept. */
  seconds: number;
}

/** Per-batch metrics of the run (NaN where a loss diverged), and the validation after each epoch. */
export interface RunHistory {
  steps: number[];
  loss: number[];
  accuracy: number[];
  /** Seconds trained at each step (pauses excluded); NaN in records from before times were kept. */
  seconds: number[];
  validation: ValidationRecord[];
}

/** Where training stood: epoch and batch of the last step, from 0; steps taken. */
export interface RunProgress {
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  step: number;
}

export interface SavedModel {
  version: typeof SAVED_MODEL_VERSION;
  /** What the user called it; shown as text, never as markup. */
  name: string;
  /** Milliseconds since 1970 (Date.now()). */
  savedAt: number;
  spec: NetworkSpec;
  settings: TrainingSettings;
  progress: RunProgress;
  history: RunHistory;
  /** One array per slot of weightLayout(spec), in that order. */
  weights: Float32Array[];
}

/** What the list of saves shows, kept apart from the weights so listing never reads them. */
export interface SaveSummary {
  id: string;
  name: string;
  savedAt: number;
  params: number;
  /** Best validation accuracy of the run, 0..1; null before the first epoch ended. */
  bestAccuracy: number | null;
  step: number;
}

/** Everything but the weights: what a file's header holds. */
export type SavedModelHeader = Omit<SavedModel, 'weights'>;

export type { Result };
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** A list of numbers (null stands for NaN, which JSON cannot write), at most `max` long. */
function readNumbers(value: unknown, what: string, max: number): Result<number[]> {
  if (!Array.isArray(value)) return fail(`${what} is not a list (it is ${describeValue(value)}).`);
  if (value.length > max) return fail(`${what} has ${value.length} entries, more than the ${max} a run can have.`);
  const numbers = new Array<number>(value.length);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (item === null) numbers[i] = NaN;
    else if (typeof item === 'number') numbers[i] = item;
    else return fail(`${what} holds ${describeValue(item)} at position ${i + 1}, where a number belongs.`);
  }
  return { ok: true, value: numbers };
}

function readValidation(value: unknown): Result<ValidationRecord[]> {
  if (!Array.isArray(value)) return fail(`The validation history is not a list (it is ${describeValue(value)}).`);
  if (value.length > EPOCHS_RANGE.max) return fail(`The validation history has ${value.length} points, more than the ${EPOCHS_RANGE.max} epochs a run can have.`);
  const points: ValidationRecord[] = [];
  for (const point of value as unknown[]) {
    if (!isRecord(point)) return fail('A validation point is not a record of step, epoch, loss and accuracy.');
    const { step, epoch, accuracy } = point;
    // JSON writes a NaN loss as null; records from before times were kept have no seconds.
    const loss = point.loss === null ? NaN : point.loss;
    const seconds = point.seconds === undefined || point.seconds === null ? NaN : point.seconds;
    if (!isCount(step) || !isCount(epoch) || typeof loss !== 'number' || typeof accuracy !== 'number' || !(accuracy >= 0 && accuracy <= 1)) {
      return fail(`Validation point ${points.length + 1} is not a whole step and epoch with a loss and an accuracy from 0 to 1.`);
    }
    if (typeof seconds !== 'number') return fail(`Validation point ${points.length + 1} has ${describeValue(seconds)} as its time, where a number of seconds belongs.`);
    points.push({ step, epoch, loss, accuracy, seconds });
  }
  return { ok: true, value: points };
}

function readHistory(value: unknown): Result<RunHistory> {
  if (!isRecord(value)) return fail('The run history is missing.');
  const steps = readNumbers(value.steps, 'The history of steps', MAX_HISTORY_POINTS);
  if (!steps.ok) return steps;
  const loss = readNumbers(value.loss, 'The loss history', MAX_HISTORY_POINTS);
  if (!loss.ok) return loss;
  const accuracy = readNumbers(value.accuracy, 'The accuracy history', MAX_HISTORY_POINTS);
  if (!accuracy.ok) return accuracy;
  if (loss.value.length !== steps.value.length || accuracy.value.length !== steps.value.length) {
    return fail(`The history's lists disagree: ${steps.value.length} steps, ${loss.value.length} losses, ${accuracy.value.length} accuracies.`);
  }
  const seconds = value.seconds === undefined ? { ok: true as const, value: steps.value.map(() => NaN) } : readNumbers(value.seconds, 'The history of times', MAX_HISTORY_POINTS);
  if (!seconds.ok) return seconds;
  if (seconds.value.length !== steps.value.length) return fail(`The history's lists disagree: ${steps.value.length} steps, ${seconds.value.length} times.`);
  const validation = readValidation(value.validation);
  if (!validation.ok) return validation;
  return { ok: true, value: { steps: steps.value, loss: loss.value, accuracy: accuracy.value, seconds: seconds.value, validation: validation.value } };
}

function readProgress(value: unknown, settings: TrainingSettings): Result<RunProgress> {
  if (!isRecord(value)) return fail('How far the model trained is missing.');
  const { epoch, batch, batchesPerEpoch, step } = value;
  if (!isCount(epoch) || !isCount(batch) || !isCount(batchesPerEpoch) || !isCount(step)) {
    return fail('How far the model trained (epoch, batch, batches per epoch, step) must be whole numbers of at least 0.');
  }
  if (epoch >= settings.epochs || (batchesPerEpoch > 0 && batch >= batchesPerEpoch)) {
    return fail(`The model is said to be at epoch ${epoch + 1}, batch ${batch + 1}, beyond its ${settings.epochs} epochs of ${batchesPerEpoch} batches.`);
  }
  return { ok: true, value: { epoch, batch, batchesPerEpoch, step } };
}

/** Cleans a user's name: no control characters, trimmed, at most MAX_NAME_LENGTH characters. */
export function cleanModelName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
}

/**
 * Everything but the weights, checked; with the spec's weight layout, which the weights must then
 * fill exactly. Refuses a layout larger than MAX_SAVED_WEIGHTS, so a hostile file's header stops
 * before any weight is allocated.
 */
export function readSavedModelHeader(value: unknown): Result<{ header: SavedModelHeader; layout: WeightSlot[] }> {
  if (!isRecord(value)) return fail('This is not a saved Kernelscope model (expected a record with a network, settings and weights).');
  const version = value.version;
  if (typeof version !== 'number') return fail(`The saved model has no format version (it is ${describeValue(version)}).`);
  if (version > SAVED_MODEL_VERSION) return fail(`This model was saved by a newer Kernelscope (model format ${version}); this one reads format ${SAVED_MODEL_VERSION}. Update the page to open it.`);
  if (version !== SAVED_MODEL_VERSION) return fail(`Model format ${describeValue(version)} is not one Kernelscope ever wrote; this one reads format ${SAVED_MODEL_VERSION}.`);
  if (typeof value.name !== 'string') return fail(`The saved model's name is not text (it is ${describeValue(value.name)}).`);
  const name = cleanModelName(value.name);
  const savedAt = value.savedAt;
  if (typeof savedAt !== 'number' || !Number.isFinite(savedAt) || savedAt < 0) return fail(`The saved model's date is not a time (it is ${describeValue(savedAt)}).`);
  const spec = readSpec(value.spec);
  if (!spec.ok) return fail(`The saved network cannot be read: ${spec.message}`);
  const layout = weightLayout(spec.spec);
  if (layout === null) return fail('The saved network has an error in it, so it cannot hold trained weights.');
  const size = layoutSize(layout);
  if (size > MAX_SAVED_WEIGHTS) return fail(`The saved network has ${size.toLocaleString('en-US')} weights, more than the ${MAX_SAVED_WEIGHTS.toLocaleString('en-US')} Kernelscope opens.`);
  const settings = readSettings(value.settings);
  if (!settings.ok) return fail(`The saved training settings are wrong: ${settings.message}`);
  const progress = readProgress(value.progress, settings.settings);
  if (!progress.ok) return progress;
  const history = readHistory(value.history);
  if (!history.ok) return history;
  const header: SavedModelHeader = { version: SAVED_MODEL_VERSION, name, savedAt, spec: spec.spec, settings: settings.settings, progress: progress.value, history: history.value };
  return { ok: true, value: { header, layout } };
}

/** What a slot is, for messages: 'weight 3 (the kernel of layer 2, conv2d)'. */
export function describeSlot(slot: WeightSlot, index: number, spec: NetworkSpec): string {
  return `weight ${index + 1} (the ${slot.role.replace('_', ' ')} of layer ${slot.layerIndex + 1}, ${spec.layers[slot.layerIndex]?.kind ?? '?'})`;
}

/** Checks weights against the layout: one Float32Array per slot, of the slot's size, all finite. */
export function checkWeights(weights: unknown, layout: readonly WeightSlot[], spec: NetworkSpec): Result<Float32Array[]> {
  if (!Array.isArray(weights)) return fail(`The saved weights are not a list (they are ${describeValue(weights)}).`);
  if (weights.length !== layout.length) return fail(`The network needs ${layout.length} weight tensors, but ${weights.length} were saved.`);
  for (const [index, slot] of layout.entries()) {
    const values: unknown = weights[index];
    const what = describeSlot(slot, index, spec);
    if (!(values instanceof Float32Array)) return fail(`The saved ${what} is not a list of 32-bit floats.`);
    if (values.length !== slot.size) return fail(`The saved ${what} has ${values.length} values; its shape [${slot.shape.join(', ')}] needs ${slot.size}.`);
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) return fail(`The saved ${what} holds a value that is not a finite number (at position ${i + 1}).`);
    }
  }
  return { ok: true, value: weights as Float32Array[] };
}

/** A whole saved model from untrusted data (storage, a decoded file), checked. Never throws. */
export function readSavedModel(value: unknown): Result<SavedModel> {
  try {
    return readCheckedModel(value);
  } catch {
    // Only exotic objects (throwing getters, proxies) get here; storage and JSON never make them.
    return fail('Kernelscope could not read this saved model.');
  }
}

function readCheckedModel(value: unknown): Result<SavedModel> {
  const read = readSavedModelHeader(value);
  if (!read.ok) return read;
  const { header, layout } = read.value;
  const weights = checkWeights((value as Record<string, unknown>).weights, layout, header.spec);
  if (!weights.ok) return weights;
  return { ok: true, value: { ...header, weights: weights.value } };
}
