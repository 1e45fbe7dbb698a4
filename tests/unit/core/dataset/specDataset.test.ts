import { describe, expect, it } from 'vitest';
import { builtinDataset, datasetChangeNote, datasetIdOf, datasetOfSpec, FASHION_MNIST, MNIST, withDataset } from '../../../../src/core/dataset';
import { getPreset } from '../../../../src/core/editing/presets';
import { parseSpec, readSpec, specToJson } from '../../../../src/core/spec/serialize';
import { analyzeNetwork } from '../../../../src/core/analysis/analyze';
import { ownDatasetDescription } from '../../../../src/core/dataset/ownDataset';
import { weightLayout } from '../../../../src/core/export/weightLayout';

const small = () => structuredClone(getPreset('small-cnn')!.spec);

describe('the dataset a network is for', () => {
  it('is MNIST when the spec does not say, as for every network saved before datasets', () => {
    expect(datasetIdOf(small())).toBe('mnist');
    expect(datasetOfSpec(small())).toBe(MNIST);
    expect(datasetOfSpec({ dataset: 'fashion-mnist' })).toBe(FASHION_MNIST);
    expect(datasetOfSpec({ dataset: 'cifar-10' })).toBeNull();
    expect(builtinDataset('fashion-mnist')).toBe(FASHION_MNIST);
  });

  it('switches with withDataset: the input follows the dataset, the layers stay, MNIST is written as no dataset', () => {
    const spec = small();
    const fashion = withDataset(spec, FASHION_MNIST);
    expect(fashion).toEqual({ ...spec, dataset: 'fashion-mnist' });
    expect(fashion.layers).toBe(spec.layers);
    const back = withDataset(fashion, MNIST);
    expect(back).toEqual(spec);
    expect('dataset' in back).toBe(false);
    const colour = withDataset(spec, { ...MNIST, id: 'shapes', inputShape: [32, 32, 3] });
    expect(colour.inputShape).toEqual([32, 32, 3]);
    expect(colour.dataset).toBe('shapes');
  });

  it('goes through JSON and back; MNIST networks read and write exactly as before', () => {
    const spec = small();
    expect(specToJson(spec)).not.toContain('dataset');
    const fashion = withDataset(spec, FASHION_MNIST);
    expect(JSON.parse(specToJson(fashion)).dataset).toBe('fashion-mnist');
    expect(parseSpec(specToJson(fashion))).toEqual({ ok: true, spec: fashion });
    // A file that spells MNIST out reads as the same network as one that does not.
    expect(readSpec({ ...JSON.parse(specToJson(spec)), dataset: 'mnist' })).toEqual({ ok: true, spec });
  });

  it('refuses a dataset field that cannot be an id, with a message', () => {
    for (const bad of [7, '', 'Fashion MNIST', { id: 'x' }]) {
      const result = readSpec({ ...JSON.parse(specToJson(small())), dataset: bad });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/^The network's dataset must be a dataset's id such as "fashion-mnist", but it is /);
    }
    // An id this page lacks is read (the analysis says which dataset it needs).
    expect(readSpec({ ...JSON.parse(specToJson(small())), dataset: 'cifar-10' })).toMatchObject({ ok: true, spec: { dataset: 'cifar-10' } });
  });

  it('says when opening a network moved the page to another dataset, and nothing when it did not', () => {
    const mnist = getPreset('small-cnn')!.spec;
    const fashion = withDataset(mnist, FASHION_MNIST);
    expect(datasetChangeNote(mnist, fashion)).toBe(' It is a network for Fashion-MNIST: the page now uses that dataset.');
    expect(datasetChangeNote(fashion, mnist)).toBe(' It is a network for MNIST: the page now uses that dataset.');
    expect(datasetChangeNote(fashion, fashion)).toBe('');
    expect(datasetChangeNote(mnist, { dataset: 'cifar-10' })).toBe(' It is a network for "cifar-10": the page now uses that dataset.');
    // Someone's own images travel with neither files nor links.
    expect(datasetChangeNote(mnist, { dataset: 'own-abc1' })).toContain('It was made for someone’s own images, which are not in this browser');
  });

  it('a network for a dataset not known here (a user’s own) keeps its weight layout: its classes are not judged without the dataset', () => {
    const own = ownDatasetDescription({ id: 'own-abc', name: 'Leaves', inputShape: [32, 32, 3], classNames: ['ash', 'oak', 'elm'], classCounts: [9, 9, 9] });
    const spec = withDataset(small(), own);
    spec.layers[spec.layers.length - 1] = { ...spec.layers[spec.layers.length - 1]!, units: 3 } as (typeof spec.layers)[number];
    expect(weightLayout(spec)).not.toBeNull();
    expect(analyzeNetwork(spec).valid).toBe(true);
    // Given the dataset, it is judged against it; given none (the page lacks it), it is told so.
    expect(analyzeNetwork(spec, own).valid).toBe(true);
    expect(analyzeNetwork({ ...spec, layers: small().layers }, own).problems.map((p) => p.message)).toContain('The network must end with 3 class probabilities, one per class, but Layer 6 (Dense) gives 10. Set its units to 3.');
    expect(analyzeNetwork(spec, null).valid).toBe(false);
  });
});
