/**
 * The network as Keras 2's `model.summary()` prints the equivalent `Sequential` model: Keras'
 * automatic layer names and class names, output shapes with the batch axis as None, and
 * parameter counts, so a student can compare with a Keras tutorial line by line.
 */
import { analyzeNetwork } from '../analysis/analyze';
import { formatCount } from '../spec/format';
import { readPair } from './pythonRepr';
import type { LayerKind, NetworkSpec, TensorShape } from '../spec/spec';

/** The Keras class each kind becomes; Keras names a layer by its class in snake_case. */
const KERAS_CLASS: { readonly [K in LayerKind]: string } = {
  conv2d: 'Conv2D',
  separableConv2d: 'SeparableConv2D',
  depthwiseConv2d: 'DepthwiseConv2D',
  maxPool2d: 'MaxPooling2D',
  avgPool2d: 'AveragePooling2D',
  globalAvgPool2d: 'GlobalAveragePooling2D',
  globalMaxPool2d: 'GlobalMaxPooling2D',
  flatten: 'Flatten',
  dense: 'Dense',
  activation: 'Activation',
  dropout: 'Dropout',
  batchNorm: 'BatchNormalization',
};

/**
 * The Keras layers one spec layer becomes, as the tfjs model builds it: leaky ReLU is a layer
 * of its own (LeakyReLU), also after a conv or Dense layer that uses it as its activation.
 */
function kerasClasses(kind: LayerKind | null, layer: unknown): string[] {
  if (kind === null) return ['Unknown'];
  const leaky = (layer as { activation?: unknown } | null | undefined)?.activation === 'leakyRelu';
  if (kind === 'activation' && leaky) return ['LeakyReLU'];
  return leaky && kind !== 'activation' ? [KERAS_CLASS[kind], 'LeakyReLU'] : [KERAS_CLASS[kind]];
}

/**
 * What Keras needs for this layer's padding. Keras layers pad only 'valid' or 'same' (with zeros),
 * so explicit zero padding before a conv or an average pool is a ZeroPadding2D layer in front of
 * a 'valid' one (an average then counts the zeros, as here). Padding that Keras has no layer for
 * gets a note: other modes than zeros, and a max pool's padding, which Kernelscope (like
 * PyTorch) never picks, while a ZeroPadding2D zero could win the max.
 */
function kerasPadding(layer: unknown): { zeroPadding: [number, number] | null; note: string | null } {
  const settings = (layer ?? {}) as { kind?: unknown; padding?: unknown; paddingMode?: unknown };
  const explicit = readPair(settings.padding);
  const pads = explicit !== null && (explicit[0] > 0 || explicit[1] > 0) ? explicit : null;
  const mode = typeof settings.paddingMode === 'string' ? settings.paddingMode : 'zeros';
  const padded = pads !== null || settings.padding === 'same';
  if (settings.kind === 'maxPool2d' && pads !== null) {
    return { zeroPadding: null, note: "pads without ever picking a padded cell; Keras' ZeroPadding2D would let a padded 0 win the max" };
  }
  if (mode !== 'zeros' && padded) {
    const how = mode === 'reflect' ? "; a Lambda layer with tf.pad(x, paddings, mode='REFLECT') does it" : '';
    return { zeroPadding: null, note: `pads in '${mode}' mode: Keras has no such padding layer${how}` };
  }
  const padsBefore = settings.kind === 'conv2d' || settings.kind === 'separableConv2d' || settings.kind === 'depthwiseConv2d' || settings.kind === 'avgPool2d';
  return { zeroPadding: padsBefore ? pads : null, note: null };
}

/**
 * A note for a conv with a stride above 1 and a dilation above 1: Keras' conv layers (like tfjs')
 * refuse strides != 1 with dilation_rate != 1, so Keras has no one layer for it. Kernelscope runs
 * the conv at stride 1 on the padded input and keeps every s-th row and column.
 */
