import * as tf from '@tensorflow/tfjs';
import { conv2dFilterGrad, conv2dInputGrad } from './conv2dGrads';
import { readConvParams } from './convParams';
import { depthwiseFilterGrad, depthwiseInputGrad } from './depthwiseGrads';
import { fusedConv2dGradConfig, rememberFusedConv2dAttrs } from './fusedConv2dGrad';
import { maxPoolGradConfig } from './maxPoolGrad';

/** NCHW tensors as NHWC and back: the gradients below are written for NHWC only. */
const toNHWC = (t: tf.Tensor4D): tf.Tensor4D => t.transpose([0, 2, 3, 1]);
const toNCHW = (t: tf.Tensor4D): tf.Tensor4D => t.transpose([0, 3, 1, 2]);

/** Gradient of the 'Conv2D' kernel (tf.conv2d, separableConv2d's pointwise step, relu/elu Conv2D layers). */
export const conv2dGradConfig: tf.GradConfig = {
  kernelName: 'Conv2D',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const p = readConvParams(attrs);
    if (attrs.dataFormat === 'NCHW') {
      return {
        x: () => toNCHW(conv2dInputGrad(toNHWC(x).shape, toNHWC(dy as tf.Tensor4D), filter, p)),
        filter: () => conv2dFilterGrad(toNHWC(x), toNHWC(dy as tf.Tensor4D), filter.shape, p),
      };
    }
    return {
      x: () => conv2dInputGrad(x.shape, dy as tf.Tensor4D, filter, p),
      filter: () => conv2dFilterGrad(x, dy as tf.Tensor4D, filter.shape, p),
    };
  },
};

/** Gradient of the 'DepthwiseConv2dNative' kernel (DepthwiseConv2D layers, separableConv2d's first step). */
export const depthwiseConv2dGradConfig: tf.GradConfig = {
  kernelName: 'DepthwiseConv2dNative',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const p = readConvParams(attrs);
    return {
      x: () => depthwiseInputGrad(x.shape, dy as tf.Tensor4D, filter, p),
      filter: () => depthwiseFilterGrad(x, dy as tf.Tensor4D, filter.shape, p),
    };
  },
};

/** Registers `config`, replacing any earlier gradient quietly (tfjs warns on overrides in DEBUG mode). */
function replaceGradient(config: tf.GradConfig): void {
  if (tf.getGradient(config.kernelName)) tf.unregisterGradient(config.kernelName);
  tf.registerGradient(config);
}

/**
 * Makes every conv kind Kernelscope builds trainable on every backend, wasm included, with any
 * dilation: replaces tfjs's gradients of 'Conv2D', 'DepthwiseConv2dNative' and tf.fused.conv2d
 * (which refuse dilation > 1, and on wasm need backprop kernels it lacks) with ones that run the
 * backend's own backprop kernels where they exist, handle the case and are not slower, and
 * otherwise compose them from conv2d, depthwiseConv2d, pad, reshape, transpose, slice and sum.
 * Also replaces the 'MaxPool' gradient, whose wasm kernel loses the gradient of all-negative windows.
 * Call it after importing tfjs and every backend package (it wraps each registered backend's
 * FusedConv2D and Identity kernels); calling it again is harmless and covers backends imported
 * since. Prints nothing.
 */
export function registerConvGradients(): void {
  for (const backendName of tf.engine().backendNames()) rememberFusedConv2dAttrs(backendName);
  for (const config of [conv2dGradConfig, depthwiseConv2dGradConfig, fusedConv2dGradConfig, maxPoolGradConfig]) {
    if (tf.getGradient(config.kernelName) !== config) replaceGradient(config);
  }
}
