/** One MNIST split as raw bytes: `images` holds `count` images of `rows x cols`, row-major, 0..255. */
export interface MnistSplit {
  count: number;
  rows: number;
  cols: number;
  /** count * rows * cols bytes; image i starts at i * rows * cols. Kept as bytes (not floats) to save memory. */
  images: Uint8Array;
  /** count digits, each 0..9. */
  labels: Uint8Array;
}

/** Both MNIST splits as the app downloads them. */
export interface MnistData {
  train: MnistSplit;
  test: MnistSplit;
  /** Bytes of the two asset files read from the network (the small manifest is not counted). */
  bytesDownloaded: number;
}

/** The digit classes: labels are 0..NUM_CLASSES-1. */
export const NUM_CLASSES = 10;
