import { mulberry32, shuffleInPlace } from './random';

/** Indices into a labelled set, per split, each ascending; disjoint, and together every index kept. */
export interface SplitIndices {
  train: Uint32Array;
  validation: Uint32Array;
  test: Uint32Array;
}

/** How many of a class's images are held out: the same for every class, or by the class's size. */
export type HoldOut = { validation: number; test: number } | ((classSize: number) => { validation: number; test: number });

/**
 * A seeded split that keeps each class's share the same in every split: of each class's images
 * (`indices` of it, in their order), `perClass.test` go to the test set and `perClass.validation`
 * to validation, picked by a shuffle with `seed`; the rest train. For a dataset published without
 * a split: the same seed gives the same split in every browser and every run.
 */
export function stratifiedSplit(labels: Uint8Array, indices: Uint32Array, holdOut: HoldOut, seed: number): SplitIndices {
  const byClass = new Map<number, number[]>();
  for (const index of indices) {
    const label = labels[index];
    if (label === undefined) throw new RangeError(`Index ${index} is outside the ${labels.length} labels.`);
    const members = byClass.get(label) ?? [];
    members.push(index);
    byClass.set(label, members);
  }
  const random = mulberry32(seed);
  // Which split each index goes to; read back in index order, so every split comes out ascending.
  const TRAIN = 1, VALIDATION = 2, TEST = 3;
  const destination = new Uint8Array(labels.length);
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = Uint32Array.from(byClass.get(label) ?? []);
    const perClass = typeof holdOut === 'function' ? holdOut(members.length) : holdOut;
    if (members.length < perClass.validation + perClass.test + 1) {
      throw new RangeError(`Class ${label} has ${members.length} images: too few for ${perClass.test} test and ${perClass.validation} validation images and one to train on.`);
    }
    shuffleInPlace(members, random);
    members.forEach((index, rank) => (destination[index] = rank < perClass.test ? TEST : rank < perClass.test + perClass.validation ? VALIDATION : TRAIN));
  }
  const part = (which: number) => Uint32Array.from(indices).filter((index) => destination[index] === which).sort();
  return { train: part(TRAIN), validation: part(VALIDATION), test: part(TEST) };
}

/** FNV-1a over one image's bytes: a cheap first look; equal hashes are compared byte by byte. */
export function imageHash(bytes: Uint8Array | Uint8ClampedArray): number {
  let hash = 0x811c9dc5;
  for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193);
  return hash >>> 0;
}

function sameImage(images: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (images[a * length + i] !== images[b * length + i]) return false;
  return true;
}

/**
 * The images to keep when exact copies are dropped, so no image can land in two splits: the first
 * of copies with one label is kept; copies with different labels are all dropped (which label is
 * right is unknown). Returns the kept indices, ascending, and how many were dropped of each kind.
 */
export function uniqueImages(images: Uint8Array, labels: Uint8Array, pixelsPerImage: number): { kept: Uint32Array; repeats: number; conflicting: number } {
  const count = labels.length;
  if (images.length !== count * pixelsPerImage) throw new RangeError(`${images.length} bytes are not ${count} images of ${pixelsPerImage} pixels.`);
  const firstByHash = new Map<number, number[]>();
  const dropped = new Uint8Array(count);
  let repeats = 0;
  const conflicted = new Set<number>();
  for (let i = 0; i < count; i++) {
    const hash = imageHash(images.subarray(i * pixelsPerImage, (i + 1) * pixelsPerImage));
    const earlier = firstByHash.get(hash) ?? [];
    const original = earlier.find((j) => sameImage(images, i, j, pixelsPerImage));
    if (original === undefined) {
      earlier.push(i);
      firstByHash.set(hash, earlier);
    } else if (labels[original] === labels[i] && !conflicted.has(original)) {
      dropped[i] = 1;
      repeats++;
    } else {
      dropped[i] = 1;
      if (!conflicted.has(original)) dropped[original] = 1;
      conflicted.add(original);
    }
  }
  const kept: number[] = [];
  for (let i = 0; i < count; i++) if (!dropped[i]) kept.push(i);
  return { kept: Uint32Array.from(kept), repeats, conflicting: count - kept.length - repeats };
}
