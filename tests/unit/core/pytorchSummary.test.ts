import { describe, expect, it } from 'vitest';
import { updateLayer } from '../../../src/core/editing/edit';
import { getPreset } from '../../../src/core/editing/presets';
import { createLayer } from '../../../src/core/spec/registry';
import { pytorchSummary } from '../../../src/core/summaries/summary';
import { net } from './helpers';
import { allKindsSpec, globalAvgSpec } from './summaryFixtures';

const preset = (id: string) => {
  const spec = getPreset(id)?.spec;
  if (!spec) throw new Error(`no preset ${id}`);
  return spec;
};

/** The module lines without their '  (n): ' prefix. */
const modules = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('  (')).map((l) => l.replace(/^ {2}\(\d+\): /, ''));

const BN_ARGS = 'eps=0.001, momentum=0.01, affine=True, track_running_stats=True';

describe('pytorchSummary', () => {
  it('prints the small CNN exactly as print(model) shows the nn.Sequential', () => {
    expect(pytorchSummary(preset('small-cnn'))).toBe(
      [
        'Sequential(',
        '  (0): Conv2d(1, 8, kernel_size=(5, 5), stride=(1, 1))',
        '  (1): ReLU()',
        '  (2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)',
        '  (3): Conv2d(8, 16, kernel_size=(5, 5), stride=(1, 1))',
        '  (4): ReLU()',
        '  (5): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)',
        '  (6): Flatten(start_dim=1, end_dim=-1)',
        '  (7): Linear(in_features=256, out_features=10, bias=True)',
        '  (8): Softmax(dim=1)',
        ')',
        '# Input: (N, 1, 28, 28), channels first',
        '# Total params: 5,994',
      ].join('\n'),
    );
  });

  it('prints every kind, with fused activations as modules of their own', () => {
    expect(pytorchSummary(allKindsSpec())).toBe(
      [
        'Sequential(',
        "  (0): Conv2d(1, 8, kernel_size=(3, 3), stride=(2, 2))  # TF 'same' pads top 0, bottom 1, left 0, right 1; nn.ZeroPad2d((0, 1, 0, 1)) before an unpadded conv matches it",
        '  (1): LeakyReLU(negative_slope=0.01)',
        `  (2): BatchNorm2d(8, ${BN_ARGS})`,
        '  (3): Conv2d(8, 16, kernel_size=(3, 3), stride=(1, 1), padding=same, dilation=(2, 2), groups=8, bias=False)',
        '  (4): Conv2d(16, 16, kernel_size=(1, 1), stride=(1, 1))',
        '  (5): ELU(alpha=1.0)',
        '  (6): Conv2d(16, 16, kernel_size=(3, 3), stride=(1, 1), groups=16, bias=False)',
        '  (7): Sigmoid()',
        "  (8): AvgPool2d(kernel_size=3, stride=1, padding=1)  # build it with count_include_pad=False: TF's 'same' averages only real pixels",
        '  (9): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)',
        '  (10): Dropout(p=0.25, inplace=False)',
        '  (11): Tanh()',
        '  (12): AdaptiveMaxPool2d(output_size=1)',
        '  (13): Flatten(start_dim=1, end_dim=-1)',
        '  (14): Linear(in_features=16, out_features=32, bias=True)',
        '  (15): ReLU()',
        `  (16): BatchNorm1d(32, ${BN_ARGS})`,
        '  (17): Linear(in_features=32, out_features=10, bias=False)',
        '  (18): Softmax(dim=1)',
        ')',
        '# Input: (N, 1, 28, 28), channels first',
        '# Total params: 1,664, of which 80 are BatchNorm running statistics (buffers in PyTorch)',
      ].join('\n'),
    );
  });

  it('turns global average pooling into AdaptiveAvgPool2d + Flatten', () => {
    expect(modules(pytorchSummary(globalAvgSpec()))).toEqual([
      'Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1))',
      'AdaptiveAvgPool2d(output_size=1)',
      'Flatten(start_dim=1, end_dim=-1)',
      'Linear(in_features=4, out_features=10, bias=True)',
      'Softmax(dim=1)',
    ]);
    expect(pytorchSummary(globalAvgSpec())).toContain('# Input: (N, 3, 32, 32), channels first');
  });

  it('prints separable convs as depthwise (groups = channels, no bias) then pointwise', () => {
    const spec = net([createLayer('conv2d', 'a', { filters: 6, activation: 'linear' }), createLayer('separableConv2d', 'b', { filters: 12, depthMultiplier: 3, useBias: false, activation: 'linear' })]);
    expect(modules(pytorchSummary(spec)).slice(1)).toEqual([
      'Conv2d(6, 18, kernel_size=(3, 3), stride=(1, 1), groups=6, bias=False)',
      'Conv2d(18, 12, kernel_size=(1, 1), stride=(1, 1), bias=False)',
    ]);
  });

  it('pads strided convs explicitly: even TF padding exactly, uneven with a note', () => {
    const conv = (kernel: number, stride: number, input: number) =>
      modules(pytorchSummary(net([createLayer('conv2d', 'c', { kernelSize: [kernel, kernel], strides: [stride, stride], padding: 'same', activation: 'linear' })], [input, input, 1])))[0];
    // n = 29, k = 3, s = 2: ceil(29/2) = 15 outputs need (15-1)*2 + 3 - 29 = 2 zeros, one each side.
    expect(conv(3, 2, 29)).toBe('Conv2d(1, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))');
    // n = 28, k = 5, s = 2: (14-1)*2 + 5 - 28 = 3 zeros, 1 before and 2 after.
    expect(conv(5, 2, 28)).toBe(
      "Conv2d(1, 8, kernel_size=(5, 5), stride=(2, 2), padding=(1, 1))  # TF 'same' pads top 1, bottom 2, left 1, right 2; nn.ZeroPad2d((1, 2, 1, 2)) before an unpadded conv matches it",
    );
    // Stride 1 uses PyTorch's own padding='same', which splits even kernels' padding as TF does.
    expect(conv(4, 1, 28)).toBe('Conv2d(1, 8, kernel_size=(4, 4), stride=(1, 1), padding=same)');
  });

  it('pads pools explicitly, as PyTorch pools have no padding=same', () => {
    const pool = (kind: 'maxPool2d' | 'avgPool2d', size: [number, number], strides: [number, number], input: number) =>
      modules(pytorchSummary(net([createLayer(kind, 'p', { poolSize: size, strides, padding: 'same' })], [input, input, 2])))[0];
    expect(pool('maxPool2d', [2, 2], [2, 2], 28)).toBe('MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)');
    expect(pool('maxPool2d', [3, 3], [1, 1], 28)).toBe('MaxPool2d(kernel_size=3, stride=1, padding=1, dilation=1, ceil_mode=False)');
    expect(pool('avgPool2d', [4, 4], [1, 1], 8)).toBe(
      "AvgPool2d(kernel_size=4, stride=1, padding=1)  # TF 'same' pads top 1, bottom 2, left 1, right 2; PyTorch pads both sides alike; build it with count_include_pad=False: TF's 'same' averages only real pixels",
    );
    expect(pool('maxPool2d', [2, 2], [2, 2], 7)).toBe(
      "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)  # TF 'same' pads top 0, bottom 1, left 0, right 1; PyTorch pads both sides alike",
    );
    expect(pool('avgPool2d', [2, 3], [1, 2], 8)).toBe(
      "AvgPool2d(kernel_size=(2, 3), stride=(1, 2), padding=0)  # TF 'same' pads top 0, bottom 1, left 0, right 1; PyTorch pads both sides alike",
    );
  });

  it('prints every activation function as its PyTorch module', () => {
    const fns = ['relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'softmax'] as const;
    const spec = net([createLayer('flatten', 'f'), ...fns.map((fn) => createLayer('activation', fn, { activation: fn }))]);
    expect(modules(pytorchSummary(spec)).slice(1)).toEqual(['ReLU()', 'LeakyReLU(negative_slope=0.01)', 'ELU(alpha=1.0)', 'Sigmoid()', 'Tanh()', 'Softmax(dim=1)']);
    const dense = net([createLayer('flatten', 'f'), createLayer('dense', 'd', { units: 5, activation: 'linear' }), createLayer('dropout', 'o', { rate: 0 })]);
    expect(modules(pytorchSummary(dense)).slice(1)).toEqual(['Linear(in_features=784, out_features=5, bias=True)', 'Dropout(p=0.0, inplace=False)']);
  });

  it('prints ? where a broken layer makes sizes unknown, and never throws', () => {
    const broken = updateLayer(preset('small-cnn'), 'small-cnn-1', { kernelSize: [30, 30] });
    const text = pytorchSummary(broken);
    expect(modules(text)).toEqual([
      'Conv2d(1, 8, kernel_size=(30, 30), stride=(1, 1))',
      'ReLU()',
      'MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)',
      'Conv2d(?, 16, kernel_size=(5, 5), stride=(1, 1))',
      'ReLU()',
      'MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)',
      'Flatten(start_dim=1, end_dim=-1)',
      'Linear(in_features=?, out_features=10, bias=True)',
      'Softmax(dim=1)',
    ]);
    expect(text.split('\n').at(-1)).toBe('# Total params: 0 (layers with unknown shapes not counted)');
  });

  it('keeps batch norm 2d or 1d, and says why strided same padding is unknown, after a broken layer', () => {
    const spec = net([
      createLayer('conv2d', 'a', { kernelSize: [30, 30] }),
      createLayer('batchNorm', 'b'),
      createLayer('separableConv2d', 'c', { strides: [2, 2], padding: 'same', activation: 'linear' }),
      createLayer('flatten', 'd'),
      createLayer('batchNorm', 'e'),
      createLayer('dense', 'f'),
    ]);
    expect(modules(pytorchSummary(spec))).toEqual([
      'Conv2d(1, 8, kernel_size=(30, 30), stride=(1, 1))',
      'ReLU()',
      `BatchNorm2d(?, ${BN_ARGS})`,
      "Conv2d(?, ?, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), groups=?, bias=False)  # TF's 'same' padding depends on the input size, unknown here",
      'Conv2d(?, 16, kernel_size=(1, 1), stride=(1, 1))',
      'Flatten(start_dim=1, end_dim=-1)',
      `BatchNorm1d(?, ${BN_ARGS})`,
      'Linear(in_features=?, out_features=10, bias=True)',
      'Softmax(dim=1)',
    ]);
  });

  it('prints ? for settings that are not what their type says', () => {
    const odd = {
      ...net([]),
      layers: [{ id: 'a', kind: 'conv2d', filters: 'many', kernelSize: null, strides: [1], padding: 'wide', dilation: {}, activation: 'swish', useBias: 1 }, null, { id: 'b', kind: 'dropout', rate: Symbol('r') }],
    } as never;
    expect(modules(pytorchSummary(odd))).toEqual([
      'Conv2d(1, ?, kernel_size=?, stride=?, padding=?, dilation=?, bias=?)',
      '?()',
      '?()',
      'Dropout(p=?, inplace=False)',
    ]);
  });
});

describe('pytorchSummary with explicit padding and padding modes', () => {
  it('prints padding=(h, w) and padding_mode as print(model) does, and pools their padding', () => {
    const spec = net([
      createLayer('conv2d', 'a', { filters: 8, padding: [1, 1], paddingMode: 'reflect' }),
      createLayer('depthwiseConv2d', 'b', { padding: [2, 1], paddingMode: 'replicate', activation: 'linear' }),
      createLayer('conv2d', 'c', { filters: 4, padding: 'same', paddingMode: 'circular', activation: 'linear' }),
      createLayer('conv2d', 'd', { filters: 4, strides: [2, 2], padding: 'same', paddingMode: 'reflect', activation: 'linear' }),
      createLayer('maxPool2d', 'p', { padding: [1, 1] }),
      createLayer('avgPool2d', 'q', { poolSize: [3, 3], strides: [1, 1], padding: [1, 0] }),
    ]);
    expect(modules(pytorchSummary(spec))).toEqual([
      'Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), padding_mode=reflect)',
      'ReLU()',
      'Conv2d(8, 8, kernel_size=(3, 3), stride=(1, 1), padding=(2, 1), groups=8, padding_mode=replicate)',
      'Conv2d(8, 4, kernel_size=(3, 3), stride=(1, 1), padding=same, padding_mode=circular)',
      "Conv2d(4, 4, kernel_size=(3, 3), stride=(2, 2), padding_mode=reflect)  # TF 'same' pads top 0, bottom 1, left 0, right 1; nn.ReflectionPad2d((0, 1, 0, 1)) before an unpadded conv matches it",
      'MaxPool2d(kernel_size=2, stride=2, padding=1, dilation=1, ceil_mode=False)',
      'AvgPool2d(kernel_size=3, stride=1, padding=(1, 0))',
    ]);
  });
});
