import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { accuracyOf, confusionMatrix, predictedClasses } from '../../../src/core/training/evaluation';
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type NetworkSpec } from '../../../src/core/spec/spec';
import { ImageDataset } from '../../../src/data';
import { evaluateTestSet } from '../../../src/engine/testEvaluation';
import { buildModel } from '../../../src/tf/buildModel';
import { readMnistSplits } from '../data/mnistFiles';

let dataset: ImageDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataset = new ImageDataset(readMnistSplits());
});

const tiny = (): NetworkSpec => ({
  version: SPEC_VERSION,
  inputShape: [28, 28, 1],
  layers: [createLayer('conv2d', 'c1', { filters: 2, kernelSize: [3, 3], strides: [2, 2], activation: 'relu' }), createLayer('flatten', 'f'), createLayer('dense', 'out', { units: 10, activation: 'softmax' })],
});

describe('evaluateTestSet on the real 10,000 MNIST test images (tfjs cpu)', () => {
  it('gives every image’s probabilities, a loss and an accuracy the confusion matrix agrees with, and leaves no tensors', async () => {
    const { model } = buildModel(tiny());
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const result = await evaluateTestSet(model, dataset, [28, 28, 1], (f) => progress.push(f));
    expect(tf.memory().numTensors).toBe(before);
    expect(result.count).toBe(10_000);
    expect(result.labels).toHaveLength(10_000);
    expect(result.probabilities).toHaveLength(100_000);
    expect(progress.at(-1)).toBe(1);
    expect(progress.length).toBe(20);
    expect(Number.isFinite(result.loss)).toBe(true);
    const { predicted } = predictedClasses(result);
    const counts = confusionMatrix(result.labels, predicted, 10);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(accuracyOf(counts, 10)).toBeCloseTo(result.accuracy, 6);
    // Each row of probabilities is a distribution.
    const row = Array.from(result.probabilities.subarray(0, 10));
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    model.dispose();
  });
});
