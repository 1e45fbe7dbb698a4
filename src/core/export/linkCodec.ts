/**
 * A network and its training settings as one short line of text, for a link that shares them: the
 * page puts it after `#net=`. No weights. Version 2 reads:
 *
 * ```text
 * link     = version ";" dataset ";" input ";" { layer ";" } settings
 * version  = whole number                        LINK_VERSION
 * dataset  = the id of the dataset the network is for (core/dataset), e.g. mnist, fashion-mnist
 * input    = int "x" int "x" int                 height x width x channels
 * layer    = kind "(" [ value { "," value } ] ")" one value per entry of the kind's registry
 *                                                params, in that order (getLayerDefinition(kind).params)
 * settings = optimizer "," learningRate "," batchSize "," epochs "," schedule "," augmentation
 *            (links made before schedules and augmentation existed end after epochs; they read
 *            as constant and none, what those runs did: the grammar only grew a tail)
 * value    = integer or fraction: the number as String(n) writes it ("e+" written "e"; also -0,
 *                                 NaN, Infinity), so it reads back exactly
 *          | pair:                A "x" B, e.g. 5x5 for [5, 5]
 *          | boolean:             1 or 0
 *          | choice:              the option as it is, e.g. relu, zeros
 *          | padding:             valid, same, or a pair A "x" B of cells per side
 * ```
 *
 * e.g. the small-cnn preset with the default settings:
 * `2;mnist;28x28x1;conv2d(8,5x5,1x1,valid,zeros,1x1,relu,1);maxPool2d(2x2,2x2,valid);conv2d(16,5x5,1x1,valid,zeros,1x1,relu,1);maxPool2d(2x2,2x2,valid);flatten();dense(10,softmax,1);adam,0.003,32,3,cosine,none`.
 *
 * Version 1, from before datasets, had no dataset part; its links open as MNIST networks.
 *
 * Alphabet: a link uses only `A-Z a-z 0-9 . _ - ( ) , ;`, and it ends with a letter or digit (the
 * augmentation word; older links the epochs), so chat apps that drop a trailing `.` or `)` from a
 * link keep it whole. All of these may stand unescaped in a URL fragment (RFC 3986: unreserved
 * characters and the sub-delims `(),;`); encodeURIComponent leaves all but `,` and `;` as they are.
 *
 * Layer ids are not in the link: decoded layers are `l1`, `l2`, ... in order. Decoding builds a
 * spec object and passes it through `readSpec` and the settings through `readSettings`, so a link
 * never yields a structurally broken spec; values the analysis flags (units 0, an unknown
 * activation word) still come back, for the builder to show and fix. A value a link cannot hold
 * (text where a number belongs, which only a hand-edited file gives) is written empty, and
 * decoding such a link is refused, naming the layer and setting.
 *
 * A change that an older page would misread (to the grammar's existing parts or to a kind's params
 * list) bumps LINK_VERSION; decodeLink then keeps reading the older versions it knows. A tail that
 * older links simply lack, as schedule and augmentation are, needs no new version.
 */
import { datasetIdOf } from '../dataset/specDataset';
import { readSpec } from '../spec/serialize';
import type { ParamDescriptor } from '../spec/paramRanges';
import { getLayerDefinition, isLayerKind, LAYER_KINDS } from '../spec/registry';
import { SPEC_VERSION, type LayerSpec, type NetworkSpec } from '../spec/spec';
import { readSettings, type TrainingSettings } from '../training/training';
import { fail, succeed, type Result } from './result';

/** 2: the dataset after the version. (Schedule and augmentation only added a tail that old links lack.) */
export const LINK_VERSION = 2;
/** The versions decodeLink reads; a version-1 link is an MNIST network. */
const READABLE_LINK_VERSIONS: readonly number[] = [1, LINK_VERSION];
/** Longer text is refused before it is parsed. */
export const MAX_LINK_LENGTH = 8000;
/** Layers a link may hold. */
export const MAX_LINK_LAYERS = 200;

const LAYER_SEPARATOR = ';';
const VALUE_SEPARATOR = ',';
const NUMBER = /^(?:-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|Infinity)|NaN)$/;
const WORD = /^[A-Za-z][A-Za-z0-9_]*$/;
const POSITIVE_INTEGER = /^[1-9]\d*$/;

/** A number as the link writes it: String(n) without the '+' of an exponent, and -0 kept. */
function numberText(value: unknown): string {
  if (typeof value !== 'number') return '';
  return Object.is(value, -0) ? '-0' : String(value).replace('e+', 'e');
}

function pairText(value: unknown): string {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((n) => typeof n === 'number')) return '';
  return `${numberText(value[0])}x${numberText(value[1])}`;
}

const wordText = (value: unknown): string => (typeof value === 'string' && WORD.test(value) ? value : '');

