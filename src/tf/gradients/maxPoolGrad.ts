import * as tf from '@tensorflow/tfjs';

/*
 * Why: tfjs-backend-wasm 4.22's MaxPoolGrad (like its MaxPoolWithArgmax) starts each window's
 * running maximum at std::numeric_limits<float>::min(), the smallest positive float, where the
 * lowest float was meant. A window whose values are all <= 0 then finds no maximum and its
 * gradient lands on element 0 of the tensor instead. After a ReLU that costs nothing (those
 * windows get zero gradient from the ReLU anyway), but after linear, tanh, ELU, leaky ReLU or batch
 * norm, training on wasm silently follows wrong gradients.
 */

/** Backends whose MaxPoolGrad needs every input value > 0 to find each window's maximum. */
const NEEDS_POSITIVE_INPUT = new Set(['wasm']);

/**
 * Gradient of y = maxPool(x): each window's dy goes to the position of its maximum,
 *   dx[b, p, q, c] = sum over windows (y, x) whose argmax is (p, q) of dy[b, y, x, c].
 * Runs the backend's MaxPoolGrad; on wasm with x shifted by 1 - min(x) (every value >= 1, the
 * same argmax in each window up to float rounding of near-equal values), which the kernel reads
 * only to find the argmax. Ties go to the last maximum on wasm and the first on cpu, as before.
 */
export const maxPoolGradConfig: tf.GradConfig = {
  kernelName: 'MaxPool',
  inputsToSave: ['x'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, y] = saved as [tf.Tensor4D, tf.Tensor4D];
    const { filterSize, strides, pad, dimRoundingMode } = attrs;
    const gradAttrs = { filterSize, strides, pad, dimRoundingMode } as tf.NamedAttrMap;
    const run = (input: tf.Tensor4D) => tf.engine().runKernel('MaxPoolGrad', { dy: dy as tf.Tensor4D, input, output: y }, gradAttrs) as tf.Tensor4D;
    return {
      x: () => (NEEDS_POSITIVE_INPUT.has(tf.getBackend()) ? tf.tidy(() => run(x.sub(x.min()).add(1))) : run(x)),
    };
  },
};
