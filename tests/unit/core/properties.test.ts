/** Properties over random networks. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import type { LayerSpec, TensorShape } from '../../../src/core/spec/spec';
import { MAX_GENERATED_PARAMS, specLikeArb, validSpecArb } from './arbitraries';

/** Parameter count written independently of the registry, from the layer and its input shape. */
function oracleParams(layer: LayerSpec, input: TensorShape): number {
  const cin = input[input.length - 1] ?? 0;
  switch (layer.kind) {
    case 'conv2d':
      return layer.kernelSize[0] * layer.kernelSize[1] * cin * layer.filters + (layer.useBias ? layer.filters : 0);
    case 'depthwiseConv2d':
      return (layer.kernelSize[0] * layer.kernelSize[1] + (layer.useBias ? 1 : 0)) * cin * layer.depthMultiplier;
    case 'separableConv2d':
      return cin * layer.depthMultiplier * (layer.kernelSize[0] * layer.kernelSize[1] + layer.filters) + (layer.useBias ? layer.filters : 0);
    case 'dense':
      return (cin + (layer.useBias ? 1 : 0)) * layer.units;
    case 'batchNorm':
      return 4 * cin;
    default:
      return 0;
  }
}

describe('analyzeNetwork properties', () => {
  it('never throws, and returns a consistent analysis, on arbitrary input', () => {
    fc.assert(
      fc.property(specLikeArb, (spec) => {
        const analysis = analyzeNetwork(spec);
        expect(analysis.valid).toBe(analysis.problems.every((p) => p.severity !== 'error'));
        const layers = (spec as { layers?: unknown } | null)?.layers;
        if (typeof spec === 'object' && spec !== null && !Array.isArray(spec) && Array.isArray(layers)) {
          expect(analysis.layers).toHaveLength(layers.length);
        }
        for (const value of [analysis.totalParams, analysis.trainableParams, analysis.totalMacs]) expect(Number.isFinite(value)).toBe(true);
        for (const problem of analysis.problems) expect(problem.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 1500 },
    );
  });

  it('generated valid specs have no problems and stay small', () => {
    fc.assert(
      fc.property(validSpecArb, (spec) => {
        const analysis = analyzeNetwork(spec);
        expect(analysis.problems).toEqual([]);
        expect(analysis.totalParams).toBeLessThanOrEqual(MAX_GENERATED_PARAMS);
        for (const layer of analysis.layers) expect(layer.outputShape?.every((n) => n >= 1)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('total params = sum of per-layer params = an independent per-layer count', () => {
    fc.assert(
      fc.property(validSpecArb, (spec) => {
        const analysis = analyzeNetwork(spec);
        const sum = analysis.layers.reduce((total, l) => total + l.params, 0);
        expect(analysis.totalParams).toBe(sum);
        spec.layers.forEach((layer, i) => {
          const input = analysis.layers[i]?.inputShape;
          if (!input) throw new Error('unknown input shape in a valid spec');
          expect(analysis.layers[i]?.params).toBe(oracleParams(layer, input));
        });
        expect(analysis.trainableParams).toBe(sum - spec.layers.reduce((t, l, i) => t + (l.kind === 'batchNorm' ? 2 * (analysis.layers[i]?.inputShape?.at(-1) ?? 0) : 0), 0));
      }),
      { numRuns: 300 },
    );
  });

  it('each layer input is the previous layer output', () => {
    fc.assert(
      fc.property(validSpecArb, (spec) => {
        const analysis = analyzeNetwork(spec);
        analysis.layers.forEach((layer, i) => {
          expect(layer.inputShape).toEqual(i === 0 ? spec.inputShape : analysis.layers[i - 1]?.outputShape);
        });
      }),
      { numRuns: 200 },
    );
  });
});
