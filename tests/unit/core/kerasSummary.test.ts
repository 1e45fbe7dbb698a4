import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { updateLayer } from '../../../src/core/editing/edit';
import { getPreset } from '../../../src/core/editing/presets';
import { createLayer } from '../../../src/core/spec/registry';
import { kerasSummary } from '../../../src/core/summaries/summary';
import { allKindsSpec, globalAvgSpec } from './summaryFixtures';
import { net } from './helpers';

const preset = (id: string) => {
  const spec = getPreset(id)?.spec;
  if (!spec) throw new Error(`no preset ${id}`);
  return spec;
};

/** The table rows only: no rules, title or totals. */
const rows = (text: string): string[] => text.split('\n').filter((line) => line.startsWith(' '));

describe('kerasSummary', () => {
  it('prints the small CNN exactly as Keras 2 would, with columns widened instead of wrapped', () => {
    expect(kerasSummary(preset('small-cnn')).split('\n')).toEqual([
      'Model: "sequential"',
      '_____________________________________________________________________',
      ' Layer (type)                    Output Shape              Param #',
      '=====================================================================',
      ' conv2d (Conv2D)                 (None, 24, 24, 8)         208',
      '_____________________________________________________________________',
      ' max_pooling2d (MaxPooling2D)    (None, 12, 12, 8)         0',
      '_____________________________________________________________________',
      ' conv2d_1 (Conv2D)               (None, 8, 8, 16)          3216',
      '_____________________________________________________________________',
      ' max_pooling2d_1 (MaxPooling2D)  (None, 4, 4, 16)          0',
      '_____________________________________________________________________',
      ' flatten (Flatten)               (None, 256)               0',
      '_____________________________________________________________________',
      ' dense (Dense)                   (None, 10)                2570',
      '=====================================================================',
      'Total params: 5,994',
      'Trainable params: 5,994',
      'Non-trainable params: 0',
      '_____________________________________________________________________',
    ]);
  });

  it('names every kind with Keras class names and numbered auto names, and counts batch norm statistics as non-trainable', () => {
    // The conv's leaky ReLU is a LeakyReLU layer of its own in Keras, as in the tfjs model.
    const lines = kerasSummary(allKindsSpec()).split('\n');
    expect(rows(lines.join('\n'))).toEqual([
      ' Layer (type)                                Output Shape              Param #',
      ' conv2d (Conv2D)                             (None, 14, 14, 8)         80',
      ' leaky_re_lu (LeakyReLU)                     (None, 14, 14, 8)         0',
      ' batch_normalization (BatchNormalization)    (None, 14, 14, 8)         32',
      ' separable_conv2d (SeparableConv2D)          (None, 14, 14, 16)        416',
      ' depthwise_conv2d (DepthwiseConv2D)          (None, 12, 12, 16)        144',
      ' average_pooling2d (AveragePooling2D)        (None, 12, 12, 16)        0',
      ' max_pooling2d (MaxPooling2D)                (None, 6, 6, 16)          0',
      ' dropout (Dropout)                           (None, 6, 6, 16)          0',
      ' activation (Activation)                     (None, 6, 6, 16)          0',
      ' global_max_pooling2d (GlobalMaxPooling2D)   (None, 16)                0',
      ' dense (Dense)                               (None, 32)                544',
      ' batch_normalization_1 (BatchNormalization)  (None, 32)                128',
      ' dense_1 (Dense)                             (None, 10)                320',
      ' activation_1 (Activation)                   (None, 10)                0',
    ]);
    expect(lines.slice(-4)).toEqual(['Total params: 1,664', 'Trainable params: 1,584', 'Non-trainable params: 80', '_'.repeat(81)]);
    // Every rule is as wide as the widest row.
    for (const line of lines.filter((l) => /^[_=]+$/.test(l))) expect(line).toHaveLength(81);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(81);
  });

  it('widens the name column to fit global average pooling', () => {
    expect(rows(kerasSummary(globalAvgSpec())).slice(1)).toEqual([
      ' conv2d (Conv2D)                                    (None, 30, 30, 4)         112',
      ' global_average_pooling2d (GlobalAveragePooling2D)  (None, 4)                 0',
      ' dense (Dense)                                      (None, 10)                50',
    ]);
  });

  it('shows ? for shapes and params after the first broken layer, and says the totals are partial', () => {
    const broken = updateLayer(preset('small-cnn'), 'small-cnn-3', { kernelSize: [30, 30] });
    const text = kerasSummary(broken);
    expect(rows(text).slice(1).map((row) => row.trim().split(/\s{2,}/))).toEqual([
      ['conv2d (Conv2D)', '(None, 24, 24, 8)', '208'],
      ['max_pooling2d (MaxPooling2D)', '(None, 12, 12, 8)', '0'],
      ['conv2d_1 (Conv2D)', '?', '?'],
      ['max_pooling2d_1 (MaxPooling2D)', '?', '?'],
      ['flatten (Flatten)', '?', '?'],
      ['dense (Dense)', '?', '?'],
    ]);
    expect(text).toContain('Total params: 208 (layers with ? not counted)');
  });

  it('prints an empty network and never throws on odd settings', () => {
    const empty = kerasSummary(net([]));
    expect(empty).toContain('Total params: 0');
    expect(rows(empty)).toHaveLength(1);
    const odd = { ...net([]), layers: [{ id: 'x', kind: 'conv2d', filters: 'many', kernelSize: null }, null, { kind: 'warp' }] } as never;
    expect(() => kerasSummary(odd)).not.toThrow();
    expect(rows(kerasSummary(odd)).slice(1).map((row) => row.trim().split(/\s{2,}/))).toEqual([
      ['conv2d (Conv2D)', '?', '?'],
      ['unknown (Unknown)', '?', '?'],
      ['unknown_1 (Unknown)', '?', '?'],
    ]);
  });

  it('prints leaky ReLU as LeakyReLU layers, numbered like every other class', () => {
    const spec = net([
      createLayer('flatten', 'a'),
      createLayer('dense', 'b', { units: 16, activation: 'leakyRelu' }),
      createLayer('activation', 'c', { activation: 'leakyRelu' }),
      createLayer('dense', 'd'),
    ]);
    expect(rows(kerasSummary(spec)).slice(1).map((row) => row.trim().split(/\s{2,}/))).toEqual([
      ['flatten (Flatten)', '(None, 784)', '0'],
      ['dense (Dense)', '(None, 16)', '12560'],
      ['leaky_re_lu (LeakyReLU)', '(None, 16)', '0'],
      ['leaky_re_lu_1 (LeakyReLU)', '(None, 16)', '0'],
      ['dense_1 (Dense)', '(None, 10)', '170'],
    ]);
  });

  it('totals equal the analysis', () => {
    for (const spec of [allKindsSpec(), globalAvgSpec(), preset('mnist-cnn')]) {
      const analysis = analyzeNetwork(spec);
      const text = kerasSummary(spec);
      expect(text).toContain(`Total params: ${analysis.totalParams.toLocaleString('en-US')}\n`);
      expect(text).toContain(`Trainable params: ${analysis.trainableParams.toLocaleString('en-US')}\n`);
    }
  });
});

