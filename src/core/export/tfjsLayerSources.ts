/**
 * Source text of the custom tfjs layers the exported TypeScript defines when a network needs them:
 * equivalents of src/tf/paddingLayer.ts and src/tf/subsampleLayer.ts under the same class names and
 * configs, so `tf.loadLayersModel` reads the page's model.json with them. Text only: no tfjs here.
 */

/** The package the exported code imports. */
export const TFJS_PACKAGE = '@tensorflow/tfjs';

/** The class names of the app's custom layers (src/tf/paddingLayer.ts, src/tf/subsampleLayer.ts), which the page's model.json names. */
export const PADDING_CLASS = 'KernelscopeBorderPadding2D';
export const SUBSAMPLE_CLASS = 'KernelscopeSubsample2D';

export const SHARED_LAYER_CODE = `/** The options of a tfjs layer (name, inputShape, ...), which the custom layers pass on. */
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/**
 * Registers a layer class so that tf.loadLayersModel can rebuild it from a model.json, unless a
 * class of that name is registered already (this file imported twice, or Kernelscope's own).
 */
function registerLayerClass<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>): void {
  if (!(cls.className in tf.serialization.SerializationMap.getMap().classNameMap)) tf.serialization.registerClass(cls);
}`;

export const PADDING_LAYER_CODE = `/** How a padding layer fills its border: PyTorch's padding modes. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';
/** Cells added on each side of a [batch, height, width, channels] map. */
export interface Pads {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** \`count\` cells of x along axis 1 (rows) or 2 (columns), from \`start\`. */
function sliceAxis(x: tf.Tensor4D, axis: 1 | 2, start: number, count: number): tf.Tensor4D {
  const begin = [0, 0, 0, 0];
  const size = [-1, -1, -1, -1];
  begin[axis] = start;
  size[axis] = count;
  return tf.slice(x, begin, size);
}

/**
 * The \`count\` cells that \`mode\` puts before or after an axis of x:
 * reflect mirrors the cells next to the edge (not the edge itself), replicate repeats the edge
 * cell, circular wraps around (the last cells go before, the first ones after).
 */
function borderCells(x: tf.Tensor4D, axis: 1 | 2, count: number, mode: PaddingMode, side: 'before' | 'after'): tf.Tensor4D {
  const n = x.shape[axis];
  if (mode === 'reflect') return tf.reverse(sliceAxis(x, axis, side === 'before' ? 1 : n - 1 - count, count), axis);
  if (mode === 'replicate') return tf.concat(new Array<tf.Tensor4D>(count).fill(sliceAxis(x, axis, side === 'before' ? 0 : n - 1, 1)), axis);
  return sliceAxis(x, axis, side === 'before' ? n - count : 0, count);
}

function padAxis(x: tf.Tensor4D, axis: 1 | 2, before: number, after: number, mode: PaddingMode): tf.Tensor4D {
  if (before === 0 && after === 0) return x;
  const parts = [x];
  if (before > 0) parts.unshift(borderCells(x, axis, before, mode, 'before'));
  if (after > 0) parts.push(borderCells(x, axis, after, mode, 'after'));
  return tf.concat(parts, axis);
}

/**
 * Pads a [batch, height, width, channels] map by \`pads\` in \`mode\`: rows first, then columns, as
 * PyTorch's F.pad does. Slices, reverses and concats rather than tf.mirrorPad, whose gradient is
 * not right on every backend, so the model trains everywhere.
 */
export function padBorder(x: tf.Tensor4D, pads: Pads, mode: PaddingMode): tf.Tensor4D {
  return tf.tidy(() => {
    const { top, bottom, left, right } = pads;
    if (mode === 'zeros') return tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
    return padAxis(padAxis(x, 1, top, bottom, mode), 2, left, right, mode);
  });
}

/** Pads its input in front of a 'valid' conv or pool: explicit padding, or padding in a mode other than zeros. */
export class ${PADDING_CLASS} extends tf.layers.Layer {
  static className = '${PADDING_CLASS}';
  readonly pads: Pads;
  readonly mode: PaddingMode;

  constructor({ pads, mode, ...layerArgs }: LayerArgs & { pads: Pads; mode: PaddingMode }) {
    super(layerArgs);
    this.pads = { top: pads.top, bottom: pads.bottom, left: pads.left, right: pads.right };
    this.mode = mode;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [batch = null, h = null, w = null, c = null] = inputShape as tf.Shape;
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
}
registerLayerClass(${PADDING_CLASS});`;

export const SUBSAMPLE_LAYER_CODE = `/**
 * Keeps rows 0, s, 2s, ... of axis 1 or columns of axis 2 of x: zero-pads the axis to a multiple
 * of s, folds each group of s cells into one row and slices out the first cell of each group
 * (no tf.stridedSlice, whose gradient not every backend has).
 */
function subsampleAxis(x: tf.Tensor4D, axis: 1 | 2, s: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const n = x.shape[axis];
  const kept = Math.ceil(n / s);
  const extra: [number, number] = [0, kept * s - n];
  const padded = extra[1] === 0 ? x : tf.pad(x, [[0, 0], axis === 1 ? extra : [0, 0], axis === 2 ? extra : [0, 0], [0, 0]]);
  if (axis === 1) {
    // Each group of s rows is one row of s*w*c values; its first w*c values are the group's row 0.
    const grouped = tf.reshape(padded, [b, kept, s * w * c]);
    return tf.reshape(tf.slice(grouped, [0, 0, 0], [b, kept, w * c]), [b, kept, w, c]);
  }
  // Each group of s columns is s*c values of one row; its first c values are the group's column 0.
  const grouped = tf.reshape<tf.Rank.R4>(padded, [b, h, kept, s * c]);
  return tf.slice(grouped, [0, 0, 0, 0], [b, h, kept, c]);
}

/** The stride of a conv that tfjs cannot stride itself (a stride and a dilation above 1): the conv runs at stride 1, this keeps every s-th cell. */
export class ${SUBSAMPLE_CLASS} extends tf.layers.Layer {
  static className = '${SUBSAMPLE_CLASS}';
  readonly strides: [number, number];

  constructor({ strides, ...layerArgs }: LayerArgs & { strides: [number, number] }) {
    super(layerArgs);
    this.strides = [strides[0], strides[1]];
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [batch = null, h = null, w = null, c = null] = inputShape as tf.Shape;
    const [sh, sw] = this.strides;
    return [batch, h === null ? null : Math.ceil(h / sh), w === null ? null : Math.ceil(w / sw), c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const [sh, sw] = this.strides;
    return tf.tidy(() => {
      const rows = sh > 1 ? subsampleAxis(x, 1, sh) : x;
      return sw > 1 ? subsampleAxis(rows, 2, sw) : rows;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), strides: [this.strides[0], this.strides[1]] };
  }
}
registerLayerClass(${SUBSAMPLE_CLASS});`;
