/**
 * The user's own images as a dataset: its description, its seeded split per class, the input
 * shapes offered, and the warnings that teach what a small or lopsided set means. Pure: the pixels
 * live in data/own.
 */
import type { Shape3D } from '../spec/spec';
import type { DatasetDescription } from './description';

/** Each class's share of validation and test images (the rest trains): "120 images: 84 train, 18 validation, 18 test". */
export const OWN_HOLDOUT_FRACTION = 0.15;
/** The seed of every own dataset's split: the same images split the same way in every browser. */
export const OWN_SPLIT_SEED = 0x4f574e; // 'OWN'
/** The sides an own dataset's images are resized to. */
export const OWN_IMAGE_SIDES = [28, 32, 64] as const;
export type OwnImageSide = (typeof OWN_IMAGE_SIDES)[number];
/** Fewer images than this in a class, and its share of the test set is a handful. */
export const FEW_IMAGES_PER_CLASS = 10;

export interface SplitCounts {
  train: number;
  validation: number;
  test: number;
}

/**
 * How a class of `count` images splits: 15% (rounded) to validation and to the test set each,
 * the rest to training; a class of 3 or more images gives each split at least one, and training
 * always keeps at least one.
 */
export function ownSplitOfClass(count: number): SplitCounts {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`A class cannot hold ${count} images.`);
  if (count < 3) return { train: count, validation: 0, test: 0 };
  const held = Math.max(1, Math.round(count * OWN_HOLDOUT_FRACTION));
  const each = Math.min(held, Math.floor((count - 1) / 2));
  return { train: count - 2 * each, validation: each, test: each };
}

/** The whole dataset's split: each class's, summed. */
export function ownSplit(classCounts: readonly number[]): SplitCounts {
  return classCounts.map(ownSplitOfClass).reduce((a, b) => ({ train: a.train + b.train, validation: a.validation + b.validation, test: a.test + b.test }), { train: 0, validation: 0, test: 0 });
}

/** "120 images: 84 train, 18 validation, 18 test". */
export function describeOwnSplit(classCounts: readonly number[]): string {
  const s = ownSplit(classCounts);
  const total = s.train + s.validation + s.test;
  const n = (x: number) => x.toLocaleString('en');
  return `${n(total)} image${total === 1 ? '' : 's'}: ${n(s.train)} train, ${n(s.validation)} validation, ${n(s.test)} test`;
}

/** The fewest images a class may have: one each to train, to validate and to test on. */
export const MIN_IMAGES_PER_CLASS = 3;
/** Labels are bytes. */
export const MAX_OWN_CLASSES = 255;

/** What stops these classes becoming a dataset, as sentences; empty when they can. */
export function ownDatasetProblems(classNames: readonly string[], classCounts: readonly number[]): string[] {
  const problems: string[] = [];
  if (classNames.length < 2) problems.push('A classifier needs at least two classes.');
  if (classNames.length > MAX_OWN_CLASSES) problems.push(`At most ${MAX_OWN_CLASSES} classes, not ${classNames.length.toLocaleString('en')}.`);
  classNames.forEach((name, i) => {
    const count = classCounts[i] ?? 0;
    if (count < MIN_IMAGES_PER_CLASS) problems.push(`"${name}" has ${count} image${count === 1 ? '' : 's'}: each class needs at least ${MIN_IMAGES_PER_CLASS} (one to train on, one to validate, one to test).`);
  });
  return problems;
}

/** The longest class name: it labels the confusion matrix's rows and the prediction. */
export const MAX_CLASS_NAME_LENGTH = 40;

/** What is wrong with classes' names (each is trimmed first), as sentences: empty, too long, or the same as another's. */
export function ownClassNameProblems(classNames: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  classNames.forEach((raw, i) => {
    const name = raw.trim();
    if (!name) problems.push(`Class ${i + 1} needs a name.`);
    else if (name.length > MAX_CLASS_NAME_LENGTH) problems.push(`The name "${name.slice(0, 20)}…" is longer than ${MAX_CLASS_NAME_LENGTH} characters.`);
    else if (seen.has(name.toLowerCase())) problems.push(`Two classes are called "${name}": give each its own name.`);
    seen.add(name.toLowerCase());
  });
  return problems;
}

