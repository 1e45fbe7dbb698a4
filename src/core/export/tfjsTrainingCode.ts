/** The training half of the generated tfjs module: the optimizer, setting its rate, and the page's shifts. */
import { SHIFT_PIXELS, type OptimizerName } from '../training/training';

/** Momentum of 'SGD with momentum', as src/tf/optimizers.ts creates it. */
const SGD_MOMENTUM = 0.9;

export function optimizerCode(name: OptimizerName, learningRate: number): string {
  switch (name) {
    case 'sgd':
      return `tf.train.sgd(${learningRate})`;
    case 'momentum':
      return `tf.train.momentum(${learningRate}, ${SGD_MOMENTUM})`;
    case 'adam':
      return `tf.train.adam(${learningRate})`;
    case 'rmsprop':
      return `tf.train.rmsprop(${learningRate})`;
  }
}

/**
 * The generated statement that sets the model's rate. tfjs's SGD and momentum hold the rate as a
 * kept scalar that only setLearningRate replaces; Adam and RMSProp read the number at every step.
 */
export function setRateCode(name: OptimizerName): string {
  return name === 'sgd' || name === 'momentum'
    ? '(model.optimizer as tf.SGDOptimizer).setLearningRate(rate);'
    : '(model.optimizer as unknown as { learningRate: number }).learningRate = rate;';
}

/** shiftImages for [n, h, w, c] images: the page's augmentation, written out. */
export function shiftImagesCode(h: number, w: number, c: number): string {
  return `/**
 * The page's augmentation: each of the n images in \`pixels\` ([n, ${h}, ${w}, ${c}] row-major) moved by its own
 * random whole number of pixels dx, dy in [-${SHIFT_PIXELS}, ${SHIFT_PIXELS}], what comes in filled with 0. Apply it to
 * each training batch, never to test images.
 */
export function shiftImages(pixels: Float32Array, n: number): Float32Array {
  const [h, w, c] = [${h}, ${w}, ${c}];
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < n; i++) {
    const dy = Math.floor(Math.random() * ${2 * SHIFT_PIXELS + 1}) - ${SHIFT_PIXELS};
    const dx = Math.floor(Math.random() * ${2 * SHIFT_PIXELS + 1}) - ${SHIFT_PIXELS};
    // Moved wholly out of a narrow frame: the image stays 0.
    if (Math.abs(dx) >= w) continue;
    for (let y = Math.max(0, dy); y < Math.min(h, h + dy); y++) {
      // A row's pixels that stay in the frame move together: columns max(0, dx) to min(w, w + dx).
      const from = ((i * h + y - dy) * w + Math.max(0, -dx)) * c;
      out.set(pixels.subarray(from, from + (w - Math.abs(dx)) * c), ((i * h + y) * w + Math.max(0, dx)) * c);
    }
  }
  return out;
}`;
}
