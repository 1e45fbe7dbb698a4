import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { activate, conv2dReference, pool2dReference, type FeatureMap } from '../../../src/core/math/convolution';
import { slidingWindowOf } from '../../../src/core/math/slidingWindow';
import { getPreset } from '../../../src/core/editing/presets';
import type { NetworkSpec } from '../../../src/core/spec/spec';
import type { InspectionSnapshot } from '../../../src/engine/protocol';
import { animationSource, animationStep, positionCount, type AnimationSource } from '../../../src/ui/inside/convolution/animationModel';
import { arithmeticLines } from '../../../src/ui/inside/convolution/describeStep';
import { firstInkyPosition, openingPosition, stepCoversInk } from '../../../src/ui/inside/convolution/opening';
import { readIdxSplit } from '../data/mnistFiles';

const spec: NetworkSpec = getPreset('small-cnn')!.spec;
const analyses = analyzeNetwork(spec).layers;

/** MNIST test image 0 (a 7) as the probe sends it: bytes / 255, zeros on the background. */
function testImage(): Float32Array {
  const test = readIdxSplit('test');
  const size = test.rows * test.cols;
  return Float32Array.from(test.images.subarray(0, size), (b) => b / 255);
}

/** A kernel [5, 5, 1, 8] with no zero weight, or with one non-zero tap (kernel row, column) when `only` is given. */
function kernelOf(only?: [number, number]): Float32Array {
  let state = 12345;
  return Float32Array.from({ length: 5 * 5 * 8 }, (_, i) => {
    state = (state * 1664525 + 1013904223) >>> 0;
    const tap = Math.floor(i / 8);
    if (only && tap !== only[0] * 5 + only[1]) return 0;
    return (state / 2 ** 32 - 0.5) * 0.2 || 0.01;
  });
}

/**
 * The Small CNN's first two layers (a 5x5 valid conv with ReLU, a 2x2 max pool) on `pixels`, as
 * the engine's snapshot holds them; the outputs by the core's reference math.
 */
function snapshotOf(pixels: Float32Array, kernel: Float32Array) {
  const conv = spec.layers[0]!;
  const pool = spec.layers[1]!;
  const input: FeatureMap = { values: pixels, height: 28, width: 28, channels: 1 };
  const bias = Float32Array.from({ length: 8 }, (_, c) => 0.01 * c);
  const convWindow = slidingWindowOf(conv, [28, 28, 1])!;
  const convOut = conv2dReference(input, { values: kernel, shape: [5, 5, 1, 8] }, bias, convWindow);
  convOut.values = convOut.values.map((v) => activate('relu', v));
  const poolOut = pool2dReference(convOut, 'max', slidingWindowOf(pool, [24, 24, 8])!);
  const snapshot: InspectionSnapshot = {
    networkVersion: 1,
    step: 0,
    probe: { pixels, label: 7, testIndex: 0 },
    layers: [
      { shape: [24, 24, 8], values: convOut.values },
      { shape: [12, 12, 8], values: poolOut.values },
    ],
    weights: [
      {
        layerIndex: 0,
        arrays: [
          { name: 'conv2d_1/kernel', shape: [5, 5, 1, 8], values: kernel },
          { name: 'conv2d_1/bias', shape: [8], values: bias },
        ],
      },
    ],
  };
  return { snapshot, layerIds: spec.layers.map((l) => l.id) };
}

function sourceOf(pixels: Float32Array, layerIndex: number, kernel = kernelOf()): AnimationSource {
  const source = animationSource(spec, analyses, snapshotOf(pixels, kernel), layerIndex);
  if (!source) throw new Error(`no animation material for layer ${layerIndex}`);
  return source;
}

/** The first 5x5 window, in row-major order over the 24x24 positions, holding a non-zero pixel: worked out from the pixels alone. */
function firstWindowOnInk(pixels: Float32Array, taps: readonly [number, number][]): number {
  for (let r = 0; r < 24; r++) {
    for (let c = 0; c < 24; c++) {
      if (taps.some(([kr, kc]) => (pixels[(r + kr) * 28 + c + kc] ?? 0) !== 0)) return r * 24 + c;
    }
  }
  return -1;
}

