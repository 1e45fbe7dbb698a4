import { describe, expect, it } from 'vitest';
import { PARAM_RANGES } from '../../../src/core/spec/paramRanges';
import { createLayer, getLayerDefinition, isLayerKind, LAYER_KINDS, LAYER_REGISTRY, newLayerId } from '../../../src/core/spec/registry';
import type { LayerKind } from '../../../src/core/spec/spec';

const EXPECTED_LABELS: Record<LayerKind, string> = {
  conv2d: 'Conv2D',
  separableConv2d: 'SeparableConv2D',
  depthwiseConv2d: 'DepthwiseConv2D',
  maxPool2d: 'MaxPool2D',
  avgPool2d: 'AvgPool2D',
  globalAvgPool2d: 'GlobalAvgPool2D',
  globalMaxPool2d: 'GlobalMaxPool2D',
  flatten: 'Flatten',
  dense: 'Dense',
  activation: 'Activation',
  dropout: 'Dropout',
  batchNorm: 'BatchNorm',
};

describe('layer registry', () => {
  it('has a definition with the right label and a one-sentence description for every kind', () => {
    expect([...LAYER_KINDS].sort()).toEqual(Object.keys(EXPECTED_LABELS).sort());
    for (const kind of LAYER_KINDS) {
      const definition = LAYER_REGISTRY[kind];
      expect(definition.kind).toBe(kind);
      expect(definition.label).toBe(EXPECTED_LABELS[kind]);
      expect(definition.description).toMatch(/^[A-Z].*\.$/);
      expect(definition.description.split('. ')).toHaveLength(1);
    }
  });

  it('describes exactly the settings its defaults have', () => {
    for (const kind of LAYER_KINDS) {
      const definition = getLayerDefinition(kind);
      expect(definition.params.map((p) => p.field).sort()).toEqual(Object.keys(definition.defaults).sort());
    }
  });

  it('has the documented defaults', () => {
    expect(createLayer('conv2d', 'a')).toEqual({
      id: 'a',
      kind: 'conv2d',
      filters: 8,
      kernelSize: [3, 3],
      strides: [1, 1],
      padding: 'valid',
      paddingMode: 'zeros',
      dilation: [1, 1],
      activation: 'relu',
      useBias: true,
    });
    expect(createLayer('maxPool2d', 'p')).toEqual({ id: 'p', kind: 'maxPool2d', poolSize: [2, 2], strides: [2, 2], padding: 'valid' });
    expect(createLayer('avgPool2d', 'p')).toMatchObject({ poolSize: [2, 2], strides: [2, 2], padding: 'valid' });
    expect(createLayer('dropout', 'd')).toEqual({ id: 'd', kind: 'dropout', rate: 0.25 });
    expect(createLayer('dense', 'd')).toMatchObject({ units: 10, useBias: true });
    expect(createLayer('separableConv2d', 's')).toMatchObject({ depthMultiplier: 1 });
    expect(createLayer('depthwiseConv2d', 's')).toMatchObject({ depthMultiplier: 1, dilation: [1, 1] });
    expect(createLayer('flatten', 'f')).toEqual({ id: 'f', kind: 'flatten' });
  });

  it('applies overrides and never shares pair arrays between layers', () => {
    const a = createLayer('conv2d', 'a', { filters: 32, padding: 'same' });
    const b = createLayer('conv2d', 'b');
    expect(a).toMatchObject({ filters: 32, padding: 'same', kernelSize: [3, 3] });
    a.kernelSize[0] = 7;
    expect(b.kernelSize).toEqual([3, 3]);
    expect(getLayerDefinition('conv2d').defaults.kernelSize).toEqual([3, 3]);
  });

  it('exports the documented parameter ranges', () => {
    expect(PARAM_RANGES).toEqual({
      filters: { min: 1, max: 1024 },
      kernelSize: { min: 1, max: 15 },
      padding: { min: 0, max: 15 },
      strides: { min: 1, max: 8 },
      dilation: { min: 1, max: 8 },
      units: { min: 1, max: 8192 },
      depthMultiplier: { min: 1, max: 16 },
      poolSize: { min: 1, max: 8 },
    });
    const rate = getLayerDefinition('dropout').params[0];
    expect(rate).toMatchObject({ field: 'rate', type: 'fraction', min: 0, maxExclusive: 1 });
  });

  it('limits depthwise dilation to 1, since tfjs ignores it there', () => {
    const dilation = getLayerDefinition('depthwiseConv2d').params.find((p) => p.field === 'dilation');
    expect(dilation).toMatchObject({ type: 'pair', min: 1, max: 1 });
  });

  it('recognises layer kinds', () => {
    expect(isLayerKind('conv2d')).toBe(true);
    expect(isLayerKind('conv3d')).toBe(false);
    expect(isLayerKind('toString')).toBe(false);
    expect(isLayerKind(3)).toBe(false);
  });

  it('makes unique layer ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newLayerId('conv2d')));
    expect(ids.size).toBe(1000);
    expect(newLayerId('dense')).toMatch(/^dense-\d+-[a-z0-9]{6}$/);
  });
});
