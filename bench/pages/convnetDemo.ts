/**
 * ConvNetJS's own MNIST demo, as its author wrote it, on the app's MNIST (figure 15). Where each fact
 * comes from, in github.com/karpathy/convnetjs:
 *
 * - The network and the trainer: demo/mnist.html (the same text at the last commit, 4c3358a, 2016,
 *   and at a5d0fd4, 2014-08-31): input 24x24x1; conv 5x5, 8 filters, stride 1, pad 2, relu;
 *   pool 2, stride 2; conv 5x5, 16 filters, stride 1, pad 2, relu; pool 3, stride 3; softmax 10;
 *   `new convnetjs.SGDTrainer(net, {method:'adadelta', batch_size:20, l2_decay:0.001})` (SGDTrainer
 *   is Trainer; Adadelta's ro 0.95 and eps 1e-6 are its defaults, src/convnet_trainers.js).
 * - Feeding: demo/mnist.js at a029115 (2015-05-06; inline in mnist.html before): a training sample
 *   is a random image (`Math.floor(Math.random()*3000)` in a random loaded batch: drawn with
 *   replacement), its pixels `p/255.0` in a 28x28 Vol, then `convnetjs.augment(x, 24)`: a 24x24
 *   crop at offsets dx, dy = `randi(0, 28 - 24)`, each 0..3 (src/convnet_vol_util.js and
 *   src/convnet_util.js, `Math.floor(Math.random()*(b-a)+a)`). A test image is predicted from
 *   `convnetjs.augment(x, 24)` four times, the four softmax outputs summed and the largest taken.
 *   The page says the same ("crops a random 24x24 window ... 4 random crops are sampled and the
 *   probabilities across all crops are averaged"), still at 4c3358a, although demo/js/images-demo.js
 *   there (cc0b2c2, 2015-05-07, which merged the MNIST and CIFAR-10 demos) no longer crops at all.
 *
 * What differs, and why: the images are the app's 55,000 training images (the demo holds out every
 * tenth of its own 60,000 as a running validation estimate and loads them in batches as it trains;
 * here all are there from the start), drawn with replacement from a seeded generator instead of
 * Math.random; the trainer runs in a tight loop in a worker, not in `setInterval(..., 0)` beside the
 * demo's drawing. The figure's tests every few seconds use the centre crop (offsets 2, 2: one of the
 * crops it trains on), one forward pass an image; the demo's 4-crop average costs four, and is
 * measured once, on the final network (`test('demo')`).
 */
import * as convnetjs from 'convnetjs';
import { mulberry32, type ImageDataset, type LoadedDataset, type Random } from '../../src/data';
import type { ConvnetDemoCrops, ConvnetDemoOpened, ConvnetDemoTested, ConvnetDemoTrained } from './protocol';

const SIDE = 28;
const CROP = 24;
/** Crop offsets are 0..SLACK-1: the demo's randi(0, V.sx - crop). */
const SLACK = SIDE - CROP;
const CENTRE = SLACK / 2;
const CLASSES = 10;
/** The demo averages this many random crops to predict a test image. */
const DEMO_TEST_CROPS = 4;

export const DEMO_LAYERS: convnetjs.LayerDefinition[] = [
  { type: 'input', out_sx: CROP, out_sy: CROP, out_depth: 1 },
  { type: 'conv', sx: 5, filters: 8, stride: 1, pad: 2, activation: 'relu' },
  { type: 'pool', sx: 2, stride: 2 },
  { type: 'conv', sx: 5, filters: 16, stride: 1, pad: 2, activation: 'relu' },
  { type: 'pool', sx: 3, stride: 3 },
  { type: 'softmax', num_classes: CLASSES },
];

export const DEMO_TRAINER: convnetjs.TrainerOptions = { method: 'adadelta', batch_size: 20, l2_decay: 0.001 };

/** byte -> byte / 255, as the demo scales pixels (`p/255.0`). */
const SCALE = new Float64Array(256).map((_, v) => v / 255);