function kerasStrideNote(layer: unknown): string | null {
  const settings = (layer ?? {}) as { kind?: unknown; strides?: unknown; dilation?: unknown };
  if (settings.kind !== 'conv2d' && settings.kind !== 'separableConv2d' && settings.kind !== 'depthwiseConv2d') return null;
  const strides = readPair(settings.strides);
  const dilation = readPair(settings.dilation);
  if (strides === null || dilation === null || !strides.some((s) => s > 1) || !dilation.some((d) => d > 1)) return null;
  const [sh, sw] = strides;
  return (
    `uses strides=(${sh}, ${sw}) with dilation_rate=(${dilation[0]}, ${dilation[1]}): Keras refuses strides != 1 with dilation_rate != 1; ` +
    `the layer at strides=(1, 1) with padding='valid' on the input padded as the strided layer pads it, then a Lambda layer keeping x[:, ::${sh}, ::${sw}, :], does it`
  );
}

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Keras' to_snake_case: 'MaxPooling2D' -> 'max_pooling2d', 'Conv2D' -> 'conv2d'. */
function snakeCase(className: string): string {
  return className
    .replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** '(None, 24, 24, 8)', or '?' when the shape is unknown. */
function kerasShape(shape: TensorShape | null): string {
  return shape === null ? '?' : `(${['None', ...shape.map(String)].join(', ')})`;
}

/**
 * Keras' column widths for a Sequential model (65 characters with the leading space), widened
 * where a cell would not fit: Keras wraps such cells, which reads badly.
 */
const MIN_WIDTHS = [28, 26, 10] as const;

/**
 * The summary text, one row per Keras layer (a spec layer with leaky ReLU has two).
 * Never throws: layers after the first one whose shape is unknown show '?'
 * for shape and parameters, and the totals then count only the known layers (and say so).
 * Rows hold Keras' per-layer numbers without separators; totals use thousands separators.
 */
export function kerasSummary(spec: NetworkSpec): string {
  const analysis = analyzeNetwork(spec);
  const used = new Map<string, number>();
  const autoName = (className: string): string => {
    const base = snakeCase(className);
    const count = used.get(base) ?? 0;
    used.set(base, count + 1);
    return count === 0 ? base : `${base}_${count}`;
  };
  const notes: string[] = [];
  const rows = analysis.layers.flatMap((layer, index) => {
    const shape = kerasShape(layer.outputShape);
    const params = layer.outputShape === null ? '?' : String(layer.params);
    const raw = spec.layers?.[index];
    const padding = kerasPadding(raw);
    const padRows: (readonly [string, string, string])[] = [];
    if (padding.zeroPadding !== null) {
      const [ph, pw] = padding.zeroPadding;
      const input = layer.inputShape;
      const paddedShape = input?.length === 3 ? [(input[0] ?? 0) + 2 * ph, (input[1] ?? 0) + 2 * pw, input[2] ?? 0] : null;
      padRows.push([`${autoName('ZeroPadding2D')} (ZeroPadding2D)`, kerasShape(paddedShape), '0']);
    }
    const layerRows = kerasClasses(layer.kind, raw).map((className, part) => [`${autoName(className)} (${className})`, shape, part === 0 ? params : '0'] as const);
    for (const note of [padding.note, kerasStrideNote(raw)]) {
      if (note !== null) notes.push(`Note: ${layerRows[0]?.[0] ?? 'a layer'} ${note}.`);
    }
    return [...padRows, ...layerRows];
  });
  const header = ['Layer (type)', 'Output Shape', 'Param #'] as const;
  // A leading space and two spaces between columns, as Keras 2.9+ pads its cells.
  const widths = MIN_WIDTHS.map((min, column) => Math.max(min, ...[header, ...rows].map((row) => row[column].length + 2)));
  const lineLength = 1 + widths.reduce((sum, width) => sum + width, 0);
  const line = (row: readonly string[]): string => ` ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('')}`.trimEnd();
  const rule = (char: string): string => char.repeat(lineLength);

  const incomplete = analysis.layers.some((layer) => layer.outputShape === null);
  const total = (label: string, n: number): string => `${label}: ${formatCount(n)}${incomplete ? ' (layers with ? not counted)' : ''}`;
  const body = rows.length === 0 ? [] : rows.map(line).flatMap((row, index) => (index === 0 ? [row] : [rule('_'), row]));
  return [
    'Model: "sequential"',
    rule('_'),
    line(header),
    rule('='),
    ...body,
    rule('='),
    total('Total params', analysis.totalParams),
    total('Trainable params', analysis.trainableParams),
    total('Non-trainable params', analysis.totalParams - analysis.trainableParams),
    rule('_'),
    ...notes.flatMap((note) => wrap(note, lineLength)),
  ].join('\n');
}
