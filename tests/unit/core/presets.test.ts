import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { DEFAULT_PRESET_ID, getPreset, PRESETS, presetSuits } from '../../../src/core/editing/presets';
import { COLOUR_SHAPES, datasetOfSpec, MNIST, withDatasetClassifier } from '../../../src/core/dataset';
import { formatShape } from '../../../src/core/spec/format';
import { DEFAULT_SETTINGS, readSettings } from '../../../src/core/training/training';

const summary = (id: string) => {
  const spec = getPreset(id)?.spec;
  if (!spec) throw new Error(`no preset ${id}`);
  const analysis = analyzeNetwork(spec);
  return { total: analysis.totalParams, shapes: analysis.layers.map((l) => formatShape(l.outputShape)) };
};

describe('presets', () => {
  it('has the nine presets, small-cnn first and default; each says the datasets it suits', () => {
    expect(PRESETS.map((p) => p.id)).toEqual(['small-cnn', 'best-accuracy', 'fashion-cnn', 'colour-cnn', 'mnist-cnn', 'lenet5', 'tiny-vgg', 'seed-simple-cnn', 'seed-deep-cnn']);
    const fashion = getPreset('fashion-cnn')!;
    expect(fashion.spec.dataset).toBe('fashion-mnist');
    expect([presetSuits(fashion, 'fashion-mnist'), presetSuits(fashion, 'mnist')]).toEqual([true, false]);
    expect(PRESETS.filter((p) => p.datasets === undefined).every((p) => presetSuits(p, 'mnist') && presetSuits(p, 'fashion-mnist'))).toBe(true);
    expect(DEFAULT_PRESET_ID).toBe('small-cnn');
    expect(getPreset(DEFAULT_PRESET_ID)?.name).toBe('Small CNN (fast on CPU)');
    expect(getPreset('nope')).toBeUndefined();
  });

  it('makes a preset for another dataset with its input and one classifier unit per class', () => {
    const small = getPreset('small-cnn')!.spec;
    const colour = withDatasetClassifier(small, COLOUR_SHAPES);
    expect(colour.dataset).toBe('colour-shapes');
    expect(colour.inputShape).toEqual([32, 32, 3]);
    expect(colour.layers.at(-1)).toMatchObject({ kind: 'dense', units: 9, activation: 'softmax' });
    expect(colour.layers.slice(0, -1)).toEqual(small.layers.slice(0, -1));
    expect(analyzeNetwork(colour, COLOUR_SHAPES).problems).toEqual([]);
    // Back to MNIST: written without a dataset, ten units again.
    const back = withDatasetClassifier(colour, MNIST);
    expect(back).toEqual(small);
    // A network that ends in no softmax Dense keeps its layers.
    const plain = { ...small, layers: small.layers.slice(0, -1) };
    expect(withDatasetClassifier(plain, COLOUR_SHAPES).layers).toEqual(plain.layers);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s analyzes with zero problems', (_id, preset) => {
    const analysis = analyzeNetwork(preset.spec);
    const dataset = datasetOfSpec(preset.spec);
    expect(analysis.problems).toEqual([]);
    expect(analyzeNetwork(preset.spec, dataset).problems).toEqual([]);
    expect(analysis.outputShape).toEqual([dataset?.classNames.length]);
    expect(preset.spec.inputShape).toEqual(dataset?.inputShape);
    expect(preset.name.length).toBeGreaterThan(0);
    expect(preset.description.length).toBeGreaterThan(0);
  });

  it('layer ids are unique across all presets and stable', () => {
    const ids = PRESETS.flatMap((p) => p.spec.layers.map((l) => l.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(getPreset('small-cnn')?.spec.layers.map((l) => l.id)).toEqual(['small-cnn-1', 'small-cnn-2', 'small-cnn-3', 'small-cnn-4', 'small-cnn-5', 'small-cnn-6']);
  });

  it('each preset carries settings that readSettings accepts; Best accuracy trains longer, decays the rate and shifts the images', () => {
    for (const preset of PRESETS) expect(readSettings(preset.settings)).toEqual({ ok: true, settings: preset.settings });
    expect(getPreset('small-cnn')?.settings).toEqual(DEFAULT_SETTINGS);
    expect(getPreset('best-accuracy')?.settings).toMatchObject({ schedule: 'cosine', augmentation: 'shift' });
    expect(summary('best-accuracy')).toEqual({ total: 18378, shapes: ['24x24x16', '12x12x16', '8x8x32', '4x4x32', '512', '10'] });
  });

  it('small-cnn', () => {
    expect(summary('small-cnn')).toEqual({ total: 5994, shapes: ['24x24x8', '12x12x8', '8x8x16', '4x4x16', '256', '10'] });
  });

  it('the classic MNIST CNN has exactly 421,642 parameters', () => {
    expect(summary('mnist-cnn')).toEqual({ total: 421_642, shapes: ['28x28x32', '14x14x32', '14x14x64', '7x7x64', '3136', '128', '10'] });
  });

  it('LeNet-5 has 61,706 parameters', () => {
    expect(summary('lenet5')).toEqual({ total: 61_706, shapes: ['28x28x6', '14x14x6', '10x10x16', '5x5x16', '400', '120', '84', '10'] });
  });

  it('TinyVGG', () => {
    expect(summary('tiny-vgg')).toEqual({ total: 4440, shapes: ['26x26x10', '24x24x10', '12x12x10', '10x10x10', '8x8x10', '4x4x10', '160', '10'] });
  });

  it('Seed SimpleCNN: conv, pool, ReLU, then the classifier, 63,050 parameters', () => {
    // conv 3x3 same, 32 filters on 1 channel: 9*1*32 + 32 = 320; pool 28 -> 14; ReLU;
    // flatten 14*14*32 = 6,272; Dense 6,272*10 + 10 = 62,730. Total 320 + 62,730 = 63,050.
    expect(getPreset('seed-simple-cnn')?.name).toBe('Seed SimpleCNN');
    expect(getPreset('seed-simple-cnn')?.spec.layers.map((l) => l.kind)).toEqual(['conv2d', 'maxPool2d', 'activation', 'flatten', 'dense']);
    expect(getPreset('seed-simple-cnn')?.spec.layers[0]).toMatchObject({ filters: 32, kernelSize: [3, 3], padding: 'same', activation: 'linear' });
    expect(summary('seed-simple-cnn')).toEqual({ total: 63_050, shapes: ['28x28x32', '14x14x32', '14x14x32', '6272', '10'] });
  });

  it('Seed DeepCNN: three same-padded convs 16/32/64 and the classifier, 525,066 parameters', () => {
    // 9*1*16 + 16 = 160; 9*16*32 + 32 = 4,640; 9*32*64 + 64 = 18,496; flatten 28*28*64 = 50,176;
    // Dense 50,176*10 + 10 = 501,770. Total 160 + 4,640 + 18,496 + 501,770 = 525,066.
    expect(getPreset('seed-deep-cnn')?.name).toBe('Seed DeepCNN');
    expect(summary('seed-deep-cnn')).toEqual({ total: 525_066, shapes: ['28x28x16', '28x28x32', '28x28x64', '50176', '10'] });
  });
});
