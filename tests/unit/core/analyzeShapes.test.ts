/** Shape problems, wrong-rank inputs and whole-network structure problems. */
import { describe, expect, it } from 'vitest';
import { analyzeNetwork, PARAM_WARNING_THRESHOLD } from '../../../src/core/analysis/analyze';
import type { LayerKind } from '../../../src/core/spec/spec';
import { classifier, layer, net } from './helpers';

const errors = (spec: unknown) => analyzeNetwork(spec).problems.filter((p) => p.severity === 'error');

describe('a valid network', () => {
  it('has no problems and sums its layers', () => {
    const analysis = analyzeNetwork(net([layer('conv2d'), layer('maxPool2d'), ...classifier()]));
    expect(analysis.problems).toEqual([]);
    expect(analysis.valid).toBe(true);
    expect(analysis.outputShape).toEqual([10]);
    expect(analysis.layers.map((l) => l.outputShape)).toEqual([[26, 26, 8], [13, 13, 8], [1352], [10]]);
    expect(analysis.layers.map((l) => l.inputShape)).toEqual([[28, 28, 1], [26, 26, 8], [13, 13, 8], [1352]]);
    expect(analysis.totalParams).toBe(80 + 13530);
    expect(analysis.trainableParams).toBe(analysis.totalParams);
    expect(analysis.totalMacs).toBe(26 * 26 * 8 * 9 + 1352 * 10);
    expect(analysis.layers[0]).toMatchObject({ index: 0, kind: 'conv2d', label: 'Conv2D' });
  });
});

describe('spatial size shrinking to zero', () => {
  it('a valid-padded kernel larger than its input', () => {
    const spec = net([layer('conv2d', { padding: 'same' }), layer('maxPool2d'), layer('maxPool2d'), layer('conv2d', { kernelSize: [5, 5] }), ...classifier()], [12, 12, 1]);
    const analysis = analyzeNetwork(spec);
    expect(analysis.problems).toEqual([
      {
        severity: 'error',
        layerIndex: 3,
        field: 'kernelSize',
        message: "Layer 4 (Conv2D): its 5x5 kernel is larger than its 3x3 input. Use padding 'same', a smaller kernel, or remove a pooling layer above it.",
        fix: { type: 'setParam', layerIndex: 3, field: 'padding', value: 'same', label: "Use padding 'same'" },
      },
    ]);
    // Later layers have unknown shapes and no cascade of messages.
    expect(analysis.layers.map((l) => l.outputShape)).toEqual([[12, 12, 8], [6, 6, 8], [3, 3, 8], null, null, null]);
    expect(analysis.layers[4]?.inputShape).toBeNull();
    expect(analysis.outputShape).toBeNull();
    expect(analysis.valid).toBe(false);
  });

  it('a dilated kernel whose span d(k-1)+1 exceeds the input', () => {
    const [problem] = errors(net([layer('conv2d', { dilation: [3, 3] }), ...classifier()], [6, 6, 1]));
    expect(problem?.message).toBe(
      "Layer 1 (Conv2D): with dilation 3x3 its 3x3 kernel spans 7x7, which is larger than its 6x6 input. Use padding 'same', a smaller kernel or dilation, or remove a pooling layer above it.",
    );
    expect(errors(net([layer('conv2d', { dilation: [3, 3] }), ...classifier()], [7, 7, 1]))).toEqual([]);
  });

  it('only one axis too small is enough', () => {
    const [problem] = errors(net([layer('conv2d', { kernelSize: [3, 9] }), ...classifier()], [28, 8, 1]));
    expect(problem?.message).toContain('its 3x9 kernel is larger than its 28x8 input');
  });

  it('separable and depthwise convs and pools', () => {
    for (const kind of ['separableConv2d', 'depthwiseConv2d'] as const) {
      expect(errors(net([layer(kind, { kernelSize: [5, 5] }), ...classifier()], [4, 4, 2]))[0]).toMatchObject({ layerIndex: 0, field: 'kernelSize' });
    }
    const [pool] = errors(net([layer('maxPool2d'), layer('avgPool2d'), ...classifier()], [3, 3, 1]));
    expect(pool).toMatchObject({ layerIndex: 1, field: 'poolSize' });
    expect(pool?.message).toBe(
      "Layer 2 (AvgPool2D): its 2x2 pool window is larger than its 1x1 input. Use padding 'same', a smaller pool size, or remove a pooling layer above it.",
    );
  });

  it("'same' padding never shrinks to zero", () => {
    expect(errors(net([layer('conv2d', { kernelSize: [15, 15], padding: 'same', strides: [8, 8] }), ...classifier()], [1, 1, 1]))).toEqual([]);
  });
});

