import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { PRESETS } from '../../../src/core/editing/presets';
import { datasetOfSpec } from '../../../src/core/dataset';
import { SPEC_VERSION, type NetworkSpec } from '../../../src/core/spec/spec';
import { buildModel } from '../../../src/tf/buildModel';
import { validSpecArb } from '../core/arbitraries';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Output shape (without the batch axis) and parameter count of each spec layer, as tfjs built it. */
function tfjsLayerFacts(spec: NetworkSpec): { shape: number[]; params: number }[] {
  const { model, layersBySpecIndex } = buildModel(spec);
  try {
    return layersBySpecIndex.map((tfLayers) => {
      const last = tfLayers[tfLayers.length - 1];
      if (!last) throw new Error('a spec layer built no tfjs layer');
      const shape = (last.outputShape as (number | null)[]).slice(1) as number[];
      return { shape, params: tfLayers.reduce((sum, l) => sum + l.countParams(), 0) };
    });
  } finally {
    model.dispose();
  }
}

describe('buildModel', () => {
  it('agrees with the core on every layer of random valid networks', () => {
    fc.assert(
      fc.property(validSpecArb, (spec) => {
        const analysis = analyzeNetwork(spec);
        expect(analysis.valid).toBe(true);
        const facts = tfjsLayerFacts(spec);
        expect(facts.map((f) => f.shape)).toEqual(analysis.layers.map((l) => l.outputShape));
        expect(facts.map((f) => f.params)).toEqual(analysis.layers.map((l) => l.params));
      }),
      { numRuns: 60 },
    );
  });

  it.each(PRESETS.map((p) => [p.name, p.spec] as const))('builds preset %s with the core parameter count', (_name, spec) => {
    const { model } = buildModel(spec);
    expect(model.countParams()).toBe(analyzeNetwork(spec).totalParams);
    expect(model.outputs[0]?.shape).toEqual([null, datasetOfSpec(spec)?.classNames.length]);
    model.dispose();
  });

  it('builds the classic MNIST CNN with 421,642 parameters', () => {
    const spec = PRESETS.find((p) => p.id === 'mnist-cnn')?.spec;
    if (!spec) throw new Error('mnist-cnn preset missing');
    const { model } = buildModel(spec);
    expect(model.countParams()).toBe(421_642);
    model.dispose();
  });

  it('applies dropout only in training', () => {
    const spec: NetworkSpec = {
      version: SPEC_VERSION,
      inputShape: [4, 4, 1],
      layers: [
        { id: 'f', kind: 'flatten' },
        { id: 'd', kind: 'dropout', rate: 0.9 },
        { id: 'o', kind: 'dense', units: 10, activation: 'softmax', useBias: true },
      ],
    };
    const { model } = buildModel(spec);
    const before = tf.memory().numTensors;
    const [inference, training] = tf.tidy(() => {
      const x = tf.ones([64, 4, 4, 1]);
      const a = (model.apply(x, { training: false }) as tf.Tensor).arraySync();
      const b = (model.apply(x, { training: true }) as tf.Tensor).arraySync();
      return [a, b];
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(training).not.toEqual(inference);
    model.dispose();
  });
});