/** One setting as the link writes it, or '' where the link cannot hold the value. */
function valueText(descriptor: ParamDescriptor, value: unknown): string {
  switch (descriptor.type) {
    case 'integer':
    case 'fraction':
      return numberText(value);
    case 'pair':
      return pairText(value);
    case 'boolean':
      return value === true ? '1' : value === false ? '0' : '';
    case 'choice':
      return wordText(value);
    case 'padding':
      return typeof value === 'string' ? wordText(value) : pairText(value);
  }
}

function layerText(layer: LayerSpec): string {
  if (!isLayerKind(layer.kind)) return 'unknown()';
  const values = getLayerDefinition(layer.kind).params.map((descriptor) => valueText(descriptor, (layer as unknown as Record<string, unknown>)[descriptor.field]));
  return `${layer.kind}(${values.join(VALUE_SEPARATOR)})`;
}

/** The link text (without `#net=`) for a network and its training settings. */
export function encodeLink(spec: NetworkSpec, settings: TrainingSettings): string {
  const shape = Array.isArray(spec.inputShape) ? spec.inputShape.map(numberText).join('x') : '';
  const { optimizer, learningRate, batchSize, epochs, schedule, augmentation } = settings;
  const settingsText = [wordText(optimizer), numberText(learningRate), numberText(batchSize), numberText(epochs), wordText(schedule), wordText(augmentation)].join(VALUE_SEPARATOR);
  return [String(LINK_VERSION), datasetIdOf(spec), shape, ...spec.layers.map(layerText), settingsText].join(LAYER_SEPARATOR);
}

/** Text quoted for a message, cut short. */
function shown(text: string): string {
  return JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}...` : text);
}

const parseNumber = (text: string): number | null => (NUMBER.test(text) ? Number(text) : null);

function parsePair(text: string): [number, number] | null {
  const parts = text.split('x');
  if (parts.length !== 2) return null;
  const [a, b] = parts.map(parseNumber);
  return a === null || a === undefined || b === null || b === undefined ? null : [a, b];
}

/** One setting read from its text, or what is wrong with it (words that follow the setting's label). */
function parseValue(descriptor: ParamDescriptor, text: string): Result<unknown> {
  if (text === '') return fail('is empty');
  switch (descriptor.type) {
    case 'integer':
    case 'fraction': {
      const value = parseNumber(text);
      return value === null ? fail(`is ${shown(text)}, which is not a number`) : succeed(value);
    }
    case 'pair': {
      const value = parsePair(text);
      return value === null ? fail(`is ${shown(text)}, which is not two numbers such as 3x3 (height x width)`) : succeed(value);
    }
    case 'boolean':
      return text === '1' ? succeed(true) : text === '0' ? succeed(false) : fail(`is ${shown(text)}; it must be 1 (yes) or 0 (no)`);
    case 'choice':
      return WORD.test(text) ? succeed(text) : fail(`is ${shown(text)}, which is not a word; it must be one of ${descriptor.options.join(', ')}`);
    case 'padding': {
      const pair = parsePair(text);
      if (pair !== null) return succeed(pair);
      return WORD.test(text) ? succeed(text) : fail(`is ${shown(text)}; it must be ${descriptor.options.join(' or ')}, or cells per side such as 1x1`);
    }
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One layer from its text such as `dense(10,softmax,1)`, with the id `l<n>`. */
function parseLayer(text: string, n: number): Result<Record<string, unknown>> {
  const match = /^([A-Za-z0-9_]*)\((.*)\)$/.exec(text);
  if (!match) return fail(`Layer ${n} (${shown(text)}) is not written as kind(values), such as dense(10,softmax,1).`);
  const [, kind = '', inner = ''] = match;
  if (!isLayerKind(kind)) {
    const what = kind === '' ? 'no kind before its "("' : `an unknown kind, ${shown(kind)}`;
    return fail(`Layer ${n} has ${what}. Known kinds: ${LAYER_KINDS.join(', ')}.`);
  }
  const definition = getLayerDefinition(kind);
  const { params } = definition;
  const values = inner === '' ? [] : inner.split(VALUE_SEPARATOR);
  if (values.length !== params.length) {
    const expected =
      params.length === 0 ? `none: write ${kind}()` : `${params.length}: ${params.map((descriptor) => descriptor.label).join(', ')}, in that order`;
    return fail(`Layer ${n} (${definition.label}) has ${plural(values.length, 'value')}, but a ${kind} layer takes ${expected}.`);
  }
  const layer: Record<string, unknown> = { id: `l${n}`, kind };
  for (const [index, descriptor] of params.entries()) {
    const value = parseValue(descriptor, values[index] ?? '');
    if (!value.ok) return fail(`Layer ${n} (${definition.label}): ${descriptor.label} ${value.message}.`);
    layer[descriptor.field] = value.value;
  }
  return succeed(layer);
}

function parseInputShape(text: string): Result<[number, number, number]> {
  const parts = text.split('x');
  if (parts.length !== 3 || !parts.every((part) => POSITIVE_INTEGER.test(part) && Number.isSafeInteger(Number(part)))) {
    return fail(`The input shape is ${shown(text)}; it must be three whole numbers above 0, height x width x channels, such as 28x28x1.`);
  }
  return succeed(parts.map(Number) as [number, number, number]);
}

function parseSettings(text: string): Result<TrainingSettings> {
  const parts = text.split(VALUE_SEPARATOR);
  if (parts.length !== 6 && parts.length !== 4) {
    return fail(
      `The training settings are ${shown(text)}; they must be six values: optimizer, learning rate, batch size, epochs, schedule and augmentation, such as adam,0.003,32,3,cosine,none (or the first four, in links made before the last two existed).`,
    );
  }
  const [optimizer = '', learningRate = '', batchSize = '', epochs = '', schedule, augmentation] = parts;
  const settings = readSettings({ optimizer, learningRate: parseNumber(learningRate), batchSize: parseNumber(batchSize), epochs: parseNumber(epochs), schedule, augmentation });
  return settings.ok ? succeed(settings.settings) : fail(settings.message);
}

/** The text without a leading `#net=` or `net=` (or anything up to `#net=`, e.g. a whole URL). */
function stripPrefix(text: string): string {
  const hash = text.indexOf('#net=');
  if (hash >= 0) return text.slice(hash + '#net='.length);
  return text.startsWith('net=') ? text.slice('net='.length) : text;
}

