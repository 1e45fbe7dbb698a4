import { describe, expect, it } from 'vitest';
import { FASHION_MNIST, MNIST } from '../../../src/core/dataset';
import { cellName } from '../../../src/render/confusionMatrix';

describe('the confusion matrix speaks the dataset’s class names', () => {
  it('names a cell by its classes and count', () => {
    expect(cellName({ truth: 6, predicted: 0 }, 112, FASHION_MNIST.classNames)).toBe('true Shirt, predicted T-shirt/top: 112 images');
    expect(cellName({ truth: 4, predicted: 9 }, 1, MNIST.classNames)).toBe('true 4, predicted 9: 1 image');
  });
});
