import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { getPreset } from '../../../src/core/editing/presets';
import type { NetworkSpec } from '../../../src/core/spec/spec';
import { InspectableNetwork } from '../../../src/engine/inspectableNetwork';
import { buildModel } from '../../../src/tf/buildModel';
import { channelMaxima, createActivationModel } from '../../../src/tf/inspection';
import { validSpecArb } from '../core/arbitraries';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function randomImage(spec: NetworkSpec, seed: number): Float32Array {
  const [h, w, c] = spec.inputShape;
  const pixels = new Float32Array(h * w * c);
  let state = seed;
  for (let i = 0; i < pixels.length; i++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    pixels[i] = state / 2 ** 32;
  }
  return pixels;
}

function smallCnn(): NetworkSpec {
  const preset = getPreset('small-cnn');
  if (!preset) throw new Error('small-cnn preset missing');
  return structuredClone(preset.spec);
}

describe('createActivationModel', () => {
  it("returns every spec layer's output, each equal to that layer applied alone to the previous output", async () => {
    await fc.assert(
      fc.asyncProperty(validSpecArb, fc.nat(), async (spec, seed) => {
        const built = buildModel(spec);
        try {
          const pixels = randomImage(spec, seed);
          const outputs = await createActivationModel(built, spec.inputShape).activations(pixels);
          expect(outputs).toHaveLength(spec.layers.length);
          const [h, w, c] = spec.inputShape;
          let previous = tf.tensor4d(pixels, [1, h, w, c]);
          built.layersBySpecIndex.forEach((tfLayers, i) => {
            const alone = tf.tidy(() => tfLayers.reduce((x, layer) => layer.apply(x) as tf.Tensor, previous as tf.Tensor));
            const output = outputs[i];
            if (!output) throw new Error(`no output for layer ${i}`);
            expect([1, ...output.shape]).toEqual(alone.shape);
            const expected = alone.dataSync();
            for (let k = 0; k < expected.length; k++) expect(output.values[k]).toBeCloseTo(expected[k] ?? NaN, 4);
            previous.dispose();
            previous = alone as tf.Tensor4D;
          });
          previous.dispose();
        } finally {
          built.model.dispose();
        }
      }),
      { numRuns: 25 },
    );
  });

  it('leaves the tensor count flat over 200 refreshes, and the composite model owns no weights', async () => {
    const network = new InspectableNetwork(smallCnn(), 1);
    const pixels = randomImage(network.spec, 7);
    await network.activations.activations(pixels);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) {
      await network.activations.activations(pixels);
      await network.layerWeights(i % network.spec.layers.length);
    }
    expect(tf.memory().numTensors).toBe(before);
    network.dispose();
    expect(tf.memory().numTensors).toBe(before - network.built.model.weights.length);
  });

  it('follows the weights as they change (it shares them with the trained model)', async () => {
    const network = new InspectableNetwork(smallCnn(), 1);
    const pixels = randomImage(network.spec, 3);
    const first = await network.activations.activations(pixels);
    const kernel = network.built.model.weights[0];
    if (!kernel) throw new Error('no weights');
    kernel.write(tf.tidy(() => kernel.read().mul(2)));
    const second = await network.activations.activations(pixels);
    expect(Array.from(second[0]?.values ?? [])).not.toEqual(Array.from(first[0]?.values ?? []));
    network.dispose();
  });
});

describe('channelMaxima', () => {
  it("finds each image's strongest response of a channel and where it is, without leaking", async () => {
    const network = new InspectableNetwork(smallCnn(), 1);
    const images = new Float32Array(3 * 28 * 28);
    images.set(randomImage(network.spec, 1), 0);
    images.set(randomImage(network.spec, 2), 784);
    images.set(randomImage(network.spec, 3), 2 * 784);
    const before = tf.memory().numTensors;
    const maxima = await channelMaxima(network.built, 0, 5, images, 3, network.spec.inputShape);
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < 3; i++) {
      const outputs = await network.activations.activations(images.slice(i * 784, (i + 1) * 784));
      const map = outputs[0];
      if (!map) throw new Error('no output');
      const channels = map.shape[2] ?? 1;
      const channelValues = Array.from({ length: map.values.length / channels }, (_, p) => map.values[p * channels + 5] ?? NaN);
      const max = Math.max(...channelValues);
      expect(maxima.values[i]).toBeCloseTo(max, 5);
      expect(channelValues[maxima.positions[i] ?? -1]).toBeCloseTo(max, 5);
    }
    network.dispose();
  });
});
