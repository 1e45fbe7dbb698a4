/**
 * Chooses a dataset's preset the way the MNIST defaults were chosen: every candidate (a network and
 * its training settings) trains on the dataset's train split with the page's own training loop
 * (TrainingSession, tfjs wasm, the same shuffles), and is judged on the validation split only. The
 * test split is read once, for the winner, after the choice. Slow (minutes per candidate on a
 * laptop CPU): a tool for whoever tunes a preset, not part of `npm test`.
 *
 *   npx tsx scripts/searchPreset.ts [--dataset fashion-mnist] [--only id,id] [--epochs N]
 *
 * Writes a Markdown table to stdout and the results as JSON to .scratch/preset-search-<dataset>.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { builtinDataset } from '../src/core/dataset/builtin';
import type { DatasetDescription } from '../src/core/dataset/description';
import { withDatasetClassifier } from '../src/core/dataset/specDataset';
import { PRESETS } from '../src/core/editing/presets';
import { layersFromRecipes, pool2x2, type LayerRecipe } from '../src/core/editing/recipe';
import { SPEC_VERSION, type NetworkSpec } from '../src/core/spec/spec';
import { DEFAULT_SETTINGS, type TrainingSettings } from '../src/core/training/training';
import { ImageDataset, loadDataset, type FetchLike } from '../src/data';
import { generateDataset } from '../src/data/generated';
import { evaluateTestSet } from '../src/engine/testEvaluation';
import { TrainingSession } from '../src/engine/trainingSession';
import { buildModel } from '../src/tf/buildModel';
import { registerConvGradients } from '../src/tf/gradients';

interface Candidate {
  id: string;
  /** The network: a preset's id, or layers written here. */
  network: string | readonly LayerRecipe[];
  settings: TrainingSettings;
}

interface Result {
  id: string;
  params: number;
  settings: TrainingSettings;
  /** Validation accuracy after each epoch. */
  validation: number[];
  secondsPerEpoch: number;
}

const ADAM_COSINE: TrainingSettings = { ...DEFAULT_SETTINGS, optimizer: 'adam', learningRate: 0.003, schedule: 'cosine', augmentation: 'none', epochs: 3 };
const RELU_SAME = { padding: 'same', activation: 'relu' } as const;

/** Two 3x3 blocks of 32 and 64 filters with no hidden Dense layer: the Classic CNN's convolutions at a tenth of its parameters. */
const CONV3_32_64: readonly LayerRecipe[] = [
  ['conv2d', { filters: 32, kernelSize: [3, 3], ...RELU_SAME }],
  ['maxPool2d', pool2x2()],
  ['conv2d', { filters: 64, kernelSize: [3, 3], ...RELU_SAME }],
  ['maxPool2d', pool2x2()],
  ['flatten'],
  ['dense', { units: 10, activation: 'softmax' }],
];

/** The same with dropout before the classifier, which is what Fashion-MNIST's own benchmarks use against overfitting. */
const CONV3_32_64_DROPOUT: readonly LayerRecipe[] = [...CONV3_32_64.slice(0, -1), ['dropout', { rate: 0.25 }], CONV3_32_64[CONV3_32_64.length - 1]!];

const CANDIDATES: readonly Candidate[] = [
  { id: 'small-cnn, batch 32', network: 'small-cnn', settings: ADAM_COSINE },
  { id: 'wider (5x5 16/32), batch 64', network: 'fashion-cnn', settings: { ...ADAM_COSINE, batchSize: 64 } },
  { id: 'wider (5x5 16/32), batch 32', network: 'fashion-cnn', settings: { ...ADAM_COSINE, batchSize: 32 } },
  { id: 'wider (5x5 16/32), batch 64, lr 0.001', network: 'fashion-cnn', settings: { ...ADAM_COSINE, batchSize: 64, learningRate: 0.001 } },
  { id: 'wider (5x5 16/32), batch 64, shifts', network: 'fashion-cnn', settings: { ...ADAM_COSINE, batchSize: 64, augmentation: 'shift' } },
  { id: '3x3 32/64, batch 64', network: CONV3_32_64, settings: { ...ADAM_COSINE, batchSize: 64 } },
  { id: '3x3 32/64 + dropout, batch 64', network: CONV3_32_64_DROPOUT, settings: { ...ADAM_COSINE, batchSize: 64 } },
  { id: 'tiny-vgg, batch 32', network: 'tiny-vgg', settings: ADAM_COSINE },
  { id: 'classic mnist-cnn, batch 64', network: 'mnist-cnn', settings: { ...ADAM_COSINE, batchSize: 64 } },
];

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
}