const allTaps = Array.from({ length: 25 }, (_, t) => [Math.floor(t / 5), t % 5] as [number, number]);

describe('where the convolution animation opens', () => {
  it('on a digit with a blank border: the first window that covers ink, whose arithmetic has a non-zero product', () => {
    const pixels = testImage();
    expect(pixels.slice(0, 28 * 4).every((v) => v === 0)).toBe(true);
    const source = sourceOf(pixels, 0);
    const expected = firstWindowOnInk(pixels, allTaps);
    expect(expected).toBeGreaterThan(0);
    for (const channel of [0, 7]) expect(firstInkyPosition(source, channel)).toBe(expected);
    // Every earlier window reads background: its products are all "0×w"; the first inky one's are not.
    const productsAt = (position: number) => {
      const line = arithmeticLines(animationStep(source, position, 0), 'relu', 0)[1] ?? '';
      return [...line.matchAll(/(\(?[−\d.e]+\)?)×(\(?[−\d.e]+\)?)/g)].map(([, value]) => value);
    };
    expect(productsAt(expected - 1)).toHaveLength(25);
    expect(productsAt(expected - 1).every((v) => v === '0')).toBe(true);
    expect(productsAt(expected).some((v) => v !== '0')).toBe(true);
    expect(stepCoversInk(animationStep(source, expected, 0))).toBe(true);
  });

  it('counts a product only where the weight is non-zero too', () => {
    const pixels = testImage();
    // Only the top-left tap weighs anything: the window must reach further before a product is non-zero.
    const source = sourceOf(pixels, 0, kernelOf([0, 0]));
    const expected = firstWindowOnInk(pixels, [[0, 0]]);
    expect(expected).toBeGreaterThan(firstWindowOnInk(pixels, allTaps));
    expect(firstInkyPosition(source, 3)).toBe(expected);
  });

  it('a pool opens on the first window with a non-zero cell', () => {
    const pixels = testImage();
    // Map 1 has no bias: the conv's ReLU output is 0 on the background.
    const pool = sourceOf(pixels, 1);
    const first = firstInkyPosition(pool, 0);
    expect(first).toBeGreaterThan(0);
    for (let p = 0; p < first; p++) expect(stepCoversInk(animationStep(pool, p, 0))).toBe(false);
    expect(stepCoversInk(animationStep(pool, first, 0))).toBe(true);
  });

  it('on an input without background (a colour image, a photo): where the channel answers most', () => {
    const dense = testImage().map((v) => 0.2 + 0.6 * v);
    const source = sourceOf(dense, 0);
    for (const channel of [0, 5]) {
      const opened = firstInkyPosition(source, channel);
      const values = Array.from({ length: 24 * 24 }, (_, p) => source.output.values[p * 8 + channel] ?? -Infinity);
      expect(opened).toBe(values.indexOf(Math.max(...values)));
      expect(opened).toBeGreaterThan(0);
    }
  });

  it('on an all-zero input: the first position', () => {
    const blank = new Float32Array(28 * 28);
    const source = sourceOf(blank, 0);
    expect(firstInkyPosition(source, 0)).toBe(0);
    expect(Array.from({ length: positionCount(source) }, (_, p) => stepCoversInk(animationStep(source, p, 0))).some(Boolean)).toBe(false);
    expect(openingPosition({ kind: 'ink' }, source, 0, 24)).toBe(0);
  });

  it('a clicked cell wins over ink and opens at once; ink waits for the layer’s material', () => {
    const source = sourceOf(testImage(), 0);
    const inky = firstInkyPosition(source, 0);
    expect(openingPosition({ kind: 'cell', row: 0, col: 2 }, source, 0, 24)).toBe(2);
    expect(openingPosition({ kind: 'cell', row: 10, col: 5 }, null, 0, 24)).toBe(10 * 24 + 5);
    expect(openingPosition({ kind: 'ink' }, source, 0, 24)).toBe(inky);
    // A channel past the layer's last (a stale selection) reads the last one.
    expect(openingPosition({ kind: 'ink' }, source, 99, 24)).toBe(firstInkyPosition(source, 7));
    expect(openingPosition({ kind: 'ink' }, null, 0, 24)).toBeNull();
    expect(openingPosition(null, source, 0, 24)).toBeNull();
  });
});
