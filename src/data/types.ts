/**
 * One split of a dataset as raw bytes: `count` images of rows x cols x channels (row-major, the
 * channels of a pixel side by side: HWC, as tfjs wants them), each byte 0..255.
 */
export interface ImageSplit {
  count: number;
  rows: number;
  cols: number;
  /** 1 for greyscale, 3 for colour (RGB). */
  channels: number;
  /** How many classes the dataset has: every label is below it. */
  classes: number;
  /** count * rows * cols * channels bytes; image i starts at i * pixelsPerImage. Bytes, not floats, to save memory. */
  images: Uint8Array;
  /** count labels, each 0..classes-1. */
  labels: Uint8Array;
}

/** A dataset's three splits: no image is in two of them. */
export interface DatasetSplits {
  train: ImageSplit;
  validation: ImageSplit;
  test: ImageSplit;
}

/** A dataset's splits as the page downloaded them. */
export interface LoadedDataset extends DatasetSplits {
  /** The id of the dataset, as its manifest names it. */
  datasetId: string;
  /** Bytes of the asset files read from the network (the small manifest is not counted). */
  bytesDownloaded: number;
}

/** Values in one image: rows * cols * channels. */
export function valuesPerImage(split: Pick<ImageSplit, 'rows' | 'cols' | 'channels'>): number {
  return split.rows * split.cols * split.channels;
}

/** The images `indices` of `split`, in that order, as a split of their own (a copy). */
export function selectImages(split: ImageSplit, indices: ArrayLike<number>): ImageSplit {
  const size = valuesPerImage(split);
  const images = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i];
    if (!Number.isInteger(from) || from < 0 || from >= split.count) throw new RangeError(`image ${from} does not exist (0..${split.count - 1})`);
    images.set(split.images.subarray(from * size, (from + 1) * size), i * size);
    labels[i] = split.labels[from];
  }
  return { ...split, count: indices.length, images, labels };
}