/** Copies the 24x24 window at (dx, dy) of a 28x28 image (bytes, or floats already in [0, 1]) into `out`. */
function crop(image: ArrayLike<number>, dx: number, dy: number, out: convnetjs.Vol, scale: ArrayLike<number> | null): void {
  const w = out.w;
  for (let y = 0; y < CROP; y++) {
    const row = (y + dy) * SIDE + dx;
    for (let x = 0; x < CROP; x++) {
      const v = image[row + x] ?? 0;
      w[y * CROP + x] = scale ? (scale[v] ?? 0) : v;
    }
  }
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if ((values[k] ?? -Infinity) > (values[best] ?? -Infinity)) best = k;
  return best;
}

export class ConvnetDemo {
  private readonly net = new convnetjs.Net();
  private readonly trainer: convnetjs.Trainer;
  private readonly input = new convnetjs.Vol(CROP, CROP, 1, 0);
  private readonly random: Random;
  private readonly testRandom: Random;
  private trainedMs = 0;
  private examples = 0;

  constructor(
    private readonly data: LoadedDataset,
    private readonly dataset: ImageDataset,
    seed: number,
  ) {
    this.net.makeLayers(DEMO_LAYERS);
    this.trainer = new convnetjs.Trainer(this.net, DEMO_TRAINER);
    this.random = mulberry32(seed);
    this.testRandom = mulberry32(seed ^ 0x5eed);
  }

  describe(): ConvnetDemoOpened {
    return {
      trainCount: this.dataset.trainCount,
      testCount: this.dataset.testCount,
      parameters: this.net.getParamsAndGrads().reduce((sum, p) => sum + p.params.length, 0),
      layers: this.net.layers.map((l) => `${l.layer_type} ${l.out_sx}x${l.out_sy}x${l.out_depth}`).join(', '),
    };
  }

  /** Trains one example after another until the training clock reads `untilMs`. */
  trainUntil(untilMs: number): ConvnetDemoTrained {
    const { images, labels, count: trainCount } = this.data.train;
    const pixels = SIDE * SIDE;
    const started = performance.now();
    let examples = 0;
    let lossSum = 0;
    while (this.trainedMs + (performance.now() - started) < untilMs) {
      const index = Math.floor(this.random() * trainCount);
      const dx = Math.floor(this.random() * SLACK);
      const dy = Math.floor(this.random() * SLACK);
      crop(images.subarray(index * pixels, (index + 1) * pixels), dx, dy, this.input, SCALE);
      lossSum += this.trainer.train(this.input, labels[index] ?? 0).cost_loss;
      examples += 1;
    }
    this.trainedMs += performance.now() - started;
    this.examples += examples;
    return { trainedMs: this.trainedMs, examples: this.examples, meanLoss: examples > 0 ? lossSum / examples : NaN };
  }

  /** Classifies the official test images: the centre crop, or the demo's average over 4 random crops. */
  test(crops: ConvnetDemoCrops): ConvnetDemoTested {
    const started = performance.now();
    const image = new Float32Array(SIDE * SIDE);
    const sum = new Float64Array(CLASSES);
    const count = this.dataset.testCount;
    let correct = 0;
    for (let i = 0; i < count; i++) {
      const { label } = this.dataset.getTestImage(i, image);
      let predicted: number;
      if (crops === 'centre') {
        crop(image, CENTRE, CENTRE, this.input, null);
        predicted = argmax(this.net.forward(this.input, false).w);
      } else {
        sum.fill(0);
        for (let c = 0; c < DEMO_TEST_CROPS; c++) {
          crop(image, Math.floor(this.testRandom() * SLACK), Math.floor(this.testRandom() * SLACK), this.input, null);
          const out = this.net.forward(this.input, false).w;
          for (let k = 0; k < CLASSES; k++) sum[k] = (sum[k] ?? 0) + (out[k] ?? 0);
        }
        predicted = argmax(sum);
      }
      if (predicted === label) correct += 1;
    }
    return { crops, correct, count, accuracy: correct / count, ms: performance.now() - started };
  }
}
