/**
 * A tfjs layer that keeps every s-th row and column of a [batch, h, w, c] map, starting at 0: the
 * stride of a conv that tfjs cannot stride itself. tf.conv2d and tf.depthwiseConv2d refuse a
 * stride above 1 together with a dilation above 1, so such a layer runs its conv at stride 1 and
 * this step picks the cells the strided conv would compute (output i reads input i*s - pad + t*d).
 *
 * Built from pad, reshape and slice only (no stridedSlice, whose gradient not every backend has):
 * an axis of n cells is zero-padded to a multiple of s, folded so that each group of s cells is one
 * row of a 4D tensor, and the first cell of each group is sliced out. Every backend has these
 * kernels and their gradients, so such a model trains on cpu, wasm and WebGL alike.
 */
import * as tf from '@tensorflow/tfjs';
import type { Pair } from '../core/spec/spec';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface Subsample2DArgs extends LayerArgs {
  strides: Pair;
}

/** ceil(n / s): how many of n cells a stride of s keeps (cells 0, s, 2s, ...). */
const kept = (n: number, s: number): number => Math.ceil(n / s);

/** Cells 0, s, 2s, ... of axis 1 (rows) of x. */
function subsampleRows(x: tf.Tensor4D, s: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const out = kept(h, s);
  const padded = out * s === h ? x : tf.pad(x, [[0, 0], [0, out * s - h], [0, 0], [0, 0]]);
  // Each group of s rows is one row of s*w*c values; its first w*c values are the group's row 0.
  const grouped = tf.reshape(padded, [b, out, s * w * c]);
  return tf.reshape(tf.slice(grouped, [0, 0, 0], [b, out, w * c]), [b, out, w, c]);
}

/** Cells 0, s, 2s, ... of axis 2 (columns) of x. */
function subsampleCols(x: tf.Tensor4D, s: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const out = kept(w, s);
  const padded = out * s === w ? x : tf.pad(x, [[0, 0], [0, 0], [0, out * s - w], [0, 0]]);
  // Each group of s columns is s*c values of one row; its first c values are the group's column 0.
  const grouped = tf.reshape<tf.Rank.R4>(padded, [b, h, out, s * c]);
  return tf.slice(grouped, [0, 0, 0, 0], [b, h, out, c]);
}

/** x with only rows 0, sh, 2sh, ... and columns 0, sw, 2sw, ...: [b, ceil(h/sh), ceil(w/sw), c]. */
export function subsample2d(x: tf.Tensor4D, strides: Pair): tf.Tensor4D {
  return tf.tidy(() => {
    const rows = strides[0] > 1 ? subsampleRows(x, strides[0]) : x;
    return strides[1] > 1 ? subsampleCols(rows, strides[1]) : rows;
  });
}

/** The stride step after a stride-1 dilated conv; serializable as 'KernelscopeSubsample2D'. */
export class Subsample2D extends tf.layers.Layer {
  static className = 'KernelscopeSubsample2D';
  readonly strides: Pair;

  constructor({ strides, ...layerArgs }: Subsample2DArgs) {
    super(layerArgs);
    this.strides = [strides[0], strides[1]];
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) || inputShape[0] === undefined ? inputShape[0] : inputShape) as tf.Shape;
    const [batch = null, h = null, w = null, c = null] = shape;
    return [batch, h === null ? null : kept(h, this.strides[0]), w === null ? null : kept(w, this.strides[1]), c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return subsample2d(x, this.strides);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), strides: [this.strides[0], this.strides[1]] };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config as never);
  }
}

tf.serialization.registerClass(Subsample2D);
