import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { applyQuickFix } from '../../../src/core/editing/applyFix';
import type { LayerSpec, NetworkSpec } from '../../../src/core/spec/spec';
import { validSpecArb } from './arbitraries';
import { layer, net } from './helpers';

let n = 0;
const testId = (kind: string): string => `${kind}-fix-${(n += 1)}`;

/** Applies the first problem's fix. */
function fixFirst(spec: NetworkSpec): NetworkSpec {
  const fix = analyzeNetwork(spec).problems[0]?.fix;
  if (!fix) throw new Error('no fix offered');
  return applyQuickFix(spec, fix, testId);
}

describe('applyQuickFix', () => {
  it('inserts a Flatten before a Dense on a feature map', () => {
    const spec = net([layer('conv2d'), layer('dense')]);
    const fixed = fixFirst(spec);
    expect(fixed.layers.map((l) => l.kind)).toEqual(['conv2d', 'flatten', 'dense']);
    expect(analyzeNetwork(fixed).valid).toBe(true);
    expect(spec.layers).toHaveLength(2);
  });

  it('appends the classifier to an empty network, or after a feature map or vector', () => {
    expect(fixFirst(net([])).layers.map((l) => l.kind)).toEqual(['flatten', 'dense']);
    expect(analyzeNetwork(fixFirst(net([layer('conv2d')]))).valid).toBe(true);
    const afterVector = fixFirst(net([layer('flatten'), layer('dense', { units: 32, activation: 'relu' })]));
    expect(afterVector.layers.map((l) => l.kind)).toEqual(['flatten', 'dense', 'dense']);
    expect(afterVector.layers[2]).toMatchObject({ units: 10, activation: 'softmax' });
    expect(analyzeNetwork(afterVector).valid).toBe(true);
  });

  it('sets a parameter without touching the original', () => {
    const spec = net([layer('conv2d', { kernelSize: [15, 15] }), layer('flatten'), layer('dense')], [8, 8, 1]);
    const fixed = fixFirst(spec);
    expect(fixed.layers[0]).toMatchObject({ padding: 'same' });
    expect(spec.layers[0]).toMatchObject({ padding: 'valid' });
    expect(analyzeNetwork(fixed).valid).toBe(true);
  });

  it('every setParam fix offered for a broken setting removes that problem', () => {
    const fields = ['filters', 'kernelSize', 'strides', 'dilation', 'padding', 'activation', 'useBias'] as const;
    fc.assert(
      fc.property(validSpecArb, fc.nat(), fc.constantFrom(...fields), fc.anything(), (spec, at, field, value) => {
        const index = at % spec.layers.length;
        const broken = { ...spec, layers: spec.layers.map((l, i) => (i === index && field in l ? ({ ...l, [field]: value } as LayerSpec) : l)) };
        const problem = analyzeNetwork(broken).problems.find((p) => p.layerIndex === index && p.field === field && p.fix?.type === 'setParam');
        if (!problem?.fix) return;
        const fixed = applyQuickFix(broken, problem.fix, testId);
        expect(analyzeNetwork(fixed).problems.some((p) => p.layerIndex === index && p.field === field && p.message === problem.message)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
