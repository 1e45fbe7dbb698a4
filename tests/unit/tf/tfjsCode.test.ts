/**
 * The exported tfjs code (src/core/export/tfjsCode.ts), run: each generated module is stripped of
 * its types with esbuild, evaluated against this test's tfjs (cpu backend), and the model it builds
 * is compared with buildModel's, the app's own: parameter count, output shape, layer names, weight
 * shapes, and predictions with the same weights. Its custom layers must read and write the same
 * model.json as the app's, and the code must type-check under strict settings.
 */
import * as tf from '@tensorflow/tfjs';
import { transformSync } from 'esbuild';
import fc from 'fast-check';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { PADDING_CLASS, SUBSAMPLE_CLASS, tfjsCode } from '../../../src/core/export/tfjsCode';
import { PRESETS } from '../../../src/core/editing/presets';
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type LayerSpec, type NetworkSpec } from '../../../src/core/spec/spec';
import { DEFAULT_SETTINGS, learningRateAt, OPTIMIZERS, type TrainingSettings } from '../../../src/core/training/training';
import { buildModel } from '../../../src/tf/buildModel';
import { createOptimizer } from '../../../src/tf/optimizers';
import { BorderPadding2D } from '../../../src/tf/paddingLayer';
import { Subsample2D } from '../../../src/tf/subsampleLayer';
import { validSpecArb } from '../core/arbitraries';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

/** What a generated module exports. */
interface GeneratedModule {
  createModel: () => tf.Sequential;
  compileModel: (model: tf.LayersModel) => void;
  learningRateAt: (step: number, totalSteps: number) => number;
  setLearningRate: (model: tf.LayersModel, rate: number) => void;
  shiftImages?: (pixels: Float32Array, n: number) => Float32Array;
  trainModel: (model: tf.LayersModel, xs: tf.Tensor4D, ys: tf.Tensor2D, onEpochEnd?: (epoch: number, loss: number) => void) => Promise<number[]>;
  [PADDING_CLASS]?: unknown;
  [SUBSAMPLE_CLASS]?: unknown;
}

function generate(spec: NetworkSpec, settings: TrainingSettings = DEFAULT_SETTINGS): string {
  const result = tfjsCode(spec, settings);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** Runs the code as a student's bundler would: types stripped, `@tensorflow/tfjs` resolved to this test's tf. */
function evaluate(code: string): GeneratedModule {
  const js = transformSync(code, { loader: 'ts', format: 'cjs' }).code;
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string): unknown => {
    if (name !== '@tensorflow/tfjs') throw new Error(`The generated code requires ${name}.`);
    return tf;
  };
  new Function('require', 'module', 'exports', js)(require, module, module.exports);
  return module.exports as unknown as GeneratedModule;
}

const spec = (...layers: LayerSpec[]): NetworkSpec => ({ version: SPEC_VERSION, inputShape: [28, 28, 1], layers });
const classifier = (id = 'out'): LayerSpec[] => [createLayer('flatten', `${id}-flatten`), createLayer('dense', id, { units: 10, activation: 'softmax' })];

