/**
 * An own dataset's pixels for training: its kept images read from IndexedDB, each resized to the
 * dataset's input shape (and made grey where it is greyscale), then split per class with the own
 * datasets' seed. Runs where the engine runs (the worker, or the page as a fallback).
 */
import { OWN_SPLIT_SEED, ownSplitOfClass } from '../../core/dataset/ownDataset';
import type { DatasetDescription } from '../../core/dataset/description';
import { stratifiedSplit } from '../stratifiedSplit';
import { selectImages, type ImageSplit, type LoadedDataset } from '../types';
import { decodeSquare } from './decode';
import { OwnStore, type OwnImageRecord } from './ownStore';
import { pixelsFromRgba } from './pixels';

/** Every image of `images` at `description`'s input shape, one split holding them all. */
export async function ownPixels(images: readonly OwnImageRecord[], description: DatasetDescription, onProgress?: (done: number, total: number) => void): Promise<ImageSplit> {
  const [rows, cols, channels] = description.inputShape;
  if (rows !== cols || (channels !== 1 && channels !== 3)) throw new Error(`${description.name} must have square images of 1 or 3 channels, not ${rows}x${cols}x${channels}.`);
  const size = rows * cols * channels;
  const pixels = new Uint8Array(images.length * size);
  const labels = new Uint8Array(images.length);
  for (const [i, image] of images.entries()) {
    const { rgba } = await decodeSquare(image.png, rows);
    pixelsFromRgba(rgba, channels, pixels, i * size);
    labels[i] = image.label;
    onProgress?.(i + 1, images.length);
  }
  return { count: images.length, rows, cols, channels, classes: description.classNames.length, images: pixels, labels };
}

/** Splits one set the way every own dataset is split: per class, 15% validation and 15% test, seeded. */
export function splitOwnImages(all: ImageSplit): Pick<LoadedDataset, 'train' | 'validation' | 'test'> {
  const indices = Uint32Array.from({ length: all.count }, (_, i) => i);
  const { train, validation, test } = stratifiedSplit(all.labels, indices, (classSize) => ownSplitOfClass(classSize), OWN_SPLIT_SEED);
  return { train: selectImages(all, train), validation: selectImages(all, validation), test: selectImages(all, test) };
}

/** The dataset `description` names, read from this browser's storage: its kept description and its three splits. */
export async function readOwnSplits(description: DatasetDescription, onProgress?: (done: number, total: number) => void): Promise<{ description: DatasetDescription; splits: ReturnType<typeof splitOwnImages> }> {
  const store = await OwnStore.open();
  try {
    const record = await store.get(description.id);
    if (!record) throw new Error(`"${description.name}" is no longer kept in this browser (it was deleted, or the browser cleared the site's storage). Import its images again.`);
    const all = await ownPixels(await store.images(description.id), record.description, onProgress);
    return { description: record.description, splits: splitOwnImages(all) };
  } finally {
    store.close();
  }
}

export async function loadOwnDataset(description: DatasetDescription, onProgress?: (done: number, total: number) => void): Promise<LoadedDataset> {
  const { splits } = await readOwnSplits(description, onProgress);
  return { datasetId: description.id, ...splits, bytesDownloaded: 0 };
}
