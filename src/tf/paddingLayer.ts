/**
 * A tfjs layer that pads a [batch, h, w, c] map before a 'valid' conv or pool, in PyTorch's four
 * modes. Built from slice, reverse, concat and pad only: every backend has these kernels and their
 * gradients (wasm has no MirrorPad gradient kernel to rely on, and tfjs's MirrorPad gradient is a
 * plain slice that drops what the mirrored cells pass back), so a padded model trains on cpu, wasm
 * and WebGL alike.
 */
import * as tf from '@tensorflow/tfjs';
import type { PaddingMode, Pads } from '../core/math/convMath';

/** How a border is filled: PyTorch's padding modes. */
export type BorderMode = PaddingMode;

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface BorderPaddingArgs extends LayerArgs {
  pads: Pads;
  mode: BorderMode;
}

type Axis = 1 | 2;

/** `count` cells of x along `axis` starting at `start`. */
function sliceAxis(x: tf.Tensor4D, axis: Axis, start: number, count: number): tf.Tensor4D {
  const begin: [number, number, number, number] = [0, 0, 0, 0];
  const size: [number, number, number, number] = [-1, -1, -1, -1];
  begin[axis] = start;
  size[axis] = count;
  return tf.slice(x, begin, size);
}

/**
 * The cells a mode puts before (side 'before') or after an axis of n cells, in order:
 * - reflect (PyTorch 'reflect', TF 'REFLECT'): cells before, 1..p mirrored (the edge cell itself not repeated);
 * - replicate: the edge cell p times;
 * - circular: the last p cells before, the first p after, as if the map wrapped around.
 */
function border(x: tf.Tensor4D, axis: Axis, count: number, mode: Exclude<BorderMode, 'zeros'>, side: 'before' | 'after'): tf.Tensor4D {
  const n = x.shape[axis];
  switch (mode) {
    case 'reflect':
      return tf.reverse(sliceAxis(x, axis, side === 'before' ? 1 : n - 1 - count, count), axis);
    case 'replicate': {
      const edge = sliceAxis(x, axis, side === 'before' ? 0 : n - 1, 1);
      return count === 1 ? edge : tf.concat(new Array<tf.Tensor4D>(count).fill(edge), axis);
    }
    case 'circular':
      return sliceAxis(x, axis, side === 'before' ? n - count : 0, count);
  }
}

function padAxis(x: tf.Tensor4D, axis: Axis, before: number, after: number, mode: Exclude<BorderMode, 'zeros'>): tf.Tensor4D {
  if (before === 0 && after === 0) return x;
  const parts = [...(before > 0 ? [border(x, axis, before, mode, 'before')] : []), x, ...(after > 0 ? [border(x, axis, after, mode, 'after')] : [])];
  return tf.concat(parts, axis);
}

/**
 * x padded by `pads` in `mode`. Rows first, then columns, so a corner cell takes the column rule
 * applied to the padded rows: for reflect, replicate and circular that is what PyTorch's F.pad does.
 */
export function padBorder(x: tf.Tensor4D, pads: Pads, mode: BorderMode): tf.Tensor4D {
  return tf.tidy(() => {
    if (mode === 'zeros') {
      return tf.pad(x, [
        [0, 0],
        [pads.top, pads.bottom],
        [pads.left, pads.right],
        [0, 0],
      ]);
    }
    return padAxis(padAxis(x, 1, pads.top, pads.bottom, mode), 2, pads.left, pads.right, mode);
  });
}

/** The padding step of a spec conv or pool layer; serializable as 'KernelscopeBorderPadding2D'. */
export class BorderPadding2D extends tf.layers.Layer {
  static className = 'KernelscopeBorderPadding2D';
  readonly pads: Pads;
  readonly mode: BorderMode;

  constructor({ pads, mode, ...layerArgs }: BorderPaddingArgs) {
    super(layerArgs);
    this.pads = { top: pads.top, bottom: pads.bottom, left: pads.left, right: pads.right };
    this.mode = mode;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) || inputShape[0] === undefined ? inputShape[0] : inputShape) as tf.Shape;
    const [batch = null, h = null, w = null, c = null] = shape;
    const { top, bottom, left, right } = this.pads;
    return [batch, h === null ? null : h + top + bottom, w === null ? null : w + left + right, c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return padBorder(x, this.pads, this.mode);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { top, bottom, left, right } = this.pads;
    return { ...super.getConfig(), pads: { top, bottom, left, right }, mode: this.mode };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config as never);
  }
}

tf.serialization.registerClass(BorderPadding2D);
