/** Settings out of range, of the wrong type, or in combinations tfjs refuses. */
import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import type { LayerKind, LayerSpec } from '../../../src/core/spec/spec';
import { classifier, layer, net } from './helpers';

/** The problems of a network whose first layer is `kind` with `field` set to `value`. */
function problemsWith(kind: LayerKind, field: string, value: unknown) {
  const first = { ...layer(kind), [field]: value } as LayerSpec;
  const rest = kind === 'dense' ? [layer('dense')] : classifier();
  const spec = kind === 'dense' ? net([layer('flatten'), first, ...rest]) : net([first, ...rest]);
  return analyzeNetwork(spec).problems;
}

function onlyProblem(kind: LayerKind, field: string, value: unknown) {
  const problems = problemsWith(kind, field, value);
  expect(problems).toHaveLength(1);
  const [problem] = problems;
  expect(problem).toMatchObject({ severity: 'error', field });
  return problem;
}

describe('settings out of range or of the wrong type', () => {
  it('filters 0: names the field and range, and fixes by clamping', () => {
    expect(onlyProblem('conv2d', 'filters', 0)).toEqual({
      severity: 'error',
      layerIndex: 0,
      field: 'filters',
      message: 'Layer 1 (Conv2D): filters must be a whole number from 1 to 1024, but it is 0.',
      fix: { type: 'setParam', layerIndex: 0, field: 'filters', value: 1, label: 'Set filters to 1' },
    });
  });

  it.each([
    ['conv2d', 'filters', 5000, 1024, 'but it is 5000.'],
    ['conv2d', 'filters', 2.5, 3, 'but it is 2.5.'],
    ['conv2d', 'filters', Number.NaN, 8, 'but it is not a number (NaN).'],
    ['conv2d', 'filters', Number.POSITIVE_INFINITY, 8, 'but it is infinite.'],
    ['conv2d', 'filters', '8', 8, 'but it is the text "8".'],
    ['conv2d', 'filters', undefined, 8, 'but it is missing.'],
    ['separableConv2d', 'filters', -3, 1, 'but it is -3.'],
    ['dense', 'units', 0, 1, 'units must be a whole number from 1 to 8192'],
    ['dense', 'units', 10_000, 8192, 'but it is 10000.'],
    ['depthwiseConv2d', 'depthMultiplier', 17, 16, 'depth multiplier must be a whole number from 1 to 16'],
    ['separableConv2d', 'depthMultiplier', 0, 1, 'but it is 0.'],
  ] as const)('%s %s = %s', (kind, field, value, fixValue, text) => {
    const problem = onlyProblem(kind, field, value);
    expect(problem?.message).toContain(text);
    expect(problem?.fix).toMatchObject({ type: 'setParam', field, value: fixValue });
  });

  it.each([
    ['conv2d', 'kernelSize', [3, 0], [3, 1]],
    ['conv2d', 'kernelSize', [20, 20], [15, 15]],
    ['conv2d', 'kernelSize', 5, [5, 5]],
    ['conv2d', 'kernelSize', [4], [4, 4]],
    ['conv2d', 'kernelSize', ['a', 2], [3, 2]],
    ['conv2d', 'kernelSize', null, [3, 3]],
    ['conv2d', 'strides', [0, 1], [1, 1]],
    ['conv2d', 'dilation', [9, 1], [8, 1]],
    ['maxPool2d', 'poolSize', [9, 9], [8, 8]],
    ['avgPool2d', 'strides', [2, 2.5], [2, 3]],
  ] as const)('%s %s = %j is fixed to %j', (kind, field, value, fixValue) => {
    const problem = onlyProblem(kind, field, value);
    expect(problem?.message).toMatch(/must be two whole numbers from \d+ to \d+ \(height and width\)/);
    expect(problem?.fix).toMatchObject({ type: 'setParam', field, value: fixValue });
  });

  it('kernel size message and fix label', () => {
    expect(onlyProblem('conv2d', 'kernelSize', [3, 0])).toMatchObject({
      message: 'Layer 1 (Conv2D): kernel size must be two whole numbers from 1 to 15 (height and width), but it is [3, 0].',
      fix: { label: 'Set kernel size to 3x1' },
    });
  });

  it('dropout rate: 0 is fine, 1 and negatives are not', () => {
    expect(problemsWith('dropout', 'rate', 0)).toEqual([]);
    expect(problemsWith('dropout', 'rate', 0.99)).toEqual([]);
    expect(onlyProblem('dropout', 'rate', 1)).toMatchObject({
      message: 'Layer 1 (Dropout): rate must be a number from 0 up to but not including 1, but it is 1.',
      fix: { value: 0.25 },
    });
    expect(onlyProblem('dropout', 'rate', -0.1)?.fix).toMatchObject({ value: 0 });
    expect(onlyProblem('dropout', 'rate', Number.NaN)?.fix).toMatchObject({ value: 0.25 });
  });

  it('choices and booleans', () => {
    expect(onlyProblem('conv2d', 'padding', 'full')).toMatchObject({
      message: `Layer 1 (Conv2D): padding must be 'valid', 'same', or whole numbers of cells from 0 to 15 for each side as [height, width] (such as [1, 1]), but it is the text "full".`,
      fix: { value: 'valid', label: "Set padding to 'valid'" },
    });
    expect(onlyProblem('conv2d', 'activation', 'swish')?.message).toContain(`activation must be one of 'linear', 'relu'`);
    expect(onlyProblem('activation', 'activation', 'linear')?.message).toContain(`function must be one of 'relu', 'leakyRelu'`);
    expect(onlyProblem('dense', 'useBias', 'yes')).toMatchObject({
      message: 'Layer 2 (Dense): use bias must be true or false, but it is the text "yes".',
      fix: { value: true },
    });
  });

  it('a bad shape setting makes later shapes unknown; a bad activation does not', () => {
    const badFilters = analyzeNetwork(net([{ ...layer('conv2d'), filters: 0 } as LayerSpec, ...classifier()]));
    expect(badFilters.layers.map((l) => l.outputShape)).toEqual([null, null, null]);
    const badActivation = analyzeNetwork(net([{ ...layer('conv2d'), activation: 'nope' } as unknown as LayerSpec, ...classifier()]));
    expect(badActivation.layers.map((l) => l.outputShape)).toEqual([[26, 26, 8], [5408], [10]]);
    expect(badActivation.valid).toBe(false);
  });

  it('reports bad settings on every layer, even after shapes became unknown', () => {
    const spec = net([{ ...layer('conv2d'), filters: 0 } as LayerSpec, layer('flatten'), { ...layer('dense'), units: -1 } as LayerSpec]);
    expect(analyzeNetwork(spec).problems.map((p) => [p.layerIndex, p.field])).toEqual([
      [0, 'filters'],
      [2, 'units'],
    ]);
  });
});

