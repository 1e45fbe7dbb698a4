/**
 * Properties of the text summaries over random networks. The PyTorch text is checked by reading
 * it back: a small interpreter of the printed modules computes PyTorch's own shapes and
 * parameter counts, which must agree with the core's analysis.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeNetwork } from '../../../src/core/analysis/analyze';
import { updateLayer } from '../../../src/core/editing/edit';
import { formatCount } from '../../../src/core/spec/format';
import { getLayerDefinition } from '../../../src/core/spec/registry';
import { kerasSummary, pytorchSummary } from '../../../src/core/summaries/summary';
import type { NetworkSpec } from '../../../src/core/spec/spec';
import { validSpecArb } from './arbitraries';

interface TorchRun {
  /** [c, h, w] or [n]. */
  shape: number[];
  /** Parameters as `sum(p.numel() for p in model.parameters())` counts them. */
  params: number;
  /** Whether some module carried a '#' note (then its padding differs from TF's). */
  noted: boolean;
  /** [c, h, w] where the first Flatten or adaptive pool met it. */
  lastFeatureMap: number[] | null;
}

const nums = (text: string): number[] => (text.match(/\d+/g) ?? []).map(Number);
const pairOf = (text: string | undefined): [number, number] => {
  const [a = NaN, b = a] = nums(text ?? '');
  return [a, b];
};

/** PyTorch's output length: floor((n + 2p - d(k-1) - 1) / s) + 1. */
const outLength = (n: number, k: number, s: number, p: number, d: number): number => Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;

