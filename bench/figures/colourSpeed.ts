/**
 * Figure 17: training on colour images (the generated Colour shapes, 32x32x3, nine classes),
 * batch 64, side by side in one run: Kernelscope's bare tfjs loop (the app's model, optimizer and
 * batches) on the Small CNN and on the network of ConvNetJS's CIFAR-10 demo, and ConvNetJS itself
 * on that same network (its demo's trainer settings aside: Adadelta, as figure 2). Then the app's
 * engine on the Small CNN against the bare loop, in figure 1's interleaved rounds, with Colour shapes
 * chosen in the page: what the worker, the metrics and the page cost on colour images.
 */
import type { Browser } from '@playwright/test';
import { COLOUR_SHAPES } from '../../src/core/dataset/builtin';
import { withDatasetClassifier } from '../../src/core/dataset/specDataset';
import { layersFromRecipes, pool2x2 } from '../../src/core/editing/recipe';
import { SPEC_VERSION, type NetworkSpec } from '../../src/core/spec/spec';
import { openBare, runConvnet } from '../lib/benchPages';
import { newContext } from '../lib/browser';
import { BACKENDS, type BenchBackend, type BenchPlan } from '../lib/plan';
import { measureEngineAgainstBare, type SpeedRow } from './trainingSpeed';

export interface ColourSpeedRow {
  contender: 'Kernelscope (bare tfjs loop)' | 'ConvNetJS';
  network: 'Small CNN' | 'ConvNetJS CIFAR-10 demo net';
  backend: string;
  examples: number;
  ms: number;
  examplesPerSecond: number;
  /** Loss at the end (Kernelscope: the last batch's; ConvNetJS: the mean over the timed examples): proof it trained. */
  loss: number;
}

export interface ColourSpeedFigure {
  batchSize: number;
  rows: ColourSpeedRow[];
  /** Kernelscope / ConvNetJS on the same CIFAR-10 demo network. */
  ratio: number | null;
  /** The app's engine against the bare loop on the Small CNN, on the backend the bare loop chose. */
  engine: SpeedRow | null;
}

const isBenchBackend = (name: string | undefined): name is BenchBackend => (BACKENDS as readonly (string | undefined)[]).includes(name);

const SAME_RELU = { padding: 'same', activation: 'relu' } as const;

/** ConvNetJS's CIFAR-10 demo network, in the app's layers: 16, 20 and 20 filters of 5x5 (padding 2), each pooled 2x2. */
export function convnetCifarSpec(): NetworkSpec {
  const spec: NetworkSpec = {
    version: SPEC_VERSION,
    inputShape: [32, 32, 3],
    layers: layersFromRecipes(
      [
        ['conv2d', { filters: 16, kernelSize: [5, 5], ...SAME_RELU }],
        ['maxPool2d', pool2x2()],
        ['conv2d', { filters: 20, kernelSize: [5, 5], ...SAME_RELU }],
        ['maxPool2d', pool2x2()],
        ['conv2d', { filters: 20, kernelSize: [5, 5], ...SAME_RELU }],
        ['maxPool2d', pool2x2()],
        ['flatten'],
        ['dense', { units: 10, activation: 'softmax' }],
      ],
      (_kind, index) => `cifar-${index + 1}`,
    ),
  };
  return withDatasetClassifier(spec, COLOUR_SHAPES);
}

export async function measureColourSpeed(browser: Browser, origin: string, plan: BenchPlan): Promise<ColourSpeedFigure> {
  const { warmupBatches, batches } = plan.colour;
  const batchSize = plan.batchSize;
  const context = await newContext(browser);
  const rows: ColourSpeedRow[] = [];
  try {
    for (const [network, spec] of [['Small CNN', undefined], ['ConvNetJS CIFAR-10 demo net', convnetCifarSpec()]] as const) {
      const bare = await openBare(context, origin, { backend: 'auto', presetId: 'small-cnn', batchSize, warmupBatches, dataset: 'colour-shapes', ...(spec ? { spec } : {}) });
      try {
        const span = await bare.train({ fromStep: warmupBatches, batches });
        rows.push({ contender: 'Kernelscope (bare tfjs loop)', network, backend: bare.backend, examples: span.examples, ms: span.ms, examplesPerSecond: span.examplesPerSecond, loss: span.finalLoss });
      } finally {
        await bare.close();
      }
    }
    const convnet = await runConvnet(context, origin, { batchSize, network: 'cifar10-demo', dataset: 'colour-shapes', warmupExamples: batchSize * warmupBatches, examples: batchSize * batches });
    rows.push({ contender: 'ConvNetJS', network: 'ConvNetJS CIFAR-10 demo net', backend: 'plain JavaScript', examples: convnet.examples, ms: convnet.ms, examplesPerSecond: convnet.examplesPerSecond, loss: convnet.meanLoss });
  } finally {
    await context.close();
  }
  const ours = rows.find((r) => r.contender !== 'ConvNetJS' && r.network === 'ConvNetJS CIFAR-10 demo net');
  const theirs = rows.find((r) => r.contender === 'ConvNetJS');
  const backend = rows.find((r) => r.network === 'Small CNN')?.backend;
  const engine = isBenchBackend(backend) ? await measureEngineAgainstBare(browser, origin, { backend, preset: 'small-cnn', batchSize }, plan, 'colour-shapes') : null;
  return { batchSize, rows, ratio: ours && theirs ? ours.examplesPerSecond / theirs.examplesPerSecond : null, engine };
}