/** Hand-made networks for what random specs may hit rarely: every padding mode, subsampling, each conv kind, BatchNorm, padded pools. */
const FEATURE_SPECS: Record<string, NetworkSpec> = {
  'reflect, replicate and circular explicit padding': spec(
    createLayer('conv2d', 'reflect', { filters: 3, kernelSize: [3, 3], padding: [1, 2], paddingMode: 'reflect', activation: 'leakyRelu' }),
    createLayer('conv2d', 'replicate', { filters: 4, kernelSize: [5, 3], padding: [2, 3], paddingMode: 'replicate', activation: 'tanh' }),
    createLayer('conv2d', 'circular', { filters: 2, kernelSize: [3, 4], strides: [2, 1], padding: [3, 1], paddingMode: 'circular', activation: 'elu' }),
    createLayer('conv2d', 'zeros', { filters: 2, kernelSize: [2, 2], padding: [1, 0], paddingMode: 'zeros', useBias: false }),
    ...classifier(),
  ),
  "'same' padding in reflect and circular mode (asymmetric pads)": spec(
    createLayer('conv2d', 'same-reflect', { filters: 3, kernelSize: [4, 2], strides: [2, 3], padding: 'same', paddingMode: 'reflect' }),
    createLayer('depthwiseConv2d', 'same-circular', { kernelSize: [3, 2], padding: 'same', paddingMode: 'circular', depthMultiplier: 2, activation: 'sigmoid' }),
    createLayer('globalAvgPool2d', 'gap'),
    createLayer('dense', 'out', { units: 10, activation: 'softmax' }),
  ),
  'strided and dilated convs of every kind': spec(
    createLayer('conv2d', 'sd', { filters: 4, kernelSize: [3, 3], strides: [2, 3], dilation: [2, 1], padding: 'valid', activation: 'leakyRelu' }),
    createLayer('separableConv2d', 'sep', { filters: 5, kernelSize: [3, 2], strides: [2, 2], dilation: [1, 2], padding: 'same', depthMultiplier: 2 }),
    createLayer('conv2d', 'sd-reflect', { filters: 3, kernelSize: [2, 2], strides: [1, 2], dilation: [2, 2], padding: [1, 1], paddingMode: 'reflect', useBias: false }),
    createLayer('depthwiseConv2d', 'dw', { kernelSize: [3, 3], strides: [2, 2], padding: 'same', depthMultiplier: 3, activation: 'relu' }),
    createLayer('globalMaxPool2d', 'gmp'),
    createLayer('dense', 'out', { units: 10, activation: 'softmax' }),
  ),
  'BatchNorm, dropout, leaky ReLU and pools with explicit padding': spec(
    createLayer('separableConv2d', 'sep', { filters: 6, kernelSize: [3, 3], padding: 'same', depthMultiplier: 3, activation: 'linear', useBias: false }),
    createLayer('batchNorm', 'bn'),
    createLayer('activation', 'leaky', { activation: 'leakyRelu' }),
    createLayer('maxPool2d', 'max', { poolSize: [3, 2], strides: [2, 2], padding: [1, 1] }),
    createLayer('avgPool2d', 'avg', { poolSize: [2, 3], strides: [2, 1], padding: [1, 1] }),
    createLayer('dropout', 'drop', { rate: 0.3 }),
    createLayer('flatten', 'flat'),
    createLayer('dense', 'hidden', { units: 12, activation: 'leakyRelu' }),
    createLayer('batchNorm', 'bn-vector'),
    createLayer('dense', 'logits', { units: 10, activation: 'linear', useBias: false }),
    createLayer('activation', 'softmax', { activation: 'softmax' }),
  ),
};

const shapes = (model: tf.LayersModel): (number | null)[][] => model.weights.map((w) => [...w.shape]);
const names = (model: tf.LayersModel): string[] => model.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => l.name);

/** Largest |a - b| over two predictions. */
function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] ?? Number.POSITIVE_INFINITY);
}

/** The generated model against buildModel's, with buildModel's weights copied in. */
function expectSameModel(network: NetworkSpec, seed = 7): void {
  const analysis = analyzeNetwork(network);
  expect(analysis.valid).toBe(true);
  const generated = evaluate(generate(network)).createModel();
  const { model: built } = buildModel(network);
  try {
    expect(generated.countParams()).toBe(analysis.totalParams);
    expect(generated.outputs[0]?.shape).toEqual([null, ...(analysis.outputShape ?? [])]);
    expect(names(generated)).toEqual(names(built));
    expect(shapes(generated)).toEqual(shapes(built));
    generated.setWeights(built.getWeights());
    const difference = tf.tidy(() => {
      const x = tf.randomNormal([2, ...network.inputShape], 0, 1, 'float32', seed);
      return maxDifference(generated.predict(x) as tf.Tensor, built.predict(x) as tf.Tensor);
    });
    expect(difference).toBeLessThanOrEqual(1e-5);
  } finally {
    generated.dispose();
    built.dispose();
  }
}

