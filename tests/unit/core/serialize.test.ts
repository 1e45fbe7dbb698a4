import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { PRESETS } from '../../../src/core/editing/presets';
import { parseSpec, specToJson } from '../../../src/core/spec/serialize';
import { validSpecArb } from './arbitraries';

const failure = (text: string): string => {
  const result = parseSpec(text);
  if (result.ok) throw new Error('expected a failure');
  return result.message;
};

describe('specToJson / parseSpec', () => {
  it.each(PRESETS.map((p) => [p.id, p.spec] as const))('round-trips preset %s', (_id, spec) => {
    expect(parseSpec(specToJson(spec))).toEqual({ ok: true, spec });
  });

  it('round-trips random valid specs', () => {
    fc.assert(
      fc.property(validSpecArb, (spec) => {
        expect(parseSpec(specToJson(spec))).toEqual({ ok: true, spec });
      }),
      { numRuns: 100 },
    );
  });

  it('writes readable JSON with pairs on one line', () => {
    const json = specToJson(PRESETS[0]!.spec);
    expect(json).toContain('"inputShape": [28, 28, 1]');
    expect(json).toContain('"kernelSize": [5, 5]');
    expect(json.startsWith('{\n  "version": 2,')).toBe(true);
  });

  it('keeps ids that look like number lists untouched', () => {
    const spec = { ...PRESETS[0]!.spec, layers: PRESETS[0]!.spec.layers.map((l, i) => ({ ...l, id: `[1,   2] ${i}` })) };
    expect(parseSpec(specToJson(spec))).toEqual({ ok: true, spec });
  });

  it('drops fields a layer kind does not have and keeps missing ones missing', () => {
    const result = parseSpec(JSON.stringify({ version: 2, inputShape: [28, 28, 1], extra: 1, layers: [{ id: 'a', kind: 'flatten', filters: 3 }, { id: 'b', kind: 'dense', units: 10 }] }));
    expect(result).toEqual({ ok: true, spec: { version: 2, inputShape: [28, 28, 1], layers: [{ id: 'a', kind: 'flatten' }, { id: 'b', kind: 'dense', units: 10 }] } });
    // Range and presence of values are the analysis' job.
    if (result.ok) expect(analyzeNetwork(result.spec).problems.map((p) => p.field)).toEqual(['activation', 'useBias']);
  });

  it('leaves out-of-range values for the analysis to report', () => {
    const result = parseSpec(JSON.stringify({ version: 1, inputShape: [28, 28, 0], layers: [{ id: 'a', kind: 'conv2d', filters: -1 }] }));
    expect(result.ok).toBe(true);
  });

  it.each([
    ['', 'The file is empty.'],
    ['{not json', 'This is not valid JSON'],
    ['[1, 2]', 'expected an object with version, inputShape and layers'],
    ['"hello"', 'expected an object'],
    ['{"inputShape": [28, 28, 1], "layers": []}', 'no version number'],
    ['{"version": 3, "inputShape": [28, 28, 1], "layers": []}', 'format version 3, but this Kernelscope reads versions 1 and 2'],
    ['{"version": "1", "inputShape": [28, 28, 1], "layers": []}', 'format version the text "1"'],
    ['{"version": 1, "inputShape": [28, 28], "layers": []}', 'inputShape must be a list of three numbers'],
    ['{"version": 1, "inputShape": [28, "28", 1], "layers": []}', 'inputShape must be a list of three numbers'],
    ['{"version": 1, "inputShape": [28, 28, 1]}', 'The network has no layers list (layers is missing).'],
    ['{"version": 1, "inputShape": [28, 28, 1], "layers": {}}', 'no layers list'],
    ['{"version": 1, "inputShape": [28, 28, 1], "layers": [3]}', 'Layer 1 is not a layer description (it is 3).'],
    ['{"version": 1, "inputShape": [28, 28, 1], "layers": [{"id": "a", "kind": "conv3d"}]}', 'Layer 1 has an unknown kind, "conv3d". Known kinds: conv2d,'],
    ['{"version": 1, "inputShape": [28, 28, 1], "layers": [{"id": "a"}]}', 'Layer 1 has no kind (it is missing).'],
    ['{"version": 1, "inputShape": [28, 28, 1], "layers": [{"id": "a", "kind": "flatten"}, {"kind": "flatten"}]}', 'Layer 2 has no id'],
  ])('rejects %j with a clear message', (text, message) => {
    expect(failure(text)).toContain(message);
  });

  it('never throws on arbitrary text or JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.anything().map((v) => JSON.stringify(v) ?? '')), (text) => {
        const result = parseSpec(text);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
