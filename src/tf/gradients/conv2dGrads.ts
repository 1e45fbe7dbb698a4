import * as tf from '@tensorflow/tfjs';
import { type ConvParams, convInfo, runKernel4D, useNativeKernel } from './convParams';
import { padLikeForward, spreadForTransposedConv } from './convPadding';

/**
 * Gradient of y = conv2d(x, w) (NHWC, strides s, dilations d, pad p) with respect to the filter:
 *   dW[i, j, c, o] = sum over b, y, x of xpad[b, y*sh + i*dh, x*sw + j*dw, c] * dy[b, y, x, o].
 * The backend's Conv2DBackpropFilter where useNativeKernel allows; otherwise the batch and channel
 * axes trade places so the sum over b becomes the channel sum of an ordinary conv: xpad as
 * [C, Hp, Wp, B] convolved with dy as a filter [oh, ow, B, O], with strides d and dilations s (the
 * roles swap too), gives [C, >=kh, >=kw, O]; crop and transpose.
 * Returns a new tensor [kh, kw, C, O]; disposes its intermediates.
 */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], p: ConvParams): tf.Tensor4D {
  if (useNativeKernel('Conv2DBackpropFilter', p)) {
    return runKernel4D('Conv2DBackpropFilter', { x, dy }, { ...p, dataFormat: 'NHWC', filterShape });
  }
  const [kh, kw, cin, cout] = filterShape as [number, number, number, number];
  const info = convInfo(x.shape, filterShape, p, false);
  return tf.tidy(() => {
    const xT = padLikeForward(x, info).transpose<tf.Tensor4D>([3, 1, 2, 0]);
    const dyAsFilter = dy.transpose<tf.Tensor4D>([1, 2, 0, 3]);
    const full = tf.conv2d(xT, dyAsFilter, p.dilations, 'valid', 'NHWC', p.strides);
    return full.slice([0, 0, 0, 0], [cin, kh, kw, cout]).transpose<tf.Tensor4D>([1, 2, 0, 3]);
  });
}

/**
 * Gradient of y = conv2d(x, w) with respect to x, the transposed convolution
 *   dx[b, p, q, c] = sum over i, j, o of dy[b, y, x, o] * w[i, j, c, o] where y*sh + i*dh - top = p, ...
 * The backend's Conv2DBackpropInput where useNativeKernel allows; otherwise a plain conv, which every
 * backend has and which is faster on wasm: dy spread out by the strides and 'full'-padded
 * (spreadForTransposedConv), convolved with w rotated 180 degrees as [kh, kw, O, C], dilations d.
 * Returns a new tensor of shape xShape.
 */
export function conv2dInputGrad(xShape: number[], dy: tf.Tensor4D, filter: tf.Tensor4D, p: ConvParams): tf.Tensor4D {
  if (useNativeKernel('Conv2DBackpropInput', p)) {
    const attrs = { strides: p.strides, pad: p.pad, dimRoundingMode: p.dimRoundingMode, dataFormat: 'NHWC', inputShape: xShape };
    return runKernel4D('Conv2DBackpropInput', { dy, filter }, attrs);
  }
  const info = convInfo(xShape, filter.shape, p, false);
  return tf.tidy(() => {
    const rotated = filter.reverse([0, 1]).transpose<tf.Tensor4D>([0, 1, 3, 2]);
    return tf.conv2d(spreadForTransposedConv(dy, xShape, info), rotated, 1, 'valid', 'NHWC', p.dilations);
  });
}
