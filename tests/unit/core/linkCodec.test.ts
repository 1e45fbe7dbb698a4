import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLink, encodeLink, LINK_VERSION, MAX_LINK_LAYERS, MAX_LINK_LENGTH } from '../../../src/core/export/linkCodec';
import { getPreset, PRESETS } from '../../../src/core/editing/presets';
import { createLayer, LAYER_KINDS } from '../../../src/core/spec/registry';
import { readSpec } from '../../../src/core/spec/serialize';
import { SPEC_VERSION, type LayerSpec, type NetworkSpec } from '../../../src/core/spec/spec';
import { AUGMENTATIONS, BATCH_SIZES, DEFAULT_SETTINGS, EPOCHS_RANGE, LEARNING_RATE_RANGE, OPTIMIZERS, readSettings, SCHEDULES, type TrainingSettings } from '../../../src/core/training/training';
import { validSpecArb } from './arbitraries';

/** The documented alphabet: A-Z a-z 0-9 . _ - ( ) , ; */
const LINK_ALPHABET = /^[A-Za-z0-9._(),;-]+$/;

const withoutIds = (spec: NetworkSpec) => ({ ...spec, layers: spec.layers.map(({ id: _id, ...rest }) => rest) });

const settingsArb: fc.Arbitrary<TrainingSettings> = fc.record({
  optimizer: fc.constantFrom(...OPTIMIZERS),
  learningRate: fc.double({ min: LEARNING_RATE_RANGE.min, max: LEARNING_RATE_RANGE.max, noNaN: true }),
  batchSize: fc.constantFrom(...BATCH_SIZES),
  epochs: fc.integer({ min: EPOCHS_RANGE.min, max: EPOCHS_RANGE.max }),
  schedule: fc.constantFrom(...SCHEDULES),
  augmentation: fc.constantFrom(...AUGMENTATIONS),
});

function expectRoundTrip(spec: NetworkSpec, settings: TrainingSettings): string {
  const text = encodeLink(spec, settings);
  const result = decodeLink(text);
  expect(result.ok).toBe(true);
  if (!result.ok) return text;
  expect(withoutIds(result.value.spec)).toEqual(withoutIds(spec));
  expect(result.value.spec.layers.map((layer) => layer.id)).toEqual(spec.layers.map((_, i) => `l${i + 1}`));
  expect(result.value.settings).toEqual(settings);
  return text;
}

function expectSafe(text: string): void {
  expect(text).toMatch(LINK_ALPHABET);
  expect(text).toMatch(/[a-z]$/);
  // encodeURIComponent escapes only ',' and ';', both legal unescaped in a URL fragment.
  expect(encodeURIComponent(text)).toBe(text.replace(/[,;]/g, (c) => encodeURIComponent(c)));
}

/** The refusal message for a text; fails the test if the text is accepted. */
function refusal(text: string): string {
  const result = decodeLink(text);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.message;
}

/** Whether a decode result is a refusal or a spec and settings that pass readSpec and readSettings. */
function isSafeResult(result: ReturnType<typeof decodeLink>): boolean {
  if (!result.ok) return typeof result.message === 'string' && result.message.length > 0;
  const spec = readSpec(result.value.spec);
  expect(spec).toEqual({ ok: true, spec: result.value.spec });
  expect(readSettings(result.value.settings)).toEqual({ ok: true, settings: result.value.settings });
  return true;
}

const SMALL_CNN = getPreset('small-cnn')?.spec;
if (!SMALL_CNN) throw new Error('small-cnn preset missing');
const SMALL_LINK = encodeLink(SMALL_CNN, DEFAULT_SETTINGS);
/** A link around the given layer texts. */
const link = (...layers: string[]): string => ['1', '28x28x1', ...layers, 'adam,0.001,32,3'].join(';');