/** Runs the module lines of a pytorchSummary on an input of [c, h, w], as PyTorch would size them. */
function runTorch(text: string, input: number[]): TorchRun {
  let shape = [...input];
  let params = 0;
  let noted = false;
  let lastFeatureMap: number[] | null = null;
  for (const line of text.split('\n').filter((l) => l.startsWith('  ('))) {
    const [, name = '', args = '', note] = /^ {2}\(\d+\): (\w+)\((.*?)\)(?: {2}# (.*))?$/.exec(line) ?? [];
    noted ||= note !== undefined;
    const arg = (key: string): string | undefined => new RegExp(`${key}=(\\([^)]*\\)|[^,]+)`).exec(args)?.[1];
    const [c = 0, h = 0, w = 0] = shape;
    switch (name) {
      case 'Conv2d': {
        const [inC = NaN, outC = NaN] = nums(args.split(', kernel_size')[0] ?? '');
        expect(inC).toBe(c);
        const [kh, kw] = pairOf(arg('kernel_size'));
        const [sh, sw] = pairOf(arg('stride'));
        const [dh, dw] = arg('dilation') ? pairOf(arg('dilation')) : [1, 1];
        const groups = Number(arg('groups') ?? 1);
        const same = arg('padding') === 'same';
        const [ph, pw] = arg('padding') && !same ? pairOf(arg('padding')) : [0, 0];
        params += (outC * (inC / groups) * kh * kw) + (arg('bias') === 'False' ? 0 : outC);
        shape = same ? [outC, h, w] : [outC, outLength(h, kh, sh, ph, dh), outLength(w, kw, sw, pw, dw)];
        break;
      }
      case 'MaxPool2d':
      case 'AvgPool2d': {
        const [kh, kw] = pairOf(arg('kernel_size'));
        const [sh, sw] = pairOf(arg('stride'));
        const [ph, pw] = pairOf(arg('padding'));
        shape = [c, outLength(h, kh, sh, ph, 1), outLength(w, kw, sw, pw, 1)];
        break;
      }
      case 'AdaptiveAvgPool2d':
      case 'AdaptiveMaxPool2d':
        lastFeatureMap ??= shape;
        shape = [c, 1, 1];
        break;
      case 'Flatten':
        lastFeatureMap ??= shape;
        shape = [shape.reduce((a, b) => a * b, 1)];
        break;
      case 'Linear': {
        // in_features comes from TF's shapes; PyTorch's differ only where a note says so.
        const inFeatures = Number(arg('in_features'));
        if (!noted) expect(inFeatures).toBe(c);
        const out = Number(arg('out_features'));
        params += inFeatures * out + (arg('bias') === 'True' ? out : 0);
        shape = [out];
        break;
      }
      case 'BatchNorm2d':
      case 'BatchNorm1d':
        expect(shape).toHaveLength(name === 'BatchNorm2d' ? 3 : 1);
        // num_features comes from TF's shapes, like in_features.
        if (!noted) expect(nums(args)[0]).toBe(c);
        params += 2 * (nums(args)[0] ?? NaN);
        break;
      default:
        expect(['ReLU', 'LeakyReLU', 'ELU', 'Sigmoid', 'Tanh', 'Softmax', 'Dropout']).toContain(name);
    }
  }
  return { shape, params, noted, lastFeatureMap };
}

const channelsFirst = ({ inputShape: [h, w, c] }: NetworkSpec): number[] => [c, h, w];

describe('summary properties', () => {
  it('the PyTorch modules chain their channels, count the trainable params, and end in TF shapes unless a note says otherwise', () => {
    fc.assert(
      fc.property(validSpecArb, (spec) => {
        const analysis = analyzeNetwork(spec);
        const text = pytorchSummary(spec);
        expect(text).not.toContain('?');
        const run = runTorch(text, channelsFirst(spec));
        expect(run.params).toBe(analysis.trainableParams);
        expect(run.shape).toEqual([10]);
        const tfFeatureMap = analysis.layers.filter((l) => l.outputShape?.length === 3).at(-1)?.outputShape ?? spec.inputShape;
        if (!run.noted) expect(run.lastFeatureMap).toEqual([tfFeatureMap[2], tfFeatureMap[0], tfFeatureMap[1]]);
        expect(text.split('\n').at(-1)).toMatch(new RegExp(`^# Total params: ${formatCount(analysis.totalParams)}`));
      }),
      { numRuns: 300 },
    );
  });

  it('the Keras table has a row per Keras layer with its params, no ?, and the analysis totals', () => {
    fc.assert(
      fc.property(validSpecArb, (spec) => {
        const analysis = analyzeNetwork(spec);
        const text = kerasSummary(spec);
        expect(text).not.toContain('?');
        const rows = text.split('\n').filter((l) => l.startsWith(' ')).slice(1);
        // One row per layer, one more for each conv or Dense layer with leaky ReLU, and a
        // ZeroPadding2D row before each conv (zeros mode) or average pool with explicit padding.
        const params = spec.layers.flatMap((layer, i) => {
          const own = analysis.layers[i]?.params ?? -1;
          const explicit = 'padding' in layer && Array.isArray(layer.padding) && layer.padding.some((p) => p > 0);
          const zeroPadding = explicit && (layer.kind === 'avgPool2d' || ('paddingMode' in layer && layer.paddingMode === 'zeros')) ? [0] : [];
          return [...zeroPadding, ...(layer.kind !== 'activation' && 'activation' in layer && layer.activation === 'leakyRelu' ? [own, 0] : [own])];
        });
        expect(rows).toHaveLength(params.length);
        rows.forEach((row, i) => expect(row.endsWith(` ${params[i] ?? -1}`)).toBe(true));
        expect(text).toContain(`\nTotal params: ${formatCount(analysis.totalParams)}\n`);
        expect(text).toContain(`\nTrainable params: ${formatCount(analysis.trainableParams)}\n`);
        expect(text).toContain(`\nNon-trainable params: ${formatCount(analysis.totalParams - analysis.trainableParams)}\n`);
        const width = text.split('\n')[1]?.length ?? 0;
        for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(width);
      }),
      { numRuns: 300 },
    );
  });

  it('neither summary throws when any setting holds anything', () => {
    fc.assert(
      fc.property(validSpecArb, fc.nat(), fc.nat(), fc.anything(), (spec, at, fieldAt, value) => {
        const layer = spec.layers[at % spec.layers.length];
        if (!layer) return;
        const fields = Object.keys(getLayerDefinition(layer.kind).defaults);
        const field = fields[fieldAt % Math.max(1, fields.length)];
        const broken = field === undefined ? spec : updateLayer(spec, layer.id, { [field]: value });
        expect(typeof kerasSummary(broken)).toBe('string');
        expect(typeof pytorchSummary(broken)).toBe('string');
      }),
      { numRuns: 400 },
    );
  });
});
