/**
 * Figure 2: ConvNetJS on the same small CNN as Kernelscope's 'small-cnn' preset (conv 8@5x5 relu, pool 2,
 * conv 16@5x5 relu, pool 2, softmax 10; no padding), trained on the same MNIST batches with
 * Adadelta in mini-batches. ConvNetJS trains one example at a time and averages the gradients.
 * Figure 15: ConvNetJS's own MNIST demo on a clock (convnetDemo.ts), through the `demo` methods.
 */
import * as Comlink from 'comlink';
import * as convnetjs from 'convnetjs';
import { createBatchBuffers } from '../../src/data';
import { benchDataset, createMnistOnce, ENGINE_EPOCH0_SEED } from './benchData';
import { ConvnetDemo } from './convnetDemo';
import type { ConvnetRunOptions, ConvnetRunResult } from './protocol';
import type { ConvnetWorkerApi } from './workerApi';

const mnist = createMnistOnce();

/**
 * The small CNN, or the network of ConvNetJS's CIFAR-10 demo (conv 16@5x5 pad 2, pool 2, conv
 * 20@5x5 pad 2, pool 2, conv 20@5x5 pad 2, pool 2, softmax; ReLU after each conv), for images of
 * side x side x depth and `classes` classes.
 */
function createNet(network: NonNullable<ConvnetRunOptions['network']>, side: number, depth: number, classes: number): convnetjs.Net {
  const net = new convnetjs.Net();
  const input: convnetjs.LayerDefinition = { type: 'input', out_sx: side, out_sy: side, out_depth: depth };
  const pool: convnetjs.LayerDefinition = { type: 'pool', sx: 2, stride: 2 };
  const softmax: convnetjs.LayerDefinition = { type: 'softmax', num_classes: classes };
  if (network === 'cifar10-demo') {
    const conv = (filters: number): convnetjs.LayerDefinition => ({ type: 'conv', sx: 5, filters, stride: 1, pad: 2, activation: 'relu' });
    net.makeLayers([input, conv(16), pool, conv(20), pool, conv(20), pool, softmax]);
  } else {
    const conv = (filters: number): convnetjs.LayerDefinition => ({ type: 'conv', sx: 5, filters, stride: 1, pad: 0, activation: 'relu' });
    net.makeLayers([input, conv(8), pool, conv(16), pool, softmax]);
  }
  return net;
}

async function run(options: ConvnetRunOptions): Promise<ConvnetRunResult> {
  const dataset = await benchDataset(options.dataset, mnist);
  const PIXELS = dataset.pixelsPerImage;
  const trainer = new convnetjs.Trainer(createNet(options.network ?? 'small-cnn', dataset.rows, dataset.channels, dataset.classes), { method: 'adadelta', batch_size: options.batchSize });
  const input = new convnetjs.Vol(dataset.cols, dataset.rows, dataset.channels, 0);
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
        // Both store [row][col][channel] row-major: ConvNetJS's w[(sx * y + x) * depth + d].
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
