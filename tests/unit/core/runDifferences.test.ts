import { describe, expect, it } from 'vitest';
import { getPreset } from '../../../src/core/editing/presets';
import { createLayer } from '../../../src/core/spec/registry';
import { FASHION_MNIST, withDataset } from '../../../src/core/dataset';
import { describeDesign, describeDifferences, type RunDesign } from '../../../src/core/training/runDifferences';
import { DEFAULT_SETTINGS } from '../../../src/core/training/training';

const small = getPreset('small-cnn')!;
const base: RunDesign = { spec: small.spec, settings: { ...DEFAULT_SETTINGS, learningRate: 0.001, schedule: 'constant', augmentation: 'none', batchSize: 32, epochs: 3 } };

describe('describeDifferences', () => {
  it('names the settings that differ, in the legend’s words', () => {
    const other: RunDesign = { ...base, settings: { ...base.settings, learningRate: 0.01 } };
    expect(describeDifferences(other, base)).toEqual(['lr 0.01 vs 0.001']);
    const more: RunDesign = { ...base, settings: { ...base.settings, batchSize: 64, schedule: 'cosine', augmentation: 'shift' } };
    expect(describeDifferences(more, base)).toEqual(['cosine lr vs constant lr', 'batch 64 vs 32', 'shifts vs no augmentation']);
  });

  it('names a layer added ("+ BatchNorm") with the parameter count, and one removed', () => {
    const withNorm: RunDesign = { ...base, spec: { ...base.spec, layers: [base.spec.layers[0]!, createLayer('batchNorm', 'bn'), ...base.spec.layers.slice(1)] } };
    expect(describeDifferences(withNorm, base)).toEqual(['+ BatchNorm', '6,026 vs 5,994 parameters']);
    expect(describeDifferences(base, withNorm)[0]).toBe('− BatchNorm');
  });

  it('names the parameters that changed when the layers are the same kinds in the same order', () => {
    const wide = getPreset('best-accuracy')!;
    expect(describeDifferences({ spec: wide.spec, settings: base.settings }, base)).toEqual(['Conv2D 1 filters 16 vs 8', 'Conv2D 2 filters 32 vs 16']);
  });

  it('says when nothing differs, and keeps a long list to four items', () => {
    expect(describeDifferences(base, base)).toEqual(['same network and settings']);
    const lots: RunDesign = { spec: getPreset('mnist-cnn')!.spec, settings: { optimizer: 'sgd', learningRate: 0.1, batchSize: 8, epochs: 9, schedule: 'cosine', augmentation: 'shift' } };
    const words = describeDifferences(lots, base);
    expect(words).toHaveLength(4);
    expect(words[3]).toMatch(/^\d+ more differences$/);
  });
});

describe('describeDesign', () => {
  it('names optimizer, rate, schedule, batch, epochs, augmentation and size', () => {
    expect(describeDesign({ spec: small.spec, settings: { ...base.settings, schedule: 'cosine', augmentation: 'shift' } })).toBe(
      'MNIST; Adam, lr 0.001 (cosine decay to 0), batch 32, 3 epochs, random shifts (up to 2 pixels); 5,994 parameters',
    );
    expect(describeDesign({ spec: withDataset(small.spec, FASHION_MNIST), settings: base.settings })).toMatch(/^Fashion-MNIST; Adam, /);
  });

  it('names the dataset first when two runs trained on different ones', () => {
    const fashion = { ...base, spec: withDataset(base.spec, FASHION_MNIST) };
    expect(describeDifferences(fashion, base)[0]).toBe('Fashion-MNIST vs MNIST');
    expect(describeDifferences({ ...fashion, settings: { ...base.settings, batchSize: 64 } }, base)).toEqual(['Fashion-MNIST vs MNIST', 'batch 64 vs 32']);
  });
});