describe('kerasSummary with explicit padding and padding modes', () => {
  it('puts a ZeroPadding2D layer before explicitly zero-padded convs and average pools, and notes what Keras lacks', () => {
    const spec = net([
      createLayer('conv2d', 'a', { filters: 8, padding: [2, 1] }),
      createLayer('conv2d', 'b', { filters: 8, padding: [1, 1], paddingMode: 'reflect' }),
      createLayer('maxPool2d', 'p', { padding: [1, 1] }),
      createLayer('avgPool2d', 'q', { poolSize: [3, 3], strides: [1, 1], padding: [1, 1] }),
      createLayer('flatten', 'f'),
      createLayer('dense', 'o', { units: 10, activation: 'softmax' }),
    ]);
    const text = kerasSummary(spec);
    expect(rows(text).slice(1, 7).map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
      'zero_padding2d (ZeroPadding2D) (None, 32, 30, 1) 0',
      'conv2d (Conv2D) (None, 30, 28, 8) 80',
      'conv2d_1 (Conv2D) (None, 30, 28, 8) 584',
      'max_pooling2d (MaxPooling2D) (None, 16, 15, 8) 0',
      'zero_padding2d_1 (ZeroPadding2D) (None, 18, 17, 8) 0',
      'average_pooling2d (AveragePooling2D) (None, 16, 15, 8) 0',
    ]);
    const notes = text.slice(text.indexOf('Note:')).replace(/\n/g, ' ');
    expect(notes).toBe(
      "Note: conv2d_1 (Conv2D) pads in 'reflect' mode: Keras has no such padding layer; a Lambda layer with tf.pad(x, paddings, mode='REFLECT') does it. " +
        "Note: max_pooling2d (MaxPooling2D) pads without ever picking a padded cell; Keras' ZeroPadding2D would let a padded 0 win the max.",
    );
    expect(analyzeNetwork(spec).totalParams).toBe(80 + 584 + 16 * 15 * 8 * 10 + 10);
  });
});

describe('kerasSummary with a stride and a dilation above 1', () => {
  it('notes that Keras refuses them together, and how to build the layer anyway', () => {
    const spec = net([
      createLayer('conv2d', 'a', { filters: 4, kernelSize: [5, 5], strides: [2, 2], dilation: [2, 2], padding: [2, 2], paddingMode: 'reflect' }),
      createLayer('conv2d', 'b', { filters: 4, strides: [2, 2] }),
      createLayer('separableConv2d', 'c', { filters: 4, strides: [1, 2], dilation: [2, 1], padding: 'same' }),
      createLayer('flatten', 'f'),
      createLayer('dense', 'o', { units: 10, activation: 'softmax' }),
    ]);
    const notes = kerasSummary(spec).split('\n').join(' ');
    const strideNotes = notes.slice(notes.indexOf('Note:')).split('Note: ').filter((note) => note.includes('dilation_rate'));
    expect(strideNotes.map((note) => note.trim())).toEqual([
      'conv2d (Conv2D) uses strides=(2, 2) with dilation_rate=(2, 2): Keras refuses strides != 1 with dilation_rate != 1; ' +
        "the layer at strides=(1, 1) with padding='valid' on the input padded as the strided layer pads it, then a Lambda layer keeping x[:, ::2, ::2, :], does it.",
      'separable_conv2d (SeparableConv2D) uses strides=(1, 2) with dilation_rate=(2, 1): Keras refuses strides != 1 with dilation_rate != 1; ' +
        "the layer at strides=(1, 1) with padding='valid' on the input padded as the strided layer pads it, then a Lambda layer keeping x[:, ::1, ::2, :], does it.",
    ]);
    // The reflect padding keeps its own note.
    expect(notes).toContain("Note: conv2d (Conv2D) pads in 'reflect' mode");
  });
});
