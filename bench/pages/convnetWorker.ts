/**
 * Figure 2: ConvNetJS on the same small CNN as Kernelscope's 'small-cnn' preset (conv 8@5x5 relu, pool 2,
 * conv 16@5x5 relu, pool 2, softmax 10; no padding), trained on the same MNIST batches with
 * Adadelta in mini-batches. ConvNetJS trains one example at a time and averages the gradients.
 * Figure 15: ConvNetJS's own MNIST demo on a clock (convnetDemo.ts), through the `demo` methods.
 */
import * as Comlink from 'comlink';
import * as convnetjs from 'convnetjs';
import { createBatchBuffers } from '../../src/data';
import { createMnistOnce, ENGINE_EPOCH0_SEED } from './benchData';
import { ConvnetDemo } from './convnetDemo';
import type { ConvnetRunOptions, ConvnetRunResult } from './protocol';
import type { ConvnetWorkerApi } from './workerApi';

const SIDE = 28;
const PIXELS = SIDE * SIDE;

const mnist = createMnistOnce();

function createNet(): convnetjs.Net {
  const net = new convnetjs.Net();
  net.makeLayers([
    { type: 'input', out_sx: SIDE, out_sy: SIDE, out_depth: 1 },
    { type: 'conv', sx: 5, filters: 8, stride: 1, pad: 0, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'conv', sx: 5, filters: 16, stride: 1, pad: 0, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'softmax', num_classes: 10 },
  ]);
  return net;
}

async function run(options: ConvnetRunOptions): Promise<ConvnetRunResult> {
  const dataset = await mnist.get();
  const trainer = new convnetjs.Trainer(createNet(), { method: 'adadelta', batch_size: options.batchSize });
  const input = new convnetjs.Vol(SIDE, SIDE, 1, 0);
  const buffers = createBatchBuffers(options.batchSize, PIXELS, dataset.classes);
  const batches = dataset.trainBatches(options.batchSize, ENGINE_EPOCH0_SEED, buffers);

  /** Trains `count` examples (whole batches from the same iterator as Kernelscope); returns the summed loss. */
  const train = (count: number): { examples: number; lossSum: number } => {
    let examples = 0;
    let lossSum = 0;
    while (examples < count) {
      const next = batches.next();
      if (next.done) throw new Error('The benchmark asked for more examples than one epoch holds.');
      const { xs, labels, size } = next.value;
      for (let i = 0; i < size; i++) {
        // Both store [row][col] row-major with one channel: ConvNetJS's w[(sx * y + x) * depth + d].
        input.w.set(xs.subarray(i * PIXELS, (i + 1) * PIXELS));
        lossSum += trainer.train(input, labels[i] ?? 0).loss;
      }
      examples += size;
    }
    return { examples, lossSum };
  };

  train(options.warmupExamples);
  const started = performance.now();
  const timed = train(options.examples);
  const ms = performance.now() - started;
  return { examples: timed.examples, ms, examplesPerSecond: (timed.examples * 1000) / ms, meanLoss: timed.lossSum / timed.examples };
}

let demo: ConvnetDemo | null = null;

const openedDemo = (): ConvnetDemo => {
  if (!demo) throw new Error('Open the ConvNetJS demo first.');
  return demo;
};

const api: ConvnetWorkerApi = {
  run,
  setDataUrl: (url) => mnist.setUrl(url),
  demoOpen: async ({ seed }) => {
    const { data, dataset } = await mnist.getWithData();
    demo = new ConvnetDemo(data, dataset, seed);
    return demo.describe();
  },
  demoTrainUntil: (untilMs) => Promise.resolve(openedDemo().trainUntil(untilMs)),
  demoTest: (crops) => Promise.resolve(openedDemo().test(crops)),
};
Comlink.expose(api);
