import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { decodeLayersModel, encodeLayersModel, LAYERS_WEIGHTS_FILE } from '../../../src/core/export/layersModelFile';
import { readSavedModel } from '../../../src/core/export/savedModel';
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type NetworkSpec } from '../../../src/core/spec/spec';
import { buildModel } from '../../../src/tf/buildModel';
import { saveLayersArtifacts } from '../../../src/tf/layersArtifacts';
import { headerFor, layoutOf, presetSpec, randomWords } from '../core/savedModelFixture';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Batch norm, a separable conv with depth multiplier 2 and explicit reflect padding (a BorderPadding2D step in tfjs). */
const MIXED: NetworkSpec = {
  version: SPEC_VERSION,
  inputShape: [28, 28, 1],
  layers: [
    createLayer('conv2d', 'c1', { filters: 4, kernelSize: [3, 3], padding: [2, 1], paddingMode: 'reflect', activation: 'relu' }),
    createLayer('batchNorm', 'bn1'),
    createLayer('maxPool2d', 'p1', { poolSize: [2, 2], strides: [2, 2] }),
    createLayer('separableConv2d', 's1', { filters: 6, kernelSize: [3, 3], depthMultiplier: 2, padding: [1, 1], paddingMode: 'reflect', activation: 'relu' }),
    createLayer('batchNorm', 'bn2'),
    createLayer('flatten', 'f'),
    createLayer('dense', 'out', { units: 10, activation: 'softmax' }),
  ],
};

const NETWORKS: [string, NetworkSpec][] = [
  ['small-cnn', presetSpec('small-cnn')],
  ['mnist-cnn', presetSpec('mnist-cnn')],
  ['batch norm + separable (x2) + reflect padding', MIXED],
];

/** Random weights in [-0.25, 0.25) (variances in [0.5, 1.5), so batch norm stays sane), one tensor per model weight. */
function randomWeights(model: tf.LayersModel, seed: number): tf.Tensor[] {
  const next = randomWords(seed);
  return model.weights.map((w) => {
    const size = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
    const variance = w.originalName.endsWith('/moving_variance');
    const values = Float32Array.from({ length: size }, () => (variance ? 0.5 + next() / 2 ** 32 : next() / 2 ** 33 - 0.25));
    return tf.tensor(values, w.shape as number[]);
  });
}

function randomInput(spec: NetworkSpec, seed: number): tf.Tensor4D {
  const next = randomWords(seed);
  const [h, w, c] = spec.inputShape;
  return tf.tensor4d(Float32Array.from({ length: h * w * c }, () => next() / 2 ** 32), [1, h, w, c]);
}

describe('tfjs Layers files from a built model', () => {
  it('the mixed network is valid and builds BorderPadding2D steps', () => {
    expect(analyzeNetwork(MIXED).valid).toBe(true);
    const { model, layersBySpecIndex } = buildModel(MIXED);
    try {
      expect(layersBySpecIndex[0]?.map((l) => l.getClassName())).toContain('KernelscopeBorderPadding2D');
      expect(layersBySpecIndex[3]?.map((l) => l.getClassName())).toEqual(['KernelscopeBorderPadding2D', 'SeparableConv2D']);
    } finally {
      model.dispose();
    }
  });

  it.each(NETWORKS)('%s: decodes to the model’s weights and loads in tf.loadLayersModel with the same predictions', async (_name, spec) => {
    const start = tf.memory().numTensors;
    const { model } = buildModel(spec);
    const weights = randomWeights(model, 11);
    model.setWeights(weights);
    for (const w of weights) w.dispose();

    const artifacts = await saveLayersArtifacts(model);
    // tfjs's names, in weightLayout's order.
    const layout = layoutOf(spec);
    expect(artifacts.weightSpecs.map((w) => w.name.replace(/^l(\d+)_.*\/(.*)$/, '$1 $2'))).toEqual(layout.map((s) => `${s.layerIndex} ${s.role}`));
    expect(artifacts.weightSpecs.map((w) => w.shape)).toEqual(layout.map((s) => s.shape));

    const { modelJson, weights: bin } = encodeLayersModel(artifacts, headerFor(spec, 'Exported'));

    // (a) Kernelscope reads its download back: the model's weights in order, bit for bit.
    const read = decodeLayersModel(modelJson, new Map([[LAYERS_WEIGHTS_FILE, bin]]));
    if (!read.ok) throw new Error(read.message);
    expect(readSavedModel(read.value).ok).toBe(true);
    expect(read.value.name).toBe('Exported');
    const current = model.getWeights();
    expect(read.value.weights).toHaveLength(current.length);
    for (const [i, tensor] of current.entries()) {
      expect(read.value.weights[i]).toEqual(tensor.dataSync());
    }

    // (b) tfjs loads the same files (its custom layer classes registered by buildModel's import).
    const json = JSON.parse(modelJson) as { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
    expect(json.weightsManifest[0]?.paths).toEqual([LAYERS_WEIGHTS_FILE]);
    const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
    const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]?.weights ?? [], weightData }));
    expect(loaded.countParams()).toBe(model.countParams());
    const loadedWeights = loaded.getWeights();
    expect(loadedWeights.map((t) => t.shape)).toEqual(current.map((t) => t.shape));

    for (const seed of [1, 2]) {
      const x = randomInput(spec, seed);
      const expected = model.predict(x) as tf.Tensor;
      const actual = loaded.predict(x) as tf.Tensor;
      expect(actual.shape).toEqual([1, 10]);
      const a = actual.dataSync();
      const e = expected.dataSync();
      for (let i = 0; i < e.length; i++) expect(Math.abs(a[i]! - e[i]!)).toBeLessThanOrEqual(1e-6);
      // Random weights give an answer that is not uniform, so equal predictions mean equal weights.
      expect(Math.max(...e) - Math.min(...e)).toBeGreaterThan(1e-4);
      tf.dispose([x, expected, actual]);
    }

    model.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
