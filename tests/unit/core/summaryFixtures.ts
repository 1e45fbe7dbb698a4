/** Networks for the summary tests: one valid network with nearly every kind and setting that prints differently. */
import { createLayer } from '../../../src/core/spec/registry';
import { net } from './helpers';

/**
 * 28x28x1 -> conv 3x3 stride 2 'same' (TF pads 0 top, 1 bottom) 14x14x8, 80 params -> BatchNorm 32 (16 moving stats)
 * -> separable 3x3 dilation 2 'same', x2, 16 filters: 9*8*2 + 16*16 + 16 = 416 -> depthwise 3x3 valid, no bias: 144, 12x12x16
 * -> avg pool 3x3 stride 1 'same' 12x12x16 -> max pool 2x2 6x6x16 -> dropout -> tanh -> global max pool 16
 * -> Dense 32 relu 544 -> BatchNorm 128 (64 moving stats) -> Dense 10 linear without bias 320 -> softmax.
 * Total 1,664, of which 80 not trainable.
 */
export function allKindsSpec() {
  return net([
    createLayer('conv2d', 'k1', { filters: 8, kernelSize: [3, 3], strides: [2, 2], padding: 'same', activation: 'leakyRelu' }),
    createLayer('batchNorm', 'k2'),
    createLayer('separableConv2d', 'k3', { filters: 16, padding: 'same', dilation: [2, 2], depthMultiplier: 2, activation: 'elu' }),
    createLayer('depthwiseConv2d', 'k4', { activation: 'sigmoid', useBias: false }),
    createLayer('avgPool2d', 'k5', { poolSize: [3, 3], strides: [1, 1], padding: 'same' }),
    createLayer('maxPool2d', 'k6'),
    createLayer('dropout', 'k7', { rate: 0.25 }),
    createLayer('activation', 'k8', { activation: 'tanh' }),
    createLayer('globalMaxPool2d', 'k9'),
    createLayer('dense', 'k10', { units: 32, activation: 'relu' }),
    createLayer('batchNorm', 'k11'),
    createLayer('dense', 'k12', { units: 10, activation: 'linear', useBias: false }),
    createLayer('activation', 'k13', { activation: 'softmax' }),
  ]);
}

/** The two kinds allKindsSpec lacks: 32x32x3 -> conv 3x3 valid 30x30x4 (112) -> global avg pool 4 -> flatten-free Dense 10 (50). */
export function globalAvgSpec() {
  return net(
    [createLayer('conv2d', 'g1', { filters: 4, activation: 'linear' }), createLayer('globalAvgPool2d', 'g2'), createLayer('dense', 'g3')],
    [32, 32, 3],
  );
}
