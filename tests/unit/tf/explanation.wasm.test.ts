/**
 * The explainer on the wasm backend, where the app runs it (the page's main thread): with
 * registerConvGradients its saliency and Grad-CAM equal the cpu backend's, and it leaves no tensors.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPreset } from '../../../src/core/editing/presets';
import type { NetworkSpec } from '../../../src/core/spec/spec';
import { buildModel } from '../../../src/tf/buildModel';
import { createExplainer, type Explanation } from '../../../src/tf/explanation';
import { registerConvGradients } from '../../../src/tf/gradients';
import { expectClose } from './expectClose';
import { mixedSpec, randomImage, seedWeights } from './explanationFixtures';

beforeAll(async () => {
  registerConvGradients();
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Explanations of three classes on the named backend, with the same seeded weights; checks the tensor count on the way. */
async function explainOn(backend: 'cpu' | 'wasm', spec: NetworkSpec, pixels: Float32Array): Promise<Explanation[]> {
  await tf.setBackend(backend);
  const built = buildModel(spec);
  seedWeights(built.model, 3);
  const explainer = createExplainer(built, spec);
  explainer.explain(pixels, 0);
  const before = tf.memory().numTensors;
  const results = [0, 4, 9].map((c) => explainer.explain(pixels, c));
  expect(tf.memory().numTensors).toBe(before);
  built.model.dispose();
  return results;
}

describe('explanations on wasm', () => {
  it.each<[string, () => NetworkSpec]>([
    ['small-cnn', () => getPreset('small-cnn')!.spec],
    ['batch norm, dropout, padding, depthwise and separable layers', mixedSpec],
  ])("%s: the cpu backend's probabilities, saliency and Grad-CAM", async (_name, makeSpec) => {
    const spec = makeSpec();
    const pixels = randomImage(spec, 11);
    const expected = await explainOn('cpu', spec, pixels);
    const actual = await explainOn('wasm', spec, pixels);
    // A random network's Grad-CAM may be all 0 for a class; not for all three here, so the comparison bites.
    expect(expected.some((e) => Math.max(...e.gradCam!) > 0)).toBe(true);
    actual.forEach((e, i) => {
      const cpu = expected[i]!;
      expect(e.gradCamLayerIndex).toBe(cpu.gradCamLayerIndex);
      expectClose(e.probabilities, cpu.probabilities, 1e-5);
      expectClose(e.saliency, cpu.saliency, 1e-4);
      expectClose(e.gradCam!, cpu.gradCam!, 1e-4);
    });
    await tf.setBackend('wasm');
  });
});
