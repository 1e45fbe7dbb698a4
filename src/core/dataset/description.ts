import { readInputShape } from '../spec/inputShape';
import type { Shape3D } from '../spec/spec';

/**
 * What a dataset says of itself: everything the page may know of it without assuming MNIST. The
 * rest of the app asks the current dataset for its shape, its class names and its split sizes.
 */
export interface DatasetDescription {
  /** Stable id: in saves, files and links. Lower-case letters, digits and dashes. */
  id: string;
  /** Shown to people: "MNIST", "Fashion-MNIST". */
  name: string;
  inputShape: Shape3D;
  /** One name per class; label k is classNames[k]. */
  classNames: readonly string[];
  /** What one class is, in a sentence: "one per digit", "one per kind of clothing", "one per class". */
  classNoun: string;
  /** How many images training, validation and the test set each get. */
  splits: { train: number; validation: number; test: number };
  /**
   * Where the pixels come from: assets prepared at install in the page's own origin, images a
   * seeded generator draws in the page (nothing to download), or the user's own images (kept in
   * the browser).
   */
  source: DatasetSource;
  /** Whether the test split is the one the dataset's authors published; when not, the page says so. */
  officialTestSplit: boolean;
  /** Whether a drawing is a sensible probe (a digit pad for handwritten digits). */
  drawable: boolean;
  licence: string;
  /** Who made it and where it is described. */
  origin: string;
}

export type DatasetSource = { kind: 'builtin'; assetFolder: string } | { kind: 'generated'; generator: string; seed: number } | { kind: 'user' };

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Whether `value` can be a dataset id: lower-case letters, digits and single dashes, at most 40 characters. */
export function isDatasetId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value) && value.length <= 40;
}
const MAX_CLASSES = 1000;
const MAX_CLASS_NAME = 40;

const isCount = (value: unknown, min: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= min;
const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.trim().length > 0 && value.length <= max;

/**
 * Everything wrong with a description, as sentences a person can act on; empty when it is valid.
 * Takes `unknown`: a description may come from a file or a link.
 */
export function datasetDescriptionProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['A dataset description must be an object.'];
  const d = value as Record<string, unknown>;
  const problems: string[] = [];
  if (!isDatasetId(d.id)) problems.push('Its id must be lower-case letters, digits and single dashes, at most 40 characters.');
  if (!isText(d.name, 60)) problems.push('Its name must be some text of at most 60 characters.');
  const shape = readInputShape(d.inputShape);
  if (!shape.ok) problems.push(shape.message);
  else if (shape.shape[2] !== 1 && shape.shape[2] !== 3) problems.push(`Its images must be greyscale (1 channel) or colour (3 channels), not ${shape.shape[2]} channels.`);
  const names = d.classNames;
  if (!Array.isArray(names) || names.length < 2 || names.length > MAX_CLASSES) {
    problems.push(`It needs from 2 to ${MAX_CLASSES} class names.`);
  } else {
    const bad = names.findIndex((n) => !isText(n, MAX_CLASS_NAME));
    if (bad >= 0) problems.push(`Class ${bad}'s name must be some text of at most ${MAX_CLASS_NAME} characters.`);
    const keys = names.map((n) => (typeof n === 'string' ? n.trim().toLowerCase() : n));
    const repeated = names.find((_, i) => keys.indexOf(keys[i]) !== i);
    if (repeated !== undefined) problems.push(`Two classes are called "${String(repeated)}": each class needs a name of its own.`);
  }
  if (!isText(d.classNoun, 40)) problems.push('It must say what one class is, such as "digit".');
  const splits = d.splits as Record<string, unknown> | undefined;
  if (typeof splits !== 'object' || splits === null || !isCount(splits.train, 1) || !isCount(splits.validation, 0) || !isCount(splits.test, 0)) {
    problems.push('Its splits must say how many images go to training (at least 1), validation and the test set.');
  }
  const source = d.source as Record<string, unknown> | undefined;
  const sourceOk =
    typeof source === 'object' &&
    source !== null &&
    ((source.kind === 'builtin' && isText(source.assetFolder, 100)) || (source.kind === 'generated' && isDatasetId(source.generator) && isCount(source.seed, 0) && source.seed < 2 ** 32) || source.kind === 'user');
  if (!sourceOk) problems.push('Its source must be a built-in asset folder, a generator with a seed, or the user’s own images.');
  if (typeof d.officialTestSplit !== 'boolean') problems.push('It must say whether its test split is the official one.');
  if (typeof d.drawable !== 'boolean') problems.push('It must say whether a drawing is a sensible probe.');
  if (!isText(d.licence, 200)) problems.push('It must name its licence.');
  if (!isText(d.origin, 400)) problems.push('It must say where it comes from.');
  return problems;
}