describe('tfjsCode', () => {
  it.each(PRESETS.map((p) => [p.id, p.spec] as const))('builds preset %s as buildModel does', (_id, network) => {
    expectSameModel(network);
  });

  it.each(Object.entries(FEATURE_SPECS))('builds %s as buildModel does', (_name, network) => {
    expectSameModel(network);
  });

  it('builds random valid networks as buildModel does', () => {
    let runs = 0;
    fc.assert(
      fc.property(validSpecArb, fc.nat(1000), (network, seed) => {
        fc.pre(analyzeNetwork(network).totalParams < 300_000);
        runs += 1;
        expectSameModel(network, seed);
      }),
      { numRuns: 80 },
    );
    expect(runs).toBeGreaterThanOrEqual(40);
  });

  it('writes the custom layers only when the network needs them', () => {
    const plain = generate(PRESETS[0]!.spec);
    expect(plain).not.toContain('class ');
    expect(plain).not.toContain('registerClass');
    const padded = generate(FEATURE_SPECS['reflect, replicate and circular explicit padding']!);
    expect(padded).toContain(`export class ${PADDING_CLASS} extends tf.layers.Layer`);
    expect(padded).not.toContain(SUBSAMPLE_CLASS);
    const strided = generate(spec(createLayer('conv2d', 'sd', { filters: 2, kernelSize: [3, 3], strides: [2, 2], dilation: [2, 2] }), ...classifier()));
    expect(strided).toContain(`export class ${SUBSAMPLE_CLASS} extends tf.layers.Layer`);
    expect(strided).not.toContain(PADDING_CLASS);
  });

  it("exports the page's schedule as learningRateAt and, with shifts, shiftImages", () => {
    const cosine = { ...DEFAULT_SETTINGS, learningRate: 0.004, schedule: 'cosine', augmentation: 'shift' } as const;
    const module = evaluate(generate(PRESETS[0]!.spec, cosine));
    for (const step of [0, 100, 500, 999, 1000]) expect(module.learningRateAt(step, 1000)).toBeCloseTo(learningRateAt(cosine, step, 1000), 15);
    const image = new Float32Array(28 * 28);
    image[14 * 28 + 14] = 1;
    const shifted = module.shiftImages!(image, 1);
    const at = shifted.findIndex((v) => v === 1);
    expect(Math.abs(Math.floor(at / 28) - 14)).toBeLessThanOrEqual(2);
    expect(Math.abs((at % 28) - 14)).toBeLessThanOrEqual(2);
    expect(shifted.reduce((a, b) => a + b, 0)).toBe(1);
    const constant = evaluate(generate(PRESETS[0]!.spec, { ...DEFAULT_SETTINGS, learningRate: 0.01, schedule: 'constant', augmentation: 'none' }));
    expect(constant.learningRateAt(700, 1000)).toBe(0.01);
    expect(constant.shiftImages).toBeUndefined();
  });

  it('shiftImages moves each image whole by at most 2 pixels, filling with 0, and leaves its input alone', () => {
    const { shiftImages } = evaluate(generate(spec(createLayer('conv2d', 'c', { filters: 2 }), ...classifier()), { ...DEFAULT_SETTINGS, augmentation: 'shift' }));
    const [n, h, w] = [40, 28, 28];
    const images = Float32Array.from({ length: n * h * w }, (_, i) => 1 + (i % (h * w)));
    const copy = images.slice();
    const shifted = shiftImages!(images, n);
    expect(images).toEqual(copy);
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const image = shifted.subarray(i * h * w, (i + 1) * h * w);
      // Pixel values are 1 + their index, so any pixel that stayed in the frame gives away the shift.
      const at = image.findIndex((v) => v !== 0);
      const source = image[at]! - 1;
      const [dy, dx] = [Math.floor(at / w) - Math.floor(source / w), (at % w) - (source % w)];
      expect(Math.max(Math.abs(dy), Math.abs(dx))).toBeLessThanOrEqual(2);
      seen.add(`${dy},${dx}`);
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const [sy, sx] = [y - dy, x - dx];
          expect(image[y * w + x]).toBe(sy >= 0 && sy < h && sx >= 0 && sx < w ? sy * w + sx + 1 : 0);
        }
    }
    // Each image draws its own shift.
    expect(seen.size).toBeGreaterThan(1);
  });

  it.each([
    ['SGD, cosine, shifts', { ...DEFAULT_SETTINGS, optimizer: 'sgd', learningRate: 0.05, batchSize: 8, epochs: 2, schedule: 'cosine', augmentation: 'shift' }],
    ['Adam, constant, none', { ...DEFAULT_SETTINGS, optimizer: 'adam', learningRate: 0.002, batchSize: 8, epochs: 2, schedule: 'constant', augmentation: 'none' }],
  ] as const)('trainModel trains as the page does (%s): the rate set before every batch', async (_name, settings) => {
    const module = evaluate(generate(PRESETS[0]!.spec, settings));
    const model = module.createModel();
    module.compileModel(model);
    const xs = tf.randomUniform([12, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const ys = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1], 'int32'), 10)) as tf.Tensor2D;
    const rates: number[] = [];
    const optimizer = model.optimizer as unknown as { learningRate: number; c?: tf.Scalar };
    const setRate = module.setLearningRate;
    try {
      const epochs: number[] = [];
      const losses = await module.trainModel(model, xs, ys, (epoch) => {
        epochs.push(epoch);
        rates.push(optimizer.learningRate);
      });
      expect(epochs).toEqual([0, 1]);
      expect(losses).toHaveLength(2);
      for (const loss of losses) expect(Number.isFinite(loss)).toBe(true);
      // 12 images in batches of 8: 2 batches an epoch, 4 in all; each epoch ends on its last batch's rate.
      expect(rates[0]).toBeCloseTo(learningRateAt(settings, 1, 4), 12);
      expect(rates[1]).toBeCloseTo(learningRateAt(settings, 3, 4), 12);
      // SGD steps with a kept scalar, not the number: setLearningRate must replace it.
      setRate(model, 0.0125);
      expect(optimizer.learningRate).toBe(0.0125);
      if (settings.optimizer === 'sgd') expect(optimizer.c!.dataSync()[0]).toBeCloseTo(-0.0125, 9);
    } finally {
      tf.dispose([xs, ys]);
      model.optimizer.dispose();
      model.dispose();
    }
  });

  it('writes the note, one comment per spec layer and the training example', () => {
    const code = generate(PRESETS[0]!.spec, { ...DEFAULT_SETTINGS, optimizer: 'rmsprop', learningRate: 0.0005, batchSize: 64, epochs: 7 });
    expect(code.startsWith('/**\n * A Kernelscope network as TensorFlow.js code: 6 layers, 5,994 parameters')).toBe(true);
    expect(code).toContain('tf.loadLayersModel');
    expect(code).toContain("import * as tf from '@tensorflow/tfjs';");
    expect(code.match(/^ {2}\/\/ Layer \d+: /gm)).toHaveLength(6);
    expect(code).toContain('  // Layer 3: conv2d -> 8x8x16, 3,216 parameters\n  model.add(tf.layers.conv2d(');
    expect(code).toContain('optimizer: tf.train.rmsprop(0.0005),');
    expect(code).toContain("loss: 'categoricalCrossentropy',");
    expect(code).toContain('  const [epochs, batchSize] = [7, 64];\n');
    expect(code).toContain('//   await trainModel(model, xs, ys,');
  });

  it('says when tfjs alone cannot train the network or reload its saved separable conv', () => {
    const dilated = generate(FEATURE_SPECS['strided and dilated convs of every kind']!);
    expect(dilated.replace(/\n \* /g, ' ')).toContain('its gradients of convolutions refuse a dilation above 1, which layers 1, 2, 3 use');
    expect(dilated.replace(/\n \* /g, ' ')).toContain('(layer 2 uses one above 1)');
    for (const preset of PRESETS) expect(generate(preset.spec)).not.toMatch(/dilation above 1|depth_multiplier/);
  });

  it('refuses a network with errors, and settings out of range', () => {
    const broken = spec(createLayer('dense', 'out', { units: 10, activation: 'softmax' }));
    const refused = tfjsCode(broken, DEFAULT_SETTINGS);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toMatch(/^This network cannot be exported as tfjs code until its problems are fixed: ./);
    expect(tfjsCode({ ...broken, layers: [] }, DEFAULT_SETTINGS).ok).toBe(false);
    const badRate = tfjsCode(PRESETS[0]!.spec, { ...DEFAULT_SETTINGS, learningRate: Number.NaN });
    expect(badRate.ok).toBe(false);
  });

  it.each(OPTIMIZERS)('compiles with the %s optimizer as the app creates it', (name) => {
    const model = evaluate(generate(PRESETS[0]!.spec, { ...DEFAULT_SETTINGS, optimizer: name, learningRate: 0.02 })).createModel();
    const expected = createOptimizer(name, 0.02);
    try {
      evaluate(generate(PRESETS[0]!.spec, { ...DEFAULT_SETTINGS, optimizer: name, learningRate: 0.02 })).compileModel(model);
      expect(model.optimizer.getClassName()).toBe(expected.getClassName());
      expect(model.optimizer.getConfig()).toEqual(expected.getConfig());
      expect(model.loss).toBe('categoricalCrossentropy');
    } finally {
      // tfjs 4.22's MomentumOptimizer.dispose forgets the learning-rate scalar of the SGD optimizer it
      // extends; the app's createOptimizer frees it, the generated code's plain tfjs one does not.
      if (name === 'momentum') tf.dispose((model.optimizer as unknown as { c: tf.Tensor }).c);
      model.optimizer.dispose();
      expected.dispose();
      model.dispose();
    }
  });

  it.each([
    ['preset small-cnn', PRESETS.find((p) => p.id === 'small-cnn')!.spec],
    ['preset lenet5', PRESETS.find((p) => p.id === 'lenet5')!.spec],
    ['padding layers, BatchNorm and dropout', spec(...FEATURE_SPECS['reflect, replicate and circular explicit padding']!.layers.slice(0, 3), createLayer('batchNorm', 'bn'), createLayer('dropout', 'drop', { rate: 0.2 }), ...classifier())],
  ])('trains %s one batch to a finite loss', async (_name, network) => {
    const { createModel, compileModel } = evaluate(generate(network));
    const model = createModel();
    compileModel(model);
    const x = tf.randomUniform([8, ...network.inputShape], 0, 1, 'float32', 3);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10));
    try {
      const [loss, accuracy] = (await model.trainOnBatch(x, y)) as number[];
      expect(Number.isFinite(loss)).toBe(true);
      expect(loss).toBeGreaterThan(0);
      expect(accuracy).toBeGreaterThanOrEqual(0);
    } finally {
      tf.dispose([x, y]);
      model.optimizer.dispose();
      model.dispose();
    }
  });
});

