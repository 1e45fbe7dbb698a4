import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { createBlockLayers, LAYER_BLOCKS } from '../../../src/core/editing/blocks';
import { insertLayers } from '../../../src/core/editing/edit';
import { getPreset } from '../../../src/core/editing/presets';
import { formatShape } from '../../../src/core/spec/format';
import { classifier, net } from './helpers';

let n = 0;
const makeId = (kind: string): string => `${kind}-b${(n += 1)}`;

describe('layer blocks', () => {
  it('lists the Conv block with a name and a description', () => {
    expect(LAYER_BLOCKS.map((b) => b.id)).toEqual(['conv-block']);
    for (const block of LAYER_BLOCKS) {
      expect(block.name.length).toBeGreaterThan(0);
      expect(block.description).toMatch(/^[A-Z].*\.$/);
      expect(Object.keys(block).sort()).toEqual(['description', 'id', 'name']);
    }
  });

  it('the Conv block is conv, ReLU, conv, ReLU, max pool, with ids from makeId', () => {
    const layers = createBlockLayers('conv-block', (kind) => `id-${kind}-${Math.random()}`);
    expect(layers.map((l) => l.kind)).toEqual(['conv2d', 'activation', 'conv2d', 'activation', 'maxPool2d']);
    expect(layers[0]).toMatchObject({ filters: 32, kernelSize: [3, 3], padding: 'same', activation: 'linear', strides: [1, 1] });
    expect(layers[1]).toMatchObject({ activation: 'relu' });
    expect(layers[4]).toMatchObject({ poolSize: [2, 2], strides: [2, 2], padding: 'valid' });
    expect(layers.every((l) => l.id.startsWith(`id-${l.kind}-`))).toBe(true);
  });

  it('gives fresh layers every call, sharing no arrays', () => {
    const [a] = createBlockLayers('conv-block', makeId);
    const [, , b] = createBlockLayers('conv-block', makeId);
    if (a?.kind !== 'conv2d' || b?.kind !== 'conv2d') throw new Error('expected convs');
    expect(a.kernelSize).not.toBe(b.kernelSize);
  });

  it('has 9,568 parameters on MNIST and halves the size', () => {
    // conv 9*1*32 + 32 = 320; conv 9*32*32 + 32 = 9,248; ReLU and pool have none. 320 + 9,248 = 9,568.
    const analysis = analyzeNetwork(net([...createBlockLayers('conv-block', makeId), ...classifier()]));
    expect(analysis.problems).toEqual([]);
    expect(analysis.layers.slice(0, 5).map((l) => formatShape(l.outputShape))).toEqual(['28x28x32', '28x28x32', '28x28x32', '28x28x32', '14x14x32']);
    expect(analysis.layers.slice(0, 5).reduce((sum, l) => sum + l.params, 0)).toBe(9_568);
  });

  it('inserts into a preset as one edit and keeps it valid', () => {
    const spec = getPreset('small-cnn')?.spec;
    if (!spec) throw new Error('no preset');
    // After the first pool (12x12x8): conv 9*8*32 + 32 = 2,336; conv 9,248; output 6x6x32.
    const next = insertLayers(spec, 2, createBlockLayers('conv-block', makeId));
    const analysis = analyzeNetwork(next);
    expect(analysis.valid).toBe(true);
    expect(analysis.layers.slice(2, 7).reduce((sum, l) => sum + l.params, 0)).toBe(2_336 + 9_248);
    expect(formatShape(analysis.layers[6]?.outputShape ?? null)).toBe('6x6x32');
  });

  it('throws for an unknown block', () => {
    expect(() => createBlockLayers('nope', makeId)).toThrow(/no layer block "nope"/);
  });
});