function specOf(candidate: Candidate, dataset: DatasetDescription): NetworkSpec {
  const base: NetworkSpec =
    typeof candidate.network === 'string'
      ? (PRESETS.find((p) => p.id === candidate.network)?.spec ?? fail(`no preset ${candidate.network}`))
      : { version: SPEC_VERSION, inputShape: [28, 28, 1], layers: layersFromRecipes(candidate.network, (_kind, i) => `search-${i + 1}`) };
  return withDatasetClassifier(base, dataset);
}

function fail(message: string): never {
  throw new Error(message);
}

const fileFetch = (dir: string): FetchLike => async (url) => new Response(fs.readFileSync(path.join(dir, new URL(url, 'file:///').pathname.split('/').pop() ?? '')));

async function loadSplits(dataset: DatasetDescription, root: string): Promise<ImageDataset> {
  if (dataset.source.kind === 'generated') return new ImageDataset(generateDataset(dataset));
  const dir = path.join(root, 'public', dataset.id);
  return new ImageDataset(await loadDataset(dataset, `file:///${dataset.id}/`, undefined, fileFetch(dir)));
}

async function train(candidate: Candidate, spec: NetworkSpec, data: ImageDataset): Promise<{ result: Result; model: tf.LayersModel }> {
  const { model } = buildModel(spec);
  const validation: number[] = [];
  const session = new TrainingSession(spec, model, candidate.settings, data, (event) => {
    if (event.type === 'epoch') {
      validation.push(event.validationAccuracy);
      process.stderr.write(`  ${candidate.id}: epoch ${event.epoch + 1} validation ${(event.validationAccuracy * 100).toFixed(2)}% at ${event.seconds.toFixed(0)} s\n`);
    }
  });
  await session.run();
  const seconds = session.seconds;
  session.dispose();
  const result = { id: candidate.id, params: model.countParams(), settings: candidate.settings, validation, secondsPerEpoch: seconds / candidate.settings.epochs };
  return { result, model };
}

async function main(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dataset = builtinDataset(option('dataset') ?? 'fashion-mnist') ?? fail('unknown dataset');
  const only = option('only')?.split(',');
  const epochs = option('epochs');
  await tf.setBackend('wasm');
  registerConvGradients();
  const data = await loadSplits(dataset, root);
  const candidates = CANDIDATES.filter((_, i) => !only || only.includes(String(i + 1))).map((c) => (epochs ? { ...c, settings: { ...c.settings, epochs: Number(epochs) } } : c));
  process.stderr.write(`${dataset.name}: ${data.trainCount} train, ${data.validationCount} validation; ${candidates.length} candidates on tfjs ${tf.getBackend()}\n`);

  const results: { result: Result; model: tf.LayersModel; spec: NetworkSpec }[] = [];
  for (const candidate of candidates) {
    const spec = specOf(candidate, dataset);
    results.push({ ...(await train(candidate, spec, data)), spec });
  }
  const finalAccuracy = (r: Result) => r.validation.at(-1) ?? 0;
  const best = results.reduce((a, b) => (finalAccuracy(b.result) > finalAccuracy(a.result) ? b : a));
  const test = await evaluateTestSet(best.model, data, best.spec.inputShape);

  const rows = results.map(({ result: r }) => `| ${r.id} | ${r.params.toLocaleString('en')} | ${r.validation.map((v) => (v * 100).toFixed(1)).join(' / ')} | ${r.secondsPerEpoch.toFixed(0)} |`);
  process.stdout.write(
    [
      `${dataset.name}, validation accuracy (%) after each epoch (Adam, cosine decay from the rate stated), tfjs wasm in Node:`,
      '',
      '| Candidate | Parameters | Validation after each epoch | s / epoch |',
      '|---|---:|---|---:|',
      ...rows,
      '',
      `Best on validation: ${best.result.id}; its test accuracy: ${(test.accuracy * 100).toFixed(2)}%.`,
      '',
    ].join('\n'),
  );
  fs.mkdirSync(path.join(root, '.scratch'), { recursive: true });
  const out = path.join(root, '.scratch', `preset-search-${dataset.id}.json`);
  fs.writeFileSync(out, JSON.stringify({ dataset: dataset.id, results: results.map((r) => r.result), best: best.result.id, testAccuracy: test.accuracy }, null, 2));
  for (const r of results) r.model.dispose();
}

void main();
