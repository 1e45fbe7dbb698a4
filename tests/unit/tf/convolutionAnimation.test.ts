import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type NetworkSpec } from '../../../src/core/spec/spec';
import type { InspectionSnapshot } from '../../../src/engine/protocol';
import { buildModel } from '../../../src/tf/buildModel';
import { createActivationModel, readLayerWeights } from '../../../src/tf/inspection';
import { animationSource, animationStep, animationUnavailable, positionCount, sceneFor } from '../../../src/ui/inside/convolution/animationModel';
import { arithmeticLines, formatNumber } from '../../../src/ui/inside/convolution/describeStep';
import { validSpecArb } from '../core/arbitraries';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function randomImage(spec: NetworkSpec, seed: number): Float32Array {
  const [h, w, c] = spec.inputShape;
  let state = seed;
  return Float32Array.from({ length: h * w * c }, () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.3;
  });
}

/** A snapshot as the engine sends it: every layer's output for the image, and the weights of every windowed layer. */
async function snapshotOf(spec: NetworkSpec, pixels: Float32Array) {
  const built = buildModel(spec);
  try {
    const layers = await createActivationModel(built, spec.inputShape).activations(pixels);
    const windowed = spec.layers.flatMap((layer, i) => (animationUnavailable(layer) === null ? [i] : []));
    const weights = await Promise.all(windowed.map(async (layerIndex) => ({ layerIndex, arrays: await readLayerWeights(built, layerIndex) })));
    const snapshot: InspectionSnapshot = { networkVersion: 1, step: 0, probe: { pixels, label: null, testIndex: null }, layers, weights };
    return { view: { snapshot, layerIds: spec.layers.map((l) => l.id) }, windowed };
  } finally {
    built.model.dispose();
  }
}

const close = (actual: number, expected: number) => Math.abs(actual - expected) <= 1e-4 * Math.max(1, Math.abs(expected));

describe('the convolution animation’s arithmetic', () => {
  it('equals what tfjs computed at every position, for every conv, depthwise, separable and pool layer of random networks', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(validSpecArb, fc.nat(), async (spec, seed) => {
        const { view, windowed } = await snapshotOf(spec, randomImage(spec, seed));
        const analyses = analyzeNetwork(spec).layers;
        for (const index of windowed) {
          const source = animationSource(spec, analyses, view, index);
          expect(source, `layer ${index} of ${JSON.stringify(spec)} has animation material`).not.toBeNull();
          if (!source) continue;
          const channels = [0, source.output.channels - 1];
          for (const channel of channels) {
            for (let position = 0; position < positionCount(source); position++) {
              const step = animationStep(source, position, channel);
              if (!close(step.value, step.tfjs)) throw new Error(`${spec.layers[index]?.kind} layer ${index}, channel ${channel}, position ${position}: reference ${step.value}, tfjs ${step.tfjs}`);
              checked += 1;
            }
          }
        }
      }),
      { numRuns: 30 },
    );
    expect(checked).toBeGreaterThan(500);
  });

  it('writes the products, the sums, the bias and the activation, ending in the value tfjs computed', async () => {
    const spec: NetworkSpec = {
      version: SPEC_VERSION,
      inputShape: [6, 6, 2],
      layers: [
        createLayer('conv2d', 'c', { filters: 3, kernelSize: [3, 3], padding: 'same', activation: 'relu' }),
        createLayer('maxPool2d', 'p', { poolSize: [2, 2], strides: [2, 2], padding: 'valid' }),
      ],
    };
    const { view } = await snapshotOf(spec, randomImage(spec, 7));
    const analyses = analyzeNetwork(spec).layers;
    const conv = animationSource(spec, analyses, view, 0);
    if (!conv) throw new Error('no conv source');
    // Position 0 of a 'same' 3x3 conv: the window hangs over the top-left border.
    const step = animationStep(conv, 0, 1);
    const lines = arithmeticLines(step, 'relu', 0);
    expect(lines[0]).toBe('Output map 2, row 1, column 1:');
    expect(lines[1]).toMatch(/^Input channel 1: (-?[\d.−()e]+×[\d.−()e]+ \+ ){8}[\d.−()e]+×[\d.−()e]+ = /);
    expect(lines[2]).toMatch(/^The other 1 input channel \(2: [\d.−e]+\) add /);
    expect(lines.at(-1)).toBe(`= ${formatNumber(step.value)}; tfjs computed ${formatNumber(step.tfjs)} here`);
    const scene = sceneFor(conv, step, 0);
    // 9 taps on the drawn channel; the 5 in the border read zeros and copy nothing.
    expect(scene.taps).toHaveLength(9);
    expect(scene.taps.filter((t) => t.row < 0 || t.col < 0)).toHaveLength(5);
    expect(scene.span).toEqual({ rowStart: -1, rowEnd: 1, colStart: -1, colEnd: 1 });

    const pool = animationSource(spec, analyses, view, 1);
    if (!pool) throw new Error('no pool source');
    const poolStep = animationStep(pool, 4, 2);
    expect(arithmeticLines(poolStep, 'linear', 0)[1]).toMatch(/^Max of 4 cells: .* → [\d.−e]+ \(marked\)$/);
    expect(sceneFor(pool, poolStep, 2).winner).not.toBeNull();
  });
});