describe('strides above 1 together with dilation above 1', () => {
  // tfjs refuses the two together; the model strides after a stride-1 dilated conv (src/tf/buildModel.ts).
  it.each(['conv2d', 'separableConv2d'] as const)('%s: allowed, with the strided output size', (kind) => {
    const spec = net([layer(kind, { strides: [2, 2], dilation: [2, 2], padding: 'same' }), ...classifier()]);
    const analysis = analyzeNetwork(spec);
    expect(analysis.problems).toEqual([]);
    expect(analysis.layers[0]?.outputShape?.slice(0, 2)).toEqual([14, 14]);
  });

  it('explicit padding in a padding mode, and on different axes', () => {
    const reflect = analyzeNetwork(net([layer('conv2d', { kernelSize: [5, 5], strides: [2, 2], dilation: [2, 2], padding: [2, 2], paddingMode: 'reflect' }), ...classifier()]));
    expect(reflect.problems).toEqual([]);
    // (28 + 2*2 - 2*(5-1) - 1) / 2 + 1 = 12 (floored).
    expect(reflect.layers[0]?.outputShape?.slice(0, 2)).toEqual([12, 12]);
    const crossed = analyzeNetwork(net([layer('conv2d', { strides: [2, 1], dilation: [1, 2] }), ...classifier()]));
    expect(crossed.problems).toEqual([]);
    expect(crossed.layers[0]?.outputShape?.slice(0, 2)).toEqual([13, 24]);
  });

  it('either one alone is fine', () => {
    expect(analyzeNetwork(net([layer('conv2d', { strides: [2, 2] }), ...classifier()])).problems).toEqual([]);
    expect(analyzeNetwork(net([layer('conv2d', { dilation: [2, 2] }), ...classifier()])).problems).toEqual([]);
  });
});

describe('depthwise dilation', () => {
  it('depthwise dilation must stay 1 (tfjs ignores it)', () => {
    const problem = onlyProblem('depthwiseConv2d', 'dilation', [2, 2]);
    expect(problem?.message).toContain('exactly 1');
    expect(problem?.message).toContain('TensorFlow.js does not support dilation on depthwise layers');
    expect(problem?.fix).toMatchObject({ value: [1, 1] });
  });
});
