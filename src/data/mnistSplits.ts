import { permutation } from './random';
import { selectImages, type DatasetSplits, type ImageSplit } from './types';

/** Official MNIST training images held out for validation. */
export const MNIST_VALIDATION_COUNT = 5000;
/** Fixed so the validation set is the same examples in every run and every browser. */
export const MNIST_SPLIT_SEED = 0x4b534d4e; // 'KSMN'

/**
 * MNIST's three splits from its two official ones: a fixed-seed shuffle of the 60,000 training
 * images picks 5,000 for validation; both parts keep the official order. Made at install time
 * (the assets hold the three splits), and by tests that read the idx files.
 */
export function mnistSplits(official: { train: ImageSplit; test: ImageSplit }): DatasetSplits {
  const { train, test } = official;
  const order = permutation(train.count, MNIST_SPLIT_SEED);
  return {
    train: selectImages(train, order.slice(MNIST_VALIDATION_COUNT).sort()),
    validation: selectImages(train, order.slice(0, MNIST_VALIDATION_COUNT).sort()),
    test,
  };
}