/** A name for a new class that none of `classNames` has: "Class 3". */
export function newClassName(classNames: readonly string[]): string {
  const taken = new Set(classNames.map((n) => n.trim().toLowerCase()));
  let n = classNames.length + 1;
  while (taken.has(`class ${n}`)) n++;
  return `Class ${n}`;
}

/** What the shape of a set means for what it can teach, as sentences; empty when nothing stands out. */
export function ownDatasetWarnings(classNames: readonly string[], classCounts: readonly number[]): string[] {
  const warnings: string[] = [];
  classNames.forEach((name, i) => {
    const count = classCounts[i] ?? 0;
    if (count < FEW_IMAGES_PER_CLASS) warnings.push(`"${name}" has ${count} image${count === 1 ? '' : 's'}: under ${FEW_IMAGES_PER_CLASS} per class, the test accuracy says little.`);
  });
  const largest = Math.max(...classCounts);
  const smallest = Math.min(...classCounts);
  if (smallest > 0 && largest >= 10 * smallest) {
    const big = classNames[classCounts.indexOf(largest)];
    const small = classNames[classCounts.indexOf(smallest)];
    warnings.push(`The classes differ tenfold in size ("${big}": ${largest}, "${small}": ${smallest}): a network can score well by mostly answering "${big}". Add images to the small classes, or read the confusion matrix rather than the accuracy.`);
  }
  const { test, train } = ownSplit(classCounts);
  if (test > 0 && test < 50) warnings.push(`The test set holds ${test} images: one image more or less right moves the test accuracy by ${(100 / test).toFixed(1)} points.`);
  if (train > 0 && train < 500) warnings.push(`${train} training images is a small set: Augmentation "shift" (in Training) shows the network each image moved a pixel or two, which helps it generalise.`);
  return warnings;
}

/**
 * The input shape to offer first for images whose short sides have the median `medianShortSide`
 * and whose pixels are all grey (`grey`): 28 for small images, 32 otherwise (64 is a choice that
 * trains four times slower).
 */
export function defaultOwnShape(medianShortSide: number, grey: boolean): Shape3D {
  const side: OwnImageSide = medianShortSide <= 28 ? 28 : 32;
  return [side, side, grey ? 1 : 3];
}

export interface OwnDatasetFacts {
  id: string;
  name: string;
  inputShape: Shape3D;
  classNames: readonly string[];
  classCounts: readonly number[];
  /** Drawn on the pad (part 2's drawn classes): a drawing is then a sensible probe. */
  drawn?: boolean;
}

/** The description of an own dataset (validate it with datasetDescriptionProblems before use). */
export function ownDatasetDescription(facts: OwnDatasetFacts): DatasetDescription {
  return {
    id: facts.id,
    name: facts.name,
    inputShape: [...facts.inputShape],
    classNames: [...facts.classNames],
    classNoun: 'class',
    splits: ownSplit(facts.classCounts),
    source: { kind: 'user' },
    officialTestSplit: false,
    drawable: facts.drawn ?? false,
    licence: 'The images’ own (they never leave this browser)',
    origin: 'Your own images, kept in this browser.',
  };
}

/**
 * The classes' folder names in an ImageFolder zip: each class's name with what no file system
 * takes (slashes, colons, quotes, control characters, a leading dot) as "_", made unique by a
 * number where two would clash. The exported script maps them back to CLASSES' order.
 */
export function ownClassFolders(classNames: readonly string[]): string[] {
  const used = new Set<string>();
  return classNames.map((name) => {
    // eslint-disable-next-line no-control-regex
    const base = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '') || 'class';
    let folder = base;
    for (let n = 2; used.has(folder.toLowerCase()); n++) folder = `${base} (${n})`;
    used.add(folder.toLowerCase());
    return folder;
  });
}

/** The folder a dataset's zip unpacks to: its name, kept to letters, digits, dashes and underscores. */
export function ownZipRoot(name: string): string {
  return name.normalize('NFKD').replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'my_images';
}

const OWN_ID = /^own-[a-z0-9]{1,32}$/;

/** Whether `id` names an own dataset ("own-" and letters or digits): never a built-in's. */
export const isOwnDatasetId = (id: string) => OWN_ID.test(id);

/** A fresh own dataset's id from a random number in [0, 1) (Math.random's, or a test's). */
export function newOwnDatasetId(random: () => number, now = Date.now()): string {
  return `own-${now.toString(36)}${Math.floor(random() * 36 ** 4).toString(36).padStart(4, '0')}`;
}
