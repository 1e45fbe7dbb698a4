import * as tf from '@tensorflow/tfjs';
import { type ConvParams, convInfo, runKernel4D, useNativeKernel } from './convParams';
import { padLikeForward, spreadForTransposedConv } from './convPadding';

/**
 * Gradient of y = depthwiseConv2d(x, w) (x [B, H, W, C], w [kh, kw, C, M], y channel c*M + m)
 * with respect to the filter:
 *   dW[i, j, c, m] = sum over b, y, x of xpad[b, y*sh + i*dh, x*sw + j*dw, c] * dy[b, y, x, c*M + m].
 * The backend's DepthwiseConv2dNativeBackpropFilter where useNativeKernel allows; otherwise every
 * (b, c) pair becomes one channel of a depthwise conv: xpad as [1, Hp, Wp, B*C] with dy as a
 * filter [oh, ow, B*C, M], strides d and dilations s, gives [1, >=kh, >=kw, B*C*M]; sum over b, crop.
 * Returns a new tensor [kh, kw, C, M]; disposes its intermediates.
 */
export function depthwiseFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], p: ConvParams): tf.Tensor4D {
  if (useNativeKernel('DepthwiseConv2dNativeBackpropFilter', p)) {
    return runKernel4D('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...p, filterShape });
  }
  const [kh, kw, c, m] = filterShape as [number, number, number, number];
  const [b, oh, ow] = dy.shape;
  const info = convInfo(x.shape, filterShape, p, true);
  return tf.tidy(() => {
    const xp = padLikeForward(x, info);
    const [, hp, wp] = xp.shape;
    const xAsChannels = xp.transpose([1, 2, 0, 3]).reshape<tf.Tensor4D>([1, hp, wp, b * c]);
    const dyAsFilter = dy.transpose([1, 2, 0, 3]).reshape<tf.Tensor4D>([oh, ow, b * c, m]);
    const full = tf.depthwiseConv2d(xAsChannels, dyAsFilter, p.dilations, 'valid', 'NHWC', p.strides);
    const [, fh, fw] = full.shape;
    const perBatch = full.reshape([fh, fw, b, c * m]).slice([0, 0, 0, 0], [kh, kw, b, c * m]);
    return perBatch.sum(2).reshape<tf.Tensor4D>([kh, kw, c, m]);
  });
}

/**
 * Gradient of y = depthwiseConv2d(x, w) with respect to x:
 *   dx[b, p, q, c] = sum over i, j, m of dy[b, y, x, c*M + m] * w[i, j, c, m] where y*sh + i*dh - top = p, ...
 * The backend's DepthwiseConv2dNativeBackpropInput where useNativeKernel allows; otherwise dy spread
 * out and 'full'-padded (spreadForTransposedConv), a depthwise conv over its C*M channels with each
 * w[:, :, c, m] rotated 180 degrees (dilations d), then the sum over m.
 * Returns a new tensor of shape xShape.
 */
export function depthwiseInputGrad(xShape: number[], dy: tf.Tensor4D, filter: tf.Tensor4D, p: ConvParams): tf.Tensor4D {
  if (useNativeKernel('DepthwiseConv2dNativeBackpropInput', p)) {
    return runKernel4D('DepthwiseConv2dNativeBackpropInput', { dy, filter }, { ...p, inputShape: xShape });
  }
  const [kh, kw, c, m] = filter.shape;
  const [b, h, w] = xShape as [number, number, number];
  const info = convInfo(xShape, filter.shape, p, true);
  return tf.tidy(() => {
    const rotated = filter.reverse([0, 1]).reshape<tf.Tensor4D>([kh, kw, c * m, 1]);
    const perM = tf.depthwiseConv2d(spreadForTransposedConv(dy, xShape, info), rotated, 1, 'valid', 'NHWC', p.dilations);
    return m === 1 ? perM : perM.reshape([b, h, w, c, m]).sum<tf.Tensor4D>(4);
  });
}