/**
 * The network and settings a link holds, or why it cannot be read. Accepts the text with or
 * without `#net=` and percent-encoded or not. Never throws.
 */
export function decodeLink(text: string): Result<{ spec: NetworkSpec; settings: TrainingSettings }> {
  if (typeof text !== 'string') return fail('The link is empty.');
  if (text.length > MAX_LINK_LENGTH) {
    return fail(`The link is ${text.length} characters long; Kernelscope reads network links of at most ${MAX_LINK_LENGTH} characters.`);
  }
  let body = stripPrefix(text.trim());
  if (body.includes('%')) {
    try {
      body = stripPrefix(decodeURIComponent(body).trim());
    } catch {
      return fail('The link has broken percent-encoding (a % that is not followed by two hex digits), so part of it was lost when it was copied.');
    }
  }
  if (body === '') return fail('The link is empty: there is no network after #net=.');

  const parts = body.split(LAYER_SEPARATOR);
  // A trailing ';' (easily added by hand) ends nothing.
  if (parts.length > 3 && parts[parts.length - 1] === '') parts.pop();
  const versionText = parts[0] ?? '';
  if (!/^\d+$/.test(versionText)) {
    return fail(`This link does not start with a version number (it starts with ${shown(versionText)}), so it is not a Kernelscope network link.`);
  }
  const version = Number(versionText);
  if (version > LINK_VERSION) {
    return fail(`This link was made by a newer Kernelscope (link version ${versionText}, but this page reads version ${LINK_VERSION}). Open it in the latest Kernelscope.`);
  }
  if (!READABLE_LINK_VERSIONS.includes(version)) {
    return fail(`This link has version ${versionText}, which this Kernelscope does not know; it reads link versions ${READABLE_LINK_VERSIONS.join(' and ')}.`);
  }
  const dataset = version === 1 ? undefined : parts.splice(1, 1)[0];
  if (parts.length < 3) {
    const what = version === 1 ? 'the input shape' : 'the dataset, the input shape';
    return fail(`The link ends too soon: after the version it needs ${what}, the layers and the training settings, separated by ";".`);
  }
  const layerTexts = parts.slice(2, -1);
  if (layerTexts.length > MAX_LINK_LAYERS) return fail(`The link holds ${layerTexts.length} layers; Kernelscope reads at most ${MAX_LINK_LAYERS}.`);

  const inputShape = parseInputShape(parts[1] ?? '');
  if (!inputShape.ok) return inputShape;
  const layers: Record<string, unknown>[] = [];
  for (const [index, layerText] of layerTexts.entries()) {
    const layer = parseLayer(layerText, index + 1);
    if (!layer.ok) return layer;
    layers.push(layer.value);
  }
  const settings = parseSettings(parts[parts.length - 1] ?? '');
  if (!settings.ok) return settings;

  const spec = readSpec({ version: SPEC_VERSION, inputShape: inputShape.value, layers, dataset });
  if (!spec.ok) return fail(spec.message);
  return succeed({ spec: spec.spec, settings: settings.value });
}
