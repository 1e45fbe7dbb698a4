/**
 * "Download dataset": an own dataset as the ImageFolder layout in a zip, split as the page splits
 * it (`<root>/train|validation|test/<class folder>/00001.png`), each image at the input size and
 * in the dataset's grey or colour, so that PyTorch reads the very pixels the page trains on.
 * PNGs are compressed already: the zip stores them (fflate, level 0).
 */
import { zipSync, type Zippable, type ZippableFile } from 'fflate';
import { ownClassFolders, ownZipRoot } from '../../core/dataset/ownDataset';
import type { DatasetDescription } from '../../core/dataset/description';
import type { ImageSplit } from '../types';
import { encodePng } from './decode';
import { readOwnSplits } from './loadOwnDataset';

/** One image of `split` as RGBA (grey made R = G = B). */
function rgbaOf(split: ImageSplit, index: number): Uint8ClampedArray {
  const size = split.rows * split.cols;
  const rgba = new Uint8ClampedArray(size * 4);
  const offset = index * size * split.channels;
  for (let p = 0; p < size; p++) {
    for (let k = 0; k < 3; k++) rgba[p * 4 + k] = split.images[offset + p * split.channels + (split.channels === 1 ? 0 : k)] ?? 0;
    rgba[p * 4 + 3] = 255;
  }
  return rgba;
}

function readme(description: DatasetDescription, folders: readonly string[], counts: Record<string, number>): string {
  const [h, w, c] = description.inputShape;
  return [
    `${description.name}: your own images, from Kernelscope.`,
    '',
    `train/, validation/ and test/ hold ${counts.train} / ${counts.validation} / ${counts.test} images, split as the page split them,`,
    `each ${h}x${w} pixels, ${c === 1 ? 'greyscale' : 'colour'}, one folder per class (torchvision's ImageFolder layout).`,
    'Class k of the network is the k-th folder below (the exported script reads them in this order):',
    ...folders.map((f, k) => `  ${k}: ${f}`),
    '',
  ].join('\n');
}

/** The dataset `description` names, read from this browser's storage, as a zip file. */
export async function ownDatasetZip(given: DatasetDescription): Promise<{ zip: Blob; fileName: string }> {
  const { description, splits } = await readOwnSplits(given);
  const root = ownZipRoot(description.name);
  const folders = ownClassFolders(description.classNames);
  const tree: Record<string, Zippable | ZippableFile> = {};
  for (const name of ['train', 'validation', 'test'] as const) {
    const split = splits[name];
    const byClass: Record<string, Record<string, Uint8Array>> = Object.fromEntries(folders.map((f) => [f, {}]));
    for (let i = 0; i < split.count; i++) {
      const png = new Uint8Array(await (await encodePng(rgbaOf(split, i), split.rows)).arrayBuffer());
      const folder = folders[split.labels[i] ?? 0] ?? 'class';
      const files = byClass[folder] ?? {};
      files[`${String(Object.keys(files).length + 1).padStart(5, '0')}.png`] = png;
      byClass[folder] = files;
    }
    tree[name] = byClass;
  }
  const counts = { train: splits.train.count, validation: splits.validation.count, test: splits.test.count };
  tree['README.txt'] = new TextEncoder().encode(readme(description, folders, counts));
  const bytes = zipSync({ [root]: tree }, { level: 0 });
  return { zip: new Blob([bytes], { type: 'application/zip' }), fileName: `${root}.zip` };
}