describe('encodeLink / decodeLink', () => {
  it.each(PRESETS.map((preset) => [preset.id, preset.spec] as const))('round-trips preset %s', (_id, spec) => {
    expectSafe(expectRoundTrip(spec, DEFAULT_SETTINGS));
  });

  it('writes the documented text for small-cnn, in about 200 characters', () => {
    expect(SMALL_LINK).toBe(
      '2;mnist;28x28x1;conv2d(8,5x5,1x1,valid,zeros,1x1,relu,1);maxPool2d(2x2,2x2,valid);conv2d(16,5x5,1x1,valid,zeros,1x1,relu,1);' +
        'maxPool2d(2x2,2x2,valid);flatten();dense(10,softmax,1);adam,0.003,32,3,cosine,none',
    );
    expect(SMALL_LINK.length).toBeLessThanOrEqual(206);
    expect(LINK_VERSION).toBe(2);
  });

  it('round-trips random valid specs and settings into safe text', () => {
    fc.assert(
      fc.property(validSpecArb, settingsArb, fc.constantFrom(undefined, 'fashion-mnist', 'my-leaves-2'), (spec, settings, dataset) => {
        expectSafe(expectRoundTrip(dataset === undefined ? spec : { ...spec, dataset }, settings));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps values the analysis flags, for the builder to show', () => {
    const spec: NetworkSpec = {
      version: SPEC_VERSION,
      inputShape: [28, 28, 3],
      layers: [
        createLayer('conv2d', 'a', { filters: 0, kernelSize: [1.5, -2], padding: [1, 2], paddingMode: 'reflect', activation: 'bogus' as 'relu', useBias: false }),
        createLayer('maxPool2d', 'b', { padding: 'wide' as 'same' }),
        createLayer('dropout', 'c', { rate: 1e-7 }),
        createLayer('dropout', 'd', { rate: -0 }),
        createLayer('dense', 'e', { units: Number.NaN }),
        createLayer('dense', 'f', { units: Number.POSITIVE_INFINITY }),
        createLayer('dense', 'g', { units: 1e21 }),
      ],
    };
    const text = expectRoundTrip(spec, { optimizer: 'sgd', learningRate: 0.00001, batchSize: 256, epochs: 50, schedule: 'constant', augmentation: 'shift' });
    expectSafe(text);
    expect(text).toContain('dense(1e21,');
    expect(text).toContain('dropout(-0)');
  });

  it('writes a value a link cannot hold as empty, and refuses that link naming the setting', () => {
    const spec: NetworkSpec = { version: SPEC_VERSION, inputShape: [28, 28, 1], layers: [createLayer('dense', 'a', { units: '10' as unknown as number })] };
    const text = encodeLink(spec, DEFAULT_SETTINGS);
    expectSafe(text);
    expect(refusal(text)).toMatch(/Layer 1 \(Dense\): Units is empty/);
  });

  it('reads a link with or without #net=, inside a whole URL, and percent-encoded', () => {
    const expected = decodeLink(SMALL_LINK);
    expect(expected.ok).toBe(true);
    for (const text of [
      `#net=${SMALL_LINK}`,
      `net=${SMALL_LINK}`,
      `  ${SMALL_LINK}\n`,
      `https://example.org/kernelscope/#net=${SMALL_LINK}`,
      encodeURIComponent(SMALL_LINK),
      `#net=${encodeURIComponent(SMALL_LINK)}`,
      encodeURIComponent(`net=${SMALL_LINK}`),
      `${SMALL_LINK};`,
    ]) {
      expect(decodeLink(text)).toEqual(expected);
    }
  });

  it('reads a network with no layers', () => {
    const spec: NetworkSpec = { version: SPEC_VERSION, inputShape: [32, 16, 3], layers: [] };
    expect(encodeLink(spec, DEFAULT_SETTINGS)).toBe('2;mnist;32x16x3;adam,0.003,32,3,cosine,none');
    expectRoundTrip(spec, DEFAULT_SETTINGS);
  });

  it('names its dataset, and reads a link made before datasets (version 1) as an MNIST network', () => {
    const fashion = { ...SMALL_CNN, dataset: 'fashion-mnist' };
    const text = encodeLink(fashion, DEFAULT_SETTINGS);
    expect(text.startsWith('2;fashion-mnist;28x28x1;conv2d(8,')).toBe(true);
    expect(decodeLink(text)).toEqual({ ok: true, value: { spec: { ...fashion, layers: expect.any(Array) }, settings: DEFAULT_SETTINGS } });
    const old = decodeLink(SMALL_LINK.replace(/^2;mnist;/, '1;'));
    expect(old.ok && old.value.spec.dataset).toBeUndefined();
    expect(old.ok && old.value.spec.layers.length).toBe(SMALL_CNN.layers.length);
    expect(decodeLink(SMALL_LINK)).toEqual(old);
    expect(refusal(SMALL_LINK.replace(/^2;mnist;/, '2;Fashion MNIST;'))).toMatch(/dataset must be a dataset's id such as "fashion-mnist", but it is .*Fashion MNIST/);
    expect(refusal('2;mnist')).toMatch(/ends too soon: after the version it needs the dataset, the input shape/);
  });

  it('reads a link made before schedules and augmentation (four settings) as a constant rate and no augmentation', () => {
    const result = decodeLink('1;28x28x1;flatten();dense(10,softmax,1);sgd,0.01,64,2');
    expect(result.ok && result.value.settings).toEqual({ optimizer: 'sgd', learningRate: 0.01, batchSize: 64, epochs: 2, schedule: 'constant', augmentation: 'none' });
  });

  it('refuses an unknown schedule or augmentation, and five settings', () => {
    expect(refusal('1;28x28x1;flatten();dense(10,softmax,1);adam,0.01,64,2,step,none')).toMatch(/learning-rate schedule must be one of constant, cosine/);
    expect(refusal('1;28x28x1;flatten();dense(10,softmax,1);adam,0.01,64,2,cosine,rotate')).toMatch(/augmentation must be one of none, shift/);
    expect(refusal('1;28x28x1;flatten();dense(10,softmax,1);adam,0.01,64,2,cosine')).toMatch(/six values/);
  });
});

describe('decodeLink refuses', () => {
  it('an empty link', () => {
    expect(refusal('')).toMatch(/The link is empty/);
    expect(refusal('   ')).toMatch(/The link is empty/);
    expect(refusal('#net=')).toMatch(/The link is empty/);
  });

  it('a link that is too long, before parsing it', () => {
    expect(refusal(`${SMALL_LINK};${'x'.repeat(MAX_LINK_LENGTH)}`)).toMatch(/characters long; Kernelscope reads network links of at most 8000 characters/);
    expect(MAX_LINK_LENGTH).toBe(8000);
  });

  it('a link from a newer Kernelscope, and versions it does not know', () => {
    expect(refusal(SMALL_LINK.replace(/^2;/, '3;'))).toMatch(/made by a newer Kernelscope \(link version 3, but this page reads version 2\)/);
    expect(refusal(SMALL_LINK.replace(/^2;/, '99999999999999999999999;'))).toMatch(/newer Kernelscope/);
    expect(refusal(SMALL_LINK.replace(/^2;/, '0;'))).toMatch(/version 0, which this Kernelscope does not know; it reads link versions 1 and 2/);
    expect(refusal(SMALL_LINK.replace(/^2;/, 'v1;'))).toMatch(/does not start with a version number \(it starts with "v1"\)/);
    expect(refusal('hello world')).toMatch(/does not start with a version number/);
  });

  it('a link that ends too soon', () => {
    expect(refusal('1')).toMatch(/ends too soon/);
    expect(refusal('1;28x28x1')).toMatch(/ends too soon/);
  });

  it('an unknown layer kind, naming it and listing the known kinds', () => {
    const message = refusal(link('conv3d(8)'));
    expect(message).toMatch(/Layer 1 has an unknown kind, "conv3d"\. Known kinds: conv2d, separableConv2d, .*batchNorm\./);
    expect(message).toContain(LAYER_KINDS.join(', '));
    expect(refusal(link('flatten()', 'constructor()'))).toMatch(/Layer 2 has an unknown kind, "constructor"/);
    expect(refusal(link('(8)'))).toMatch(/Layer 1 has no kind before its "\("/);
  });

  it('a layer not written as kind(values)', () => {
    expect(refusal(link('dense'))).toMatch(/Layer 1 \("dense"\) is not written as kind\(values\), such as dense\(10,softmax,1\)/);
    expect(refusal(link('flatten()', 'dense(10,softmax,1'))).toMatch(/Layer 2 .* is not written as kind\(values\)/);
  });

  it('the wrong number of values, saying which layer and how many', () => {
    expect(refusal(link('flatten()', 'dense(10,softmax)'))).toMatch(
      /Layer 2 \(Dense\) has 2 values, but a dense layer takes 3: Units, Activation, Use bias, in that order\./,
    );
    expect(refusal(link('flatten(1)'))).toMatch(/Layer 1 \(Flatten\) has 1 value, but a flatten layer takes none: write flatten\(\)\./);
    expect(refusal(link('dropout()'))).toMatch(/Layer 1 \(Dropout\) has 0 values, but a dropout layer takes 1: Rate/);
  });

  it('a value that does not parse, naming the layer and the setting', () => {
    expect(refusal(link('flatten()', 'dense(ten,softmax,1)'))).toMatch(/Layer 2 \(Dense\): Units is "ten", which is not a number\./);
    expect(refusal(link('conv2d(8,5y5,1x1,valid,zeros,1x1,relu,1)'))).toMatch(/Layer 1 \(Conv2D\): Kernel size is "5y5", which is not two numbers such as 3x3/);
    expect(refusal(link('conv2d(8,5x5,1x1,1x,zeros,1x1,relu,1)'))).toMatch(/Layer 1 \(Conv2D\): Padding is "1x"; it must be valid or same, or cells per side such as 1x1/);
    expect(refusal(link('conv2d(8,5x5,1x1,valid,zeros,1x1,relu,yes)'))).toMatch(/Layer 1 \(Conv2D\): Use bias is "yes"; it must be 1 \(yes\) or 0 \(no\)/);
    expect(refusal(link('activation(re-lu)'))).toMatch(/Layer 1 \(Activation\): Function is "re-lu", which is not a word; it must be one of relu, /);
    expect(refusal(link('dropout(0.5.1)'))).toMatch(/Layer 1 \(Dropout\): Rate is "0.5.1", which is not a number/);
    expect(refusal(link('dense(,softmax,1)'))).toMatch(/Layer 1 \(Dense\): Units is empty/);
  });

  it('more than 200 layers', () => {
    expect(decodeLink(link(...Array<string>(MAX_LINK_LAYERS).fill('batchNorm()'))).ok).toBe(true);
    expect(refusal(link(...Array<string>(MAX_LINK_LAYERS + 1).fill('batchNorm()')))).toMatch(/holds 201 layers; Kernelscope reads at most 200/);
  });

  it('an input shape that is not three positive whole numbers', () => {
    for (const shape of ['28x28', '0x28x1', '28x28x1.5', 'axbxc', '28x28x1x1', '-28x28x1', '', '99999999999999999x1x1']) {
      expect(refusal(['1', shape, 'flatten()', 'adam,0.001,32,3'].join(';'))).toMatch(/The input shape is .*; it must be three whole numbers above 0, height x width x channels/);
    }
  });

  it('bad training settings, with readSettings words', () => {
    const withSettings = (settings: string): string => SMALL_LINK.replace(/adam,0\.003,32,3,cosine,none$/, settings);
    expect(refusal(withSettings('adam,5,32,3'))).toMatch(/The learning rate must be a number from 0.00001 to 1/);
    expect(refusal(withSettings('adam,fast,32,3'))).toMatch(/The learning rate must be a number/);
    expect(refusal(withSettings('adamw,0.001,32,3'))).toMatch(/The optimizer must be one of sgd, momentum, adam, rmsprop/);
    expect(refusal(withSettings('adam,0.001,33,3'))).toMatch(/The batch size must be one of 8, 16, 32/);
    expect(refusal(withSettings('adam,0.001,32,0'))).toMatch(/The number of epochs must be a whole number from 1 to 50/);
    expect(refusal(withSettings('adam,0.001,32'))).toMatch(/The training settings are "adam,0.001,32"; they must be six values: optimizer, learning rate, batch size, epochs, schedule and augmentation/);
  });

  it('broken percent-encoding', () => {
    expect(refusal(`${SMALL_LINK}%E0%A4%A`)).toMatch(/broken percent-encoding/);
  });
});

/** Positions of the values of a link: runs of characters between separators. */
function valueSpans(text: string): [number, number][] {
  return Array.from(text.matchAll(/[^;,()]+/g), (match) => [match.index, match.index + match[0].length]);
}

describe('decodeLink on random input', () => {
  const validLinkArb = fc.tuple(validSpecArb, settingsArb).map(([spec, settings]) => encodeLink(spec, settings));
  const charArb = fc.oneof(fc.constantFrom(...'09x.,;()-e_aZ%'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(isSafeResult(decodeLink(text))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random Unicode text (with lone surrogates)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(isSafeResult(decodeLink(text))).toBe(true);
        expect(isSafeResult(decodeLink(`#net=1;${text}`))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on a valid link with one character replaced, inserted or deleted', () => {
    fc.assert(
      fc.property(validLinkArb, fc.nat(), fc.constantFrom('replace', 'insert', 'delete'), charArb, (text, at, edit, char) => {
        const i = at % (text.length + 1);
        const edited =
          edit === 'insert' ? text.slice(0, i) + char + text.slice(i) : edit === 'replace' ? text.slice(0, i) + char + text.slice(i + 1) : text.slice(0, i) + text.slice(i + 1);
        expect(isSafeResult(decodeLink(edited))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on a valid link with one value replaced by any text', () => {
    fc.assert(
      fc.property(validLinkArb, fc.nat(), fc.string(), (text, pick, value) => {
        const spans = valueSpans(text);
        const [start, end] = spans[pick % spans.length] ?? [0, 0];
        expect(isSafeResult(decodeLink(text.slice(0, start) + value + text.slice(end)))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every one-value change that parses a readable network', () => {
    const layers: LayerSpec[] = SMALL_CNN.layers;
    fc.assert(
      fc.property(fc.nat(), fc.oneof(fc.constantFrom('0', '-1', '1.5', 'NaN', '1e400', 'same', '3x3', '0x0', 'Infinity'), fc.string({ maxLength: 4 }).filter((s) => !s.includes(';'))), (pick, value) => {
        const spans = valueSpans(SMALL_LINK);
        const [start, end] = spans[pick % spans.length] ?? [0, 0];
        const result = decodeLink(SMALL_LINK.slice(0, start) + value + SMALL_LINK.slice(end));
        expect(isSafeResult(result)).toBe(true);
        if (result.ok) expect(result.value.spec.layers).toHaveLength(layers.length);
      }),
      { numRuns: 200 },
    );
  });
});