describe('layers that get the wrong kind of input', () => {
  it('dense on a feature map offers to insert a Flatten there', () => {
    const analysis = analyzeNetwork(net([layer('conv2d'), layer('dense', { units: 10, activation: 'softmax' })]));
    expect(analysis.problems).toEqual([
      {
        severity: 'error',
        layerIndex: 1,
        message: 'Layer 2 (Dense) needs a flat list of numbers, but its input is a 26x26x8 feature map. Insert a Flatten layer just above it.',
        fix: { type: 'insertLayer', at: 1, kind: 'flatten', label: 'Insert Flatten here' },
      },
    ]);
    expect(analysis.layers[1]?.outputShape).toBeNull();
  });

  it.each<LayerKind>(['conv2d', 'separableConv2d', 'depthwiseConv2d', 'maxPool2d', 'avgPool2d', 'globalAvgPool2d', 'globalMaxPool2d'])(
    '%s on a flat vector says to move it above the Flatten',
    (kind) => {
      const analysis = analyzeNetwork(net([layer('conv2d'), layer('flatten'), layer(kind), layer('dense')]));
      expect(analysis.problems).toHaveLength(1);
      const [problem] = analysis.problems;
      expect(problem).toMatchObject({ severity: 'error', layerIndex: 2 });
      expect(problem?.message).toContain('needs a height x width x channels feature map, but its input is a flat vector of 5,408 numbers');
      expect(problem?.message).toContain('Move it above Layer 2 (Flatten)');
    },
  );

  it('a second Flatten says to remove it', () => {
    const [problem] = errors(net([layer('flatten'), layer('flatten'), layer('dense')]));
    expect(problem?.message).toBe(
      'Layer 2 (Flatten) needs a height x width x channels feature map, but its input is a flat vector of 784 numbers. It was already flattened by Layer 1 (Flatten), so remove this layer.',
    );
  });

  it('names a global pool as the layer that flattened', () => {
    const [problem] = errors(net([layer('globalAvgPool2d'), layer('conv2d'), layer('dense')]));
    expect(problem?.message).toContain('Move it above Layer 1 (GlobalAvgPool2D)');
  });

  it('shape-preserving layers accept both', () => {
    const spec = net([layer('batchNorm'), layer('dropout'), layer('activation'), layer('flatten'), layer('batchNorm'), layer('dropout'), layer('activation'), layer('dense')]);
    expect(analyzeNetwork(spec).problems).toEqual([]);
  });
});

describe('whole-network structure', () => {
  it('an empty network offers the classifier', () => {
    const analysis = analyzeNetwork(net([]));
    expect(analysis.problems).toHaveLength(1);
    expect(analysis.problems[0]).toMatchObject({
      severity: 'error',
      layerIndex: null,
      fix: { type: 'appendClassifier', label: 'Add Flatten + Dense(10) + softmax' },
    });
    expect(analysis.problems[0]?.message).toContain('no layers');
    expect(analysis.outputShape).toEqual([28, 28, 1]);
  });

  it.each([[[28, 28]], [[0, 28, 1]], [[28, 28, Number.NaN]], [[28.5, 28, 1]], ['28x28'], [undefined], [[28, 28, 65]], [[2000, 28, 1]]])(
    'an invalid input shape %j',
    (inputShape) => {
      const analysis = analyzeNetwork({ version: 1, inputShape, layers: [layer('flatten'), layer('dense')] });
      expect(analysis.problems).toHaveLength(1);
      expect(analysis.problems[0]).toMatchObject({ severity: 'error', layerIndex: null, field: 'inputShape' });
      expect(analysis.problems[0]?.message).toContain('three whole numbers [height, width, channels]');
      expect(analysis.layers.map((l) => l.outputShape)).toEqual([null, null]);
      expect(analysis.valid).toBe(false);
    },
  );

  it('an unknown layer kind', () => {
    const analysis = analyzeNetwork({ version: 1, inputShape: [28, 28, 1], layers: [{ id: 'x', kind: 'conv3d' }, layer('flatten'), layer('dense')] });
    expect(analysis.problems).toHaveLength(1);
    expect(analysis.problems[0]).toMatchObject({ severity: 'error', layerIndex: 0, field: 'kind' });
    expect(analysis.problems[0]?.message).toMatch(/^Layer 1 has an unknown kind, "conv3d"\. Remove it, or replace it with one of: Conv2D, /);
    expect(analysis.layers[0]).toMatchObject({ kind: null, label: 'Unknown layer', outputShape: null });
    expect(analysis.layers[1]?.inputShape).toBeNull();
  });

  it('a layer that is not an object', () => {
    const [problem] = errors({ version: 1, inputShape: [28, 28, 1], layers: [null, layer('dense')] });
    expect(problem).toMatchObject({ layerIndex: 0, message: 'Layer 1 is not a layer description (it is empty (null)). Remove it.' });
  });

  it('duplicate and missing ids', () => {
    const a = layer('conv2d');
    const b = { ...layer('flatten'), id: a.id };
    const analysis = analyzeNetwork(net([a, b, { ...layer('dense'), id: '' }]));
    expect(analysis.problems).toEqual([
      {
        severity: 'error',
        layerIndex: 1,
        field: 'id',
        message: `Layer 2 (Flatten) has the same id "${a.id}" as Layer 1 (Conv2D). Every layer needs its own id.`,
      },
      { severity: 'error', layerIndex: 2, field: 'id', message: 'Layer 3 (Dense) has no id (it is the text ""). Every layer needs its own text id.' },
    ]);
    // Id problems do not stop shape inference.
    expect(analysis.outputShape).toEqual([10]);
  });

  it('a spec that is not an object, or has no layer list', () => {
    expect(errors(42)[0]?.message).toContain('This is not a network description');
    expect(errors(null)[0]?.message).toContain('it is empty (null)');
    expect(errors({ version: 1, inputShape: [28, 28, 1] })[0]).toMatchObject({ field: 'layers', message: 'The network has no list of layers (its layers are missing).' });
  });

  it('warns, without an error, above 50 million parameters', () => {
    const spec = net([layer('conv2d', { filters: 64, padding: 'same' }), layer('flatten'), layer('dense', { units: 1024, activation: 'relu' }), layer('dense')]);
    const analysis = analyzeNetwork(spec);
    expect(analysis.totalParams).toBeGreaterThan(PARAM_WARNING_THRESHOLD);
    expect(analysis.valid).toBe(true);
    expect(analysis.problems).toHaveLength(1);
    expect(analysis.problems[0]).toMatchObject({ severity: 'warning', layerIndex: null });
    expect(analysis.problems[0]?.message).toContain('51,392,138 parameters');
  });
});
