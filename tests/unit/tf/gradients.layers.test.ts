import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerConvGradients } from '../../../src/tf/gradients';
import { expectClose } from './expectClose';

/*
 * Dilated Conv2D and SeparableConv2D layers, trained through tfjs-layers (which reaches the conv
 * through tf.fused.conv2d for linear-like activations and tf.conv2d otherwise), checked against an
 * independent reference: a dilated conv equals an undilated conv whose kernel has d-1 zeros between
 * taps, and for that one tfjs's own gradients work. Its kernel gradient, read at the taps, must
 * equal the dilated layer's kernel gradient.
 */
const tfjsGradients = ['Conv2D', 'DepthwiseConv2dNative'].map((name) => tf.getGradient(name)!);

/** Runs fn with tfjs's original conv gradients, then puts ours back. */
function withTfjsGradients<T>(fn: () => T): T {
  for (const name of ['Conv2D', 'DepthwiseConv2dNative', tf.fused.conv2d.name]) tf.unregisterGradient(name);
  tfjsGradients.forEach((config) => tf.registerGradient(config));
  try {
    return fn();
  } finally {
    tfjsGradients.forEach((config) => tf.unregisterGradient(config.kernelName));
    registerConvGradients();
  }
}

/** [kh, kw, a, b] -> [d0(kh-1)+1, d1(kw-1)+1, a, b] with zeros between the taps. */
function zeroInsert(values: Float32Array, [kh, kw, a, b]: number[], [d0, d1]: [number, number]): { values: Float32Array; shape: number[] } {
  const shape = [d0 * (kh! - 1) + 1, d1 * (kw! - 1) + 1, a!, b!];
  const out = new Float32Array(shape.reduce((p, n) => p * n, 1));
  for (let i = 0; i < kh!; i++) for (let j = 0; j < kw!; j++) {
    const from = (i * kw! + j) * a! * b!;
    out.set(values.subarray(from, from + a! * b!), (i * d0 * shape[1]! + j * d1) * a! * b!);
  }
  return { values: out, shape };
}

/** Reads the taps of a zero-inserted kernel back out: the inverse of zeroInsert's placement. */
function taps(values: Float32Array, [kh, kw, a, b]: number[], [d0, d1]: [number, number]): Float32Array {
  const wideW = d1 * (kw! - 1) + 1;
  const out = new Float32Array(kh! * kw! * a! * b!);
  for (let i = 0; i < kh!; i++) for (let j = 0; j < kw!; j++) {
    const from = (i * d0 * wideW + j * d1) * a! * b!;
    out.set(values.subarray(from, from + a! * b!), (i * kw! + j) * a! * b!);
  }
  return out;
}


type Kind = 'conv2d' | 'separableConv2d';

function makeModel(kind: Kind, kernel: [number, number], dilation: [number, number], activation: string, padding: 'same' | 'valid'): tf.Sequential {
  const common = { kernelSize: kernel, dilationRate: dilation, padding, activation: activation as 'relu', inputShape: [9, 8, 2] };
  const conv = kind === 'conv2d' ? tf.layers.conv2d({ ...common, filters: 3 }) : tf.layers.separableConv2d({ ...common, filters: 3, depthMultiplier: 2 });
  return tf.sequential({ layers: [conv, tf.layers.flatten(), tf.layers.dense({ units: 4, activation: 'tanh' })] });
}

/** Gradients of a fixed loss with respect to every trainable weight, as arrays, in weight order. */
function weightGrads(model: tf.Sequential, x: tf.Tensor, target: tf.Tensor): Float32Array[] {
  return tf.tidy(() => {
    const { grads } = tf.variableGrads(() => tf.losses.meanSquaredError(target, model.apply(x) as tf.Tensor) as tf.Scalar);
    return model.trainableWeights.map((w) => grads[w.name]!.dataSync() as Float32Array);
  });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerConvGradients();
});

describe('dilated conv layers on cpu', () => {
  const cases: [Kind, string, 'same' | 'valid', [number, number]][] = [
    ['conv2d', 'linear', 'same', [2, 2]], // fused path
    ['conv2d', 'relu', 'valid', [2, 3]], // unfused Conv2D kernel
    ['conv2d', 'tanh', 'same', [3, 1]],
    ['separableConv2d', 'linear', 'same', [2, 2]], // DepthwiseConv2dNative, then a 1x1 Conv2D
    ['separableConv2d', 'elu', 'valid', [1, 2]],
  ];
  it.each(cases)('%s, %s, %s, dilation %j: gradients equal the zero-inserted undilated layer with tfjs gradients', (kind, activation, padding, dilation) => {
    const kernel: [number, number] = [3, 2];
    const dilated = makeModel(kind, kernel, dilation, activation, padding);
    const wide: [number, number] = [dilation[0] * (kernel[0] - 1) + 1, dilation[1] * (kernel[1] - 1) + 1];
    const reference = makeModel(kind, wide, [1, 1], activation, padding);
    // The reference gets the dilated model's weights, its (depthwise) kernel zero-inserted.
    const weights = dilated.getWeights();
    const z = zeroInsert(weights[0]!.dataSync() as Float32Array, weights[0]!.shape, dilation);
    const wideKernel = tf.tensor(z.values, z.shape);
    reference.setWeights([wideKernel, ...weights.slice(1)]);
    wideKernel.dispose();
    const x = tf.randomNormal([3, 9, 8, 2], 0, 1, 'float32', 1);
    const target = tf.randomNormal([3, 4], 0, 1, 'float32', 2);
    const before = tf.memory().numTensors;
    const ours = weightGrads(dilated, x, target);
    const theirs = withTfjsGradients(() => weightGrads(reference, x, target));
    expect(tf.memory().numTensors).toBe(before);
    expectClose(ours[0]!, taps(theirs[0]!, weights[0]!.shape, dilation));
    for (let i = 1; i < ours.length; i++) expectClose(ours[i]!, theirs[i]!);
    tf.dispose([x, target]);
    dilated.dispose();
    reference.dispose();
  });

  it('an optimizer step trains a dilated Conv2D with a linear activation (tfjs itself refuses)', () => {
    const model = makeModel('conv2d', [3, 3], [2, 2], 'linear', 'same');
    const x = tf.randomNormal([4, 9, 8, 2], 0, 1, 'float32', 3);
    const target = tf.randomNormal([4, 4], 0, 1, 'float32', 4);
    const optimizer = tf.train.sgd(0.05);
    const loss = () => tf.losses.meanSquaredError(target, model.apply(x) as tf.Tensor) as tf.Scalar;
    const first = tf.tidy(() => loss().dataSync()[0]!);
    for (let i = 0; i < 5; i++) tf.tidy(() => { optimizer.minimize(loss); });
    expect(tf.tidy(() => loss().dataSync()[0]!)).toBeLessThan(first);
    tf.dispose([x, target]);
    model.dispose();
    optimizer.dispose();
  });
});
