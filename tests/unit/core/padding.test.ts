/**
 * Explicit padding and padding modes in the core: the version-1 migration, parsing, shapes,
 * sliding windows, validation messages with their quick fixes, and the builder's words.
 */
import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { applyQuickFix } from '../../../src/core/editing/applyFix';
import { slidingWindowOf } from '../../../src/core/math/slidingWindow';
import { receptiveField } from '../../../src/core/math/receptiveField';
import { PRESETS } from '../../../src/core/editing/presets';
import { parseSpec, specToJson } from '../../../src/core/spec/serialize';
import { SPEC_VERSION, type LayerSpec } from '../../../src/core/spec/spec';
import { classifier, layer, net } from './helpers';

const errorsOf = (layers: LayerSpec[], input: [number, number, number] = [28, 28, 1]) =>
  analyzeNetwork(net([...layers, ...classifier()], input)).problems.filter((p) => p.severity === 'error');

describe('version 1 -> 2', () => {
  it('loads a version-1 network, as browsers saved it, as version 2 with the same meaning', () => {
    // specToJson of the small CNN under version 1: no paddingMode anywhere.
    const v1 = {
      version: 1,
      inputShape: [28, 28, 1],
      layers: [
        { id: 'a', kind: 'conv2d', filters: 8, kernelSize: [5, 5], strides: [1, 1], padding: 'same', dilation: [1, 1], activation: 'relu', useBias: true },
        { id: 'b', kind: 'maxPool2d', poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
        { id: 'c', kind: 'separableConv2d', filters: 4, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', dilation: [1, 1], depthMultiplier: 1, activation: 'linear', useBias: true },
        { id: 'd', kind: 'depthwiseConv2d', kernelSize: [3, 3], strides: [1, 1], padding: 'same', dilation: [1, 1], depthMultiplier: 1, activation: 'linear', useBias: false },
        { id: 'e', kind: 'flatten' },
        { id: 'f', kind: 'dense', units: 10, activation: 'softmax', useBias: true },
      ],
    };
    const parsed = parseSpec(JSON.stringify(v1));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.spec.version).toBe(SPEC_VERSION);
    expect(SPEC_VERSION).toBe(2);
    expect(parsed.spec.layers.map((l) => ('paddingMode' in l ? l.paddingMode : null))).toEqual(['zeros', null, 'zeros', 'zeros', null, null]);
    expect(parsed.spec.layers.map((l) => ('padding' in l ? l.padding : null))).toEqual(['same', 'valid', 'valid', 'same', null, null]);
    const analysis = analyzeNetwork(parsed.spec);
    expect(analysis.valid).toBe(true);
    expect(analysis.layers.map((l) => l.outputShape)).toEqual([[28, 28, 8], [14, 14, 8], [12, 12, 4], [12, 12, 4], [576], [10]]);
    // Saved again, it reads back unchanged.
    expect(parseSpec(specToJson(parsed.spec))).toEqual(parsed);
  });

  it('migrates every preset written as version 1 to the preset itself', () => {
    for (const { spec } of PRESETS) {
      const v1 = { ...spec, version: 1, layers: spec.layers.map((l) => Object.fromEntries(Object.entries(l).filter(([key]) => key !== 'paddingMode'))) };
      expect(parseSpec(JSON.stringify(v1))).toEqual({ ok: true, spec });
    }
  });

  it('reads padding=n as [n, n] and keeps [h, w]', () => {
    const parsed = parseSpec(JSON.stringify({ version: 2, inputShape: [28, 28, 1], layers: [{ id: 'a', kind: 'conv2d', padding: 2 }, { id: 'b', kind: 'avgPool2d', padding: [1, 0] }, { id: 'c', kind: 'maxPool2d', padding: [1] }] }));
    expect(parsed.ok && parsed.spec.layers.map((l) => ('padding' in l ? l.padding : null))).toEqual([[2, 2], [1, 0], [1, 1]]);
  });

  it.each([
    [{ padding: { h: 1 } }, 'Layer 1 (conv2d) has padding an object; padding must be'],
    [{ padding: true }, 'Layer 1 (conv2d) has padding true;'],
    [{ padding: null }, 'Layer 1 (conv2d) has padding empty (null);'],
    [{ paddingMode: 3 }, "Layer 1 (conv2d) has padding mode 3; it must be one of 'zeros', 'reflect', 'replicate', 'circular'."],
  ])('rejects malformed padding %j with a message', (fields, message) => {
    const parsed = parseSpec(JSON.stringify({ version: 2, inputShape: [28, 28, 1], layers: [{ id: 'a', kind: 'conv2d', ...fields }] }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });

  it('leaves padding of the right type but a wrong value to the analysis, with a fix', () => {
    const parsed = parseSpec(JSON.stringify({ version: 2, inputShape: [28, 28, 1], layers: [{ id: 'a', kind: 'conv2d', padding: [-1, 40] }, { id: 'b', kind: 'conv2d', padding: 'full', paddingMode: 'mirror' }] }));
    if (!parsed.ok) throw new Error(parsed.message);
    const problems = analyzeNetwork(parsed.spec).problems;
    expect(problems.find((p) => p.layerIndex === 0 && p.field === 'padding')).toMatchObject({
      message: "Layer 1 (Conv2D): padding must be 'valid', 'same', or whole numbers of cells from 0 to 15 for each side as [height, width] (such as [1, 1]), but it is [-1, 40].",
      fix: { value: [0, 15], label: 'Set padding to 0x15' },
    });
    expect(problems.find((p) => p.layerIndex === 1 && p.field === 'paddingMode')).toMatchObject({
      message: `Layer 2 (Conv2D): padding mode must be one of 'zeros', 'reflect', 'replicate', 'circular', but it is the text "mirror".`,
      fix: { value: 'zeros' },
    });
  });
});

describe('explicit padding shapes and windows', () => {
  it('pads p cells on each side: PyTorch output sizes, per axis', () => {
    const analysis = analyzeNetwork(net([layer('conv2d', { kernelSize: [5, 3], strides: [2, 1], padding: [2, 1], paddingMode: 'reflect' }), layer('maxPool2d', { poolSize: [3, 3], strides: [2, 2], padding: [1, 1] }), ...classifier()]));
    // (28 + 4 - 5) / 2 + 1 = 14, 28 + 2 - 3 + 1 = 28; then (14 + 2 - 3) / 2 + 1 = 7, (28 + 2 - 3) / 2 + 1 = 14.
    expect(analysis.layers.map((l) => l.outputShape).slice(0, 2)).toEqual([[14, 28, 8], [7, 14, 8]]);
    expect(analysis.layers[0]?.macs).toBe(14 * 28 * 8 * 5 * 3);
  });

  it('gives slidingWindowOf the pads, the mode, and whether an average counts its padding', () => {
    expect(slidingWindowOf(layer('conv2d', { padding: [2, 1], paddingMode: 'circular' }), [8, 8, 1])).toMatchObject({ pads: { top: 2, bottom: 2, left: 1, right: 1 }, mode: 'circular', countPadding: false });
    expect(slidingWindowOf(layer('avgPool2d', { padding: [1, 0] }), [8, 8, 1])).toMatchObject({ pads: { top: 1, bottom: 1, left: 0, right: 0 }, mode: 'zeros', countPadding: true });
    expect(slidingWindowOf(layer('avgPool2d', { padding: 'same', poolSize: [3, 3], strides: [1, 1] }), [8, 8, 1])).toMatchObject({ pads: { top: 1, bottom: 1 }, countPadding: false });
    expect(slidingWindowOf(layer('maxPool2d', { padding: [1, 1] }), [8, 8, 1])).toMatchObject({ mode: 'zeros', countPadding: false });
  });

  it('reads real cells through reflect, replicate and circular borders', () => {
    const at = (paddingMode: 'zeros' | 'reflect' | 'replicate' | 'circular') => receptiveField(net([layer('conv2d', { padding: [1, 1], paddingMode })], [6, 6, 1]), 0, 0, 0)?.input;
    expect(at('zeros')).toEqual({ rowStart: 0, rowEnd: 1, colStart: 0, colEnd: 1 });
    expect(at('replicate')).toEqual({ rowStart: 0, rowEnd: 1, colStart: 0, colEnd: 1 });
    expect(at('reflect')).toEqual({ rowStart: 0, rowEnd: 1, colStart: 0, colEnd: 1 });
    // Circular: row -1 is row 5, so the box spans the whole map.
    expect(at('circular')).toEqual({ rowStart: 0, rowEnd: 5, colStart: 0, colEnd: 5 });
  });
});

describe('padding problems and their quick fixes', () => {
  it('reflect needs padding below the input side', () => {
    const conv = layer('conv2d', { padding: [1, 3], paddingMode: 'reflect' });
    const spec = net([conv, ...classifier()], [5, 3, 1]);
    const [problem] = analyzeNetwork(spec).problems;
    expect(problem).toMatchObject({
      layerIndex: 0,
      field: 'padding',
      message: "Layer 1 (Conv2D): Reflect padding of 3 needs an input at least 4 wide; this layer gets 3. Use padding 1x2 or the 'replicate' mode.",
      fix: { type: 'setParam', field: 'padding', value: [1, 2], label: 'Use padding 1x2' },
    });
    expect(analyzeNetwork(applyQuickFix(spec, problem!.fix!)).valid).toBe(true);
    expect(errorsOf([layer('conv2d', { padding: [3, 3], paddingMode: 'reflect' })], [3, 3, 1])[0]?.message).toBe(
      "Layer 1 (Conv2D): Reflect padding of 3 needs an input at least 4x4; this layer gets 3x3. Use padding 2 or the 'replicate' mode.",
    );
    expect(errorsOf([layer('depthwiseConv2d', { padding: [3, 1], paddingMode: 'reflect' })], [3, 8, 1])[0]?.message).toBe(
      "Layer 1 (DepthwiseConv2D): Reflect padding of 3 needs an input at least 4 high; this layer gets 3. Use padding 2x1 or the 'replicate' mode.",
    );
    // Replicate and zeros take any padding.
    expect(errorsOf([layer('conv2d', { padding: [3, 3], paddingMode: 'replicate' })], [3, 3, 1])).toEqual([]);
    expect(errorsOf([layer('conv2d', { padding: [3, 3] })], [3, 3, 1])).toEqual([]);
  });

  it('circular needs padding at most the input side', () => {
    expect(errorsOf([layer('separableConv2d', { padding: [3, 3], paddingMode: 'circular' })], [3, 3, 1])).toEqual([]);
    expect(errorsOf([layer('separableConv2d', { padding: [4, 2], paddingMode: 'circular' })], [3, 3, 1])[0]).toMatchObject({
      message: "Layer 1 (SeparableConv2D): Circular padding of 4 needs an input at least 4 high; this layer gets 3. Use padding 3x2 or the 'replicate' mode.",
      fix: { value: [3, 2] },
    });
  });

  it("'same' in reflect mode on a tiny map offers the 'replicate' mode", () => {
    const spec = net([layer('conv2d', { kernelSize: [7, 7], padding: 'same', paddingMode: 'reflect' }), ...classifier()], [3, 3, 1]);
    const [problem] = analyzeNetwork(spec).problems;
    expect(problem).toMatchObject({
      field: 'paddingMode',
      message: "Layer 1 (Conv2D): Reflect padding of 3 (what 'same' adds here) needs an input at least 4x4; this layer gets 3x3. Use the 'replicate' mode or explicit padding.",
      fix: { field: 'paddingMode', value: 'replicate', label: "Use the 'replicate' mode" },
    });
    expect(analyzeNetwork(applyQuickFix(spec, problem!.fix!)).valid).toBe(true);
  });

  it('pool padding is at most half the pool size', () => {
    const spec = net([layer('avgPool2d', { poolSize: [2, 3], strides: [2, 2], padding: [2, 2] }), ...classifier()]);
    const [problem] = analyzeNetwork(spec).problems;
    expect(problem).toMatchObject({
      field: 'padding',
      message: 'Layer 1 (AvgPool2D): padding 2 is more than half its 2x3 pool window, so some windows would hold only padding. PyTorch allows at most 1 here. Use padding 1.',
      fix: { value: [1, 1], label: 'Use padding 1' },
    });
    expect(analyzeNetwork(applyQuickFix(spec, problem!.fix!)).valid).toBe(true);
    expect(errorsOf([layer('maxPool2d', { poolSize: [3, 3], strides: [1, 1], padding: [1, 1] })])).toEqual([]);
  });
});
