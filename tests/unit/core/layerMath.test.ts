/** Each kind's output shape, parameter count and MACs on hand-computed examples. */
import { describe, expect, it } from 'vitest';
import { analyzeNetwork, type LayerAnalysis } from '../../../src/core/analysis/analyze';
import type { LayerSpec, Shape3D } from '../../../src/core/spec/spec';
import { layer, net } from './helpers';

/** The analysis of the last layer of `layers` on `input`; earlier layers must be valid. */
function last(input: Shape3D, ...layers: LayerSpec[]): LayerAnalysis {
  const analysis = analyzeNetwork(net(layers, input));
  expect(analysis.problems.filter((p) => p.layerIndex !== null)).toEqual([]);
  const result = analysis.layers[analysis.layers.length - 1];
  if (!result) throw new Error('no layers');
  return result;
}

const facts = (a: LayerAnalysis) => ({ shape: a.outputShape, params: a.params, trainable: a.trainableParams, macs: a.macs });

describe('conv2d', () => {
  it('8@3x3 valid on 28x28x1', () => {
    expect(facts(last([28, 28, 1], layer('conv2d')))).toEqual({ shape: [26, 26, 8], params: 80, trainable: 80, macs: 26 * 26 * 8 * 9 });
  });
  it('4@3x5, stride [2, 1], same, no bias on 10x12x3', () => {
    const conv = layer('conv2d', { filters: 4, kernelSize: [3, 5], strides: [2, 1], padding: 'same', useBias: false });
    expect(facts(last([10, 12, 3], conv))).toEqual({ shape: [5, 12, 4], params: 180, trainable: 180, macs: 5 * 12 * 4 * 15 * 3 });
  });
  it('5@3x3 with dilation 2 on 28x28x2 spans 5x5', () => {
    const conv = layer('conv2d', { filters: 5, dilation: [2, 2] });
    expect(facts(last([28, 28, 2], conv))).toEqual({ shape: [24, 24, 5], params: 95, trainable: 95, macs: 24 * 24 * 5 * 9 * 2 });
  });
});

describe('depthwiseConv2d', () => {
  it('3x3, multiplier 2, valid on 10x10x3 makes 6 channels', () => {
    const dw = layer('depthwiseConv2d', { depthMultiplier: 2 });
    expect(facts(last([10, 10, 3], dw))).toEqual({ shape: [8, 8, 6], params: 9 * 6 + 6, trainable: 60, macs: 8 * 8 * 3 * 2 * 9 });
  });
});

describe('separableConv2d', () => {
  it('16@3x3, multiplier 1, valid on 10x10x3', () => {
    const sep = layer('separableConv2d', { filters: 16 });
    expect(facts(last([10, 10, 3], sep))).toEqual({ shape: [8, 8, 16], params: 27 + 48 + 16, trainable: 91, macs: 64 * 3 * 9 + 64 * 3 * 16 });
  });
  it('4@2x2, multiplier 2, stride 2, same, no bias on 9x9x3', () => {
    const sep = layer('separableConv2d', { filters: 4, kernelSize: [2, 2], strides: [2, 2], padding: 'same', depthMultiplier: 2, useBias: false });
    expect(facts(last([9, 9, 3], sep))).toEqual({ shape: [5, 5, 4], params: 4 * 6 + 6 * 4, trainable: 48, macs: 25 * 6 * 4 + 25 * 6 * 4 });
  });
});

describe('pools', () => {
  it('maxPool 2x2 stride 2 valid halves 28x28x8', () => {
    expect(facts(last([28, 28, 8], layer('maxPool2d')))).toEqual({ shape: [14, 14, 8], params: 0, trainable: 0, macs: 0 });
  });
  it('maxPool 3x3 stride 2 same on 7x7x4', () => {
    expect(last([7, 7, 4], layer('maxPool2d', { poolSize: [3, 3], strides: [2, 2], padding: 'same' })).outputShape).toEqual([4, 4, 4]);
  });
  it('avgPool 3x3 stride 1 valid on 5x5x2', () => {
    expect(facts(last([5, 5, 2], layer('avgPool2d', { poolSize: [3, 3], strides: [1, 1] })))).toEqual({ shape: [3, 3, 2], params: 0, trainable: 0, macs: 0 });
  });
  it('global pools keep one number per channel', () => {
    expect(facts(last([7, 7, 64], layer('globalAvgPool2d')))).toEqual({ shape: [64], params: 0, trainable: 0, macs: 0 });
    expect(facts(last([7, 7, 64], layer('globalMaxPool2d')))).toEqual({ shape: [64], params: 0, trainable: 0, macs: 0 });
  });
});

describe('flatten and dense', () => {
  it('flatten unrolls 7x7x64 into 3136', () => {
    expect(facts(last([7, 7, 64], layer('flatten')))).toEqual({ shape: [3136], params: 0, trainable: 0, macs: 0 });
  });
  it('dense 128 on 3136', () => {
    const dense = layer('dense', { units: 128, activation: 'relu' });
    expect(facts(last([7, 7, 64], layer('flatten'), dense))).toEqual({ shape: [128], params: 401_536, trainable: 401_536, macs: 401_408 });
  });
  it('dense without bias', () => {
    expect(last([7, 7, 64], layer('flatten'), layer('dense', { units: 128, useBias: false })).params).toBe(401_408);
  });
});

describe('shape-preserving layers', () => {
  it('activation and dropout keep the shape and have no weights', () => {
    expect(facts(last([5, 5, 3], layer('activation', { activation: 'tanh' })))).toEqual({ shape: [5, 5, 3], params: 0, trainable: 0, macs: 0 });
    expect(facts(last([5, 5, 3], layer('dropout', { rate: 0 })))).toEqual({ shape: [5, 5, 3], params: 0, trainable: 0, macs: 0 });
  });
  it('batchNorm has 4 weights per channel, 2 of them trainable', () => {
    expect(facts(last([8, 8, 16], layer('batchNorm')))).toEqual({ shape: [8, 8, 16], params: 64, trainable: 32, macs: 0 });
    expect(facts(last([10, 10, 1], layer('flatten'), layer('batchNorm')))).toEqual({ shape: [100], params: 400, trainable: 200, macs: 0 });
  });
});
