import * as tf from '@tensorflow/tfjs';

/** Pads (positive amounts) or crops (negative amounts) the spatial axes of an NHWC tensor. */
function padOrCrop(t: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D {
  const [b, h, w, c] = t.shape;
  const cut = [top, bottom, left, right].map((v) => Math.max(-v, 0)) as [number, number, number, number];
  const kept = cut.some((v) => v > 0) ? t.slice([0, cut[0], cut[2], 0], [b, h - cut[0] - cut[1], w - cut[2] - cut[3], c]) : t;
  const add = [top, bottom, left, right].map((v) => Math.max(v, 0)) as [number, number, number, number];
  return add.some((v) => v > 0) ? kept.pad([[0, 0], [add[0], add[1]], [add[2], add[3]], [0, 0]]) : kept;
}

/** x [B, H, W, C] zero-padded exactly as the forward pass padded it (tfjs 'same': top/left = floor(total/2)). */
export function padLikeForward(x: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const { top, bottom, left, right } = info.padInfo;
  return padOrCrop(x, top, bottom, left, right);
}

/**
 * dy [B, oh, ow, K] laid out so that a transposed conv becomes a plain one: s-1 zero rows (columns)
 * between its rows (columns), then 'full' padding top = ekh - 1 - padTop (ekh the effective filter
 * height) and bottom such that the height is H + ekh - 1 (likewise for width). A valid, stride-1
 * conv of the result with the 180-degree-rotated filter, dilated as in the forward pass, is dx.
 * Only rank-4 pads, reshapes and slices, which every backend has.
 */
export function spreadForTransposedConv(dy: tf.Tensor4D, xShape: number[], info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const [b, h, w] = xShape as [number, number, number];
  const [, oh, ow, k] = dy.shape;
  const { strideHeight: sh, strideWidth: sw, effectiveFilterHeight: eh, effectiveFilterWidth: ew, padInfo } = info;
  const uh = (oh - 1) * sh + 1;
  const uw = (ow - 1) * sw + 1;
  return tf.tidy(() => {
    let u = dy;
    // Stride s: view rows as [row, 1], pad to [row, s], flatten, drop the trailing s-1 zeros.
    if (sh > 1) u = u.reshape([b * oh, 1, ow, k]).pad([[0, 0], [0, sh - 1], [0, 0], [0, 0]]).reshape<tf.Tensor4D>([b, oh * sh, ow, k]).slice([0, 0, 0, 0], [b, uh, ow, k]);
    if (sw > 1) u = u.reshape([b * uh, ow, 1, k]).pad([[0, 0], [0, 0], [0, sw - 1], [0, 0]]).reshape<tf.Tensor4D>([b, uh, ow * sw, k]).slice([0, 0, 0, 0], [b, uh, uw, k]);
    const top = eh - 1 - padInfo.top;
    const left = ew - 1 - padInfo.left;
    return padOrCrop(u, top, h + eh - 1 - top - uh, left, w + ew - 1 - left - uw);
  });
}