/**
 * The model's topology and weights as model.save writes them, with each SeparableConv2D's
 * depth_multiplier put back into its config: tfjs 4.22 leaves it out, and then cannot load the
 * weights of a multiplier above 1 (the generated code's note says so).
 */
async function saved(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
  const result = artifacts as tf.io.ModelArtifacts | null;
  if (!result) throw new Error('tfjs saved nothing');
  const topology = result.modelTopology as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
  for (const entry of topology.config.layers) {
    const layer = model.layers.find((l) => l.name === entry.config.name);
    if (entry.class_name === 'SeparableConv2D' && layer) entry.config.depth_multiplier = (layer as unknown as { depthMultiplier: number }).depthMultiplier;
  }
  return result;
}

type LayerClass = new (args: Record<string, unknown>) => tf.layers.Layer;

describe('tfjsCode custom layers', () => {
  /** Both custom layers, a separable conv with a depth multiplier and a padded pool. */
  const network = spec(
    createLayer('conv2d', 'reflect', { filters: 3, kernelSize: [3, 3], padding: [2, 1], paddingMode: 'reflect' }),
    createLayer('separableConv2d', 'sep', { filters: 4, kernelSize: [3, 3], strides: [2, 2], dilation: [2, 1], padding: 'same', paddingMode: 'circular', depthMultiplier: 2 }),
    createLayer('maxPool2d', 'max', { poolSize: [3, 3], strides: [2, 2], padding: [1, 1] }),
    ...classifier(),
  );
  const classMap = () => tf.serialization.SerializationMap.getMap().classNameMap;

  it("leaves the app's registered classes in place, and the app's classes read the generated model's model.json", async () => {
    const generated = evaluate(generate(network));
    expect(classMap()[PADDING_CLASS]?.[0]).toBe(BorderPadding2D);
    expect(classMap()[SUBSAMPLE_CLASS]?.[0]).toBe(Subsample2D);
    const model = generated.createModel();
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(await saved(model)));
    try {
      expect(loaded.layers.some((l) => l instanceof BorderPadding2D)).toBe(true);
      expect(loaded.layers.some((l) => l instanceof Subsample2D)).toBe(true);
      const difference = tf.tidy(() => {
        const x = tf.randomNormal([2, 28, 28, 1], 0, 1, 'float32', 11);
        return maxDifference(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor);
      });
      expect(difference).toBeLessThanOrEqual(1e-5);
    } finally {
      model.dispose();
      loaded.dispose();
    }
  });

  it("registers its classes where none of those names is, and they load the page's model.json", async () => {
    const map = classMap();
    const app = { padding: map[PADDING_CLASS], subsample: map[SUBSAMPLE_CLASS] };
    delete map[PADDING_CLASS];
    delete map[SUBSAMPLE_CLASS];
    const { model: built } = buildModel(network);
    try {
      const generated = evaluate(generate(network));
      const Padding = generated[PADDING_CLASS] as LayerClass;
      const Subsample = generated[SUBSAMPLE_CLASS] as LayerClass;
      expect(map[PADDING_CLASS]?.[0]).toBe(Padding);
      expect(map[SUBSAMPLE_CLASS]?.[0]).toBe(Subsample);
      // Imported a second time, the first registration stays.
      evaluate(generate(network));
      expect(map[PADDING_CLASS]?.[0]).toBe(Padding);
      const loaded = await tf.loadLayersModel(tf.io.fromMemory(await saved(built)));
      try {
        expect(loaded.layers.filter((l) => l instanceof Padding)).toHaveLength(3);
        expect(loaded.layers.filter((l) => l instanceof Subsample)).toHaveLength(1);
        expect(loaded.layers.some((l) => l instanceof BorderPadding2D || l instanceof Subsample2D)).toBe(false);
        const difference = tf.tidy(() => {
          const x = tf.randomNormal([2, 28, 28, 1], 0, 1, 'float32', 12);
          return maxDifference(built.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor);
        });
        expect(difference).toBeLessThanOrEqual(1e-5);
      } finally {
        loaded.dispose();
      }
    } finally {
      built.dispose();
      if (app.padding) map[PADDING_CLASS] = app.padding;
      if (app.subsample) map[SUBSAMPLE_CLASS] = app.subsample;
    }
  });

  /** Output and input gradient of `layer` on x, against the app's layer; the gradient weighs each output cell differently. */
  function expectSameLayer(layer: tf.layers.Layer, appLayer: tf.layers.Layer, x: tf.Tensor4D): void {
    expect(layer.getConfig()).toEqual(appLayer.getConfig());
    expect(layer.computeOutputShape([null, ...x.shape.slice(1)])).toEqual(appLayer.computeOutputShape([null, ...x.shape.slice(1)]));
    const [difference, gradientDifference] = tf.tidy(() => {
      const a = layer.apply(x) as tf.Tensor;
      const b = appLayer.apply(x) as tf.Tensor;
      expect(a.shape).toEqual(b.shape);
      const weights = tf.randomUniform(a.shape, -1, 1, 'float32', 5);
      const gradient = (l: tf.layers.Layer) => tf.grad((input: tf.Tensor) => tf.sum(tf.mul(l.apply(input) as tf.Tensor, weights)))(x);
      return [maxDifference(a, b), maxDifference(gradient(layer), gradient(appLayer))];
    });
    expect(difference).toBe(0);
    expect(gradientDifference).toBeLessThanOrEqual(1e-6);
  }

  it.each(['zeros', 'reflect', 'replicate', 'circular'] as const)("pads in %s mode as the app's layer does, gradient included", (mode) => {
    const Padding = evaluate(generate(network))[PADDING_CLASS] as LayerClass;
    const x = tf.randomNormal([2, 5, 6, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    try {
      for (const pads of [
        { top: 2, bottom: 1, left: 3, right: 0 },
        { top: 0, bottom: 4, left: 1, right: 5 },
        { top: 1, bottom: 1, left: 1, right: 1 },
      ]) {
        // Reflect mirrors at most n - 1 cells (here 4 rows), circular wraps at most n.
        if (mode === 'reflect' && Math.max(pads.top, pads.bottom) > 4) continue;
        expectSameLayer(new Padding({ name: 'pad', pads, mode }), new BorderPadding2D({ name: 'pad', pads, mode }), x);
      }
    } finally {
      x.dispose();
    }
  });

  it("subsamples as the app's layer does, gradient included", () => {
    const Subsample = evaluate(generate(network))[SUBSAMPLE_CLASS] as LayerClass;
    const x = tf.randomNormal([2, 7, 8, 3], 0, 1, 'float32', 10) as tf.Tensor4D;
    try {
      for (const strides of [[2, 3], [3, 1], [1, 2], [4, 4], [7, 8]] as [number, number][]) {
        expectSameLayer(new Subsample({ name: 'subsample', strides }), new Subsample2D({ name: 'subsample', strides }), x);
      }
    } finally {
      x.dispose();
    }
  });
});

describe('tfjsCode as TypeScript', () => {
  /** Type errors of the given modules, compiled with tfjs's types under strict settings a student's project may use. */
  function typeErrors(modules: Record<string, string>): string[] {
    // Virtual files next to this test, so that '@tensorflow/tfjs' resolves to the project's node_modules.
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '__generated_tfjs_code__');
    const files = new Map(Object.entries(modules).map(([name, code]) => [path.join(dir, `${name}.ts`), code]));
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      strict: true,
      noImplicitOverride: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      noEmit: true,
    };
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (file) => files.has(file) || fileExists(file);
    host.readFile = (file) => files.get(file) ?? readFile(file);
    host.getSourceFile = (file, language, ...rest) => {
      const code = files.get(file);
      return code === undefined ? getSourceFile(file, language, ...rest) : ts.createSourceFile(file, code, language);
    };
    const program = ts.createProgram([...files.keys()], options, host);
    return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  }

  it('type-checks strictly for the presets and networks with custom layers', () => {
    const modules: Record<string, string> = {};
    for (const preset of PRESETS) modules[preset.id] = generate(preset.spec);
    Object.values(FEATURE_SPECS).forEach((network, i) => {
      modules[`feature${i}`] = generate(network, { ...DEFAULT_SETTINGS, optimizer: OPTIMIZERS[i % OPTIMIZERS.length]! });
    });
    // Every optimizer's setLearningRate, both schedules, and shiftImages for 1 and 3 channels.
    OPTIMIZERS.forEach((optimizer, i) => {
      const network = i % 2 ? PRESETS[0]!.spec : { ...spec(createLayer('conv2d', 'c', { filters: 2 }), ...classifier()), inputShape: [12, 10, 3] as [number, number, number] };
      modules[`training${i}`] = generate(network, { ...DEFAULT_SETTINGS, optimizer, schedule: i % 2 ? 'constant' : 'cosine', augmentation: 'shift' });
    });
    expect(typeErrors(modules)).toEqual([]);
  });
});

describe('the dataset in the tfjs code', () => {
  it('names the classes in CLASSES, for the network’s dataset', () => {
    const small = PRESETS[0]!;
    const mnist = tfjsCode(small.spec, small.settings);
    expect(mnist.ok && mnist.value).toContain('export const CLASSES: readonly string[] = ["0","1","2","3","4","5","6","7","8","9"];');
    const fashion = tfjsCode({ ...small.spec, dataset: 'fashion-mnist' }, small.settings);
    expect(fashion.ok && fashion.value).toContain('export const CLASSES: readonly string[] = ["T-shirt/top","Trouser","Pullover","Dress","Coat","Sandal","Shirt","Sneaker","Bag","Ankle boot"];');
    expect(fashion.ok && fashion.value).toContain('// Training on Fashion-MNIST, with xs the images');
  });
});
