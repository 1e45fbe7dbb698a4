import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutSize, weightLayout } from '../../../src/core/export/weightLayout';
import { PRESETS } from '../../../src/core/editing/presets';
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type NetworkSpec } from '../../../src/core/spec/spec';
import { buildModel } from '../../../src/tf/buildModel';
import { validSpecArb } from '../core/arbitraries';

let tensorsAtStart = 0;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  tensorsAtStart = tf.memory().numTensors;
});

afterAll(() => {
  // Every model built below is disposed: none of its weights may be left behind.
  expect(tf.memory().numTensors).toBe(tensorsAtStart);
});

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Builds the tfjs model and checks the core's layout against its weights, slot by slot. */
function expectLayoutMatchesTfjs(spec: NetworkSpec): void {
  const layout = weightLayout(spec);
  expect(layout).not.toBeNull();
  if (layout === null) return;
  const before = tf.memory().numTensors;
  const { model } = buildModel(spec);
  try {
    const weights = model.weights;
    expect(layout.length).toBe(weights.length);
    for (const [i, slot] of layout.entries()) {
      const weight = weights[i];
      if (!weight) throw new Error(`tfjs has no weight ${i}`);
      const where = `weight ${i} (${weight.name})`;
      expect(slot.shape, where).toEqual(weight.shape);
      expect(slot.size, where).toBe(weight.shape.reduce<number>((a, b) => a * (b ?? NaN), 1));
      // '<layer>/<role>', and tfjs appends '_<n>' to a name it has handed out before.
      expect(weight.name, where).toMatch(new RegExp(`/${escapeRegExp(slot.role)}(_\\d+)?$`));
      // The tfjs layer is named 'l<spec index>_<kind>_<id>' (buildModel's tfLayerName).
      expect(weight.name, where).toMatch(new RegExp(`^l${slot.layerIndex}_${escapeRegExp(spec.layers[slot.layerIndex]?.kind ?? '?')}_`));
      expect(slot.layerId, where).toBe(spec.layers[slot.layerIndex]?.id);
      expect(slot.trainable, where).toBe(weight.trainable);
    }
    expect(layoutSize(layout)).toBe(model.countParams());
  } finally {
    model.dispose();
  }
  expect(tf.memory().numTensors).toBe(before);
}

describe('weightLayout', () => {
  it.each(PRESETS.map((p) => [p.id, p.spec] as const))('matches the tfjs weights of preset %s', (_id, spec) => {
    expectLayoutMatchesTfjs(spec);
  });

  it('matches the tfjs weights of random valid networks', () => {
    fc.assert(
      fc.property(validSpecArb, (spec) => {
        const layout = weightLayout(spec);
        // validSpecArb stays under 200k parameters; the guard keeps the build cheap if that changes.
        fc.pre(layout !== null && layoutSize(layout) < 2e6);
        expectLayoutMatchesTfjs(spec);
      }),
      { numRuns: 30 },
    );
  });

  it('lists batch norm moving statistics after every trainable weight, as tfjs does', () => {
    const spec: NetworkSpec = {
      version: SPEC_VERSION,
      inputShape: [8, 8, 1],
      layers: [
        createLayer('conv2d', 'c1', { filters: 4, kernelSize: [3, 3], padding: 'same', activation: 'relu' }),
        createLayer('batchNorm', 'bn1'),
        createLayer('separableConv2d', 's1', { filters: 6, kernelSize: [3, 3], depthMultiplier: 2, padding: 'valid', activation: 'relu' }),
        createLayer('depthwiseConv2d', 'd1', { kernelSize: [3, 3], depthMultiplier: 1, padding: 'valid', activation: 'relu', useBias: false }),
        createLayer('globalAvgPool2d', 'g'),
        createLayer('batchNorm', 'bn2'),
        createLayer('dense', 'out', { units: 10, activation: 'softmax' }),
      ],
    };
    const layout = weightLayout(spec);
    expect(layout?.map((s) => `${s.layerId}/${s.role}`)).toEqual([
      'c1/kernel',
      'c1/bias',
      'bn1/gamma',
      'bn1/beta',
      's1/depthwise_kernel',
      's1/pointwise_kernel',
      's1/bias',
      'd1/depthwise_kernel',
      'bn2/gamma',
      'bn2/beta',
      'out/kernel',
      'out/bias',
      'bn1/moving_mean',
      'bn1/moving_variance',
      'bn2/moving_mean',
      'bn2/moving_variance',
    ]);
    expectLayoutMatchesTfjs(spec);
  });

  it('is null for a network that is not valid', () => {
    const noLayers: NetworkSpec = { version: SPEC_VERSION, inputShape: [28, 28, 1], layers: [] };
    expect(weightLayout(noLayers)).toBeNull();
    const zeroUnits: NetworkSpec = {
      version: SPEC_VERSION,
      inputShape: [28, 28, 1],
      layers: [createLayer('flatten', 'f'), createLayer('dense', 'd', { units: 0, activation: 'softmax' })],
    };
    expect(weightLayout(zeroUnits)).toBeNull();
    const badInput = { version: SPEC_VERSION, inputShape: [0, 28, 1], layers: [createLayer('flatten', 'f'), createLayer('dense', 'd', { units: 10, activation: 'softmax' })] } as unknown as NetworkSpec;
    expect(weightLayout(badInput)).toBeNull();
  });
});
