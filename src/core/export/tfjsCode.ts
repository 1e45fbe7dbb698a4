/**
 * The network as a TypeScript module for TensorFlow.js: code a student pastes into a project that
 * has `@tensorflow/tfjs` installed, to build, train and reload the same model outside Kernelscope.
 *
 * It mirrors src/tf/buildModel.ts layer for layer (same tfjs layers, order, options and names, so
 * the weights of the page's model fit it one to one): leaky ReLU is a LeakyReLU layer of its own;
 * explicit padding, and 'same' padding in a mode other than zeros, is a padding layer in front of a
 * 'valid' conv or pool; a conv with a stride and a dilation above 1 runs at stride 1 and a
 * subsampling layer keeps every s-th cell. The two custom layers are written out only when the
 * network uses them, under the class names and configs of the app's own (KernelscopeBorderPadding2D,
 * KernelscopeSubsample2D), so `tf.loadLayersModel` reads the page's model.json with them.
 *
 * Pure text: no tfjs here. The tests run the generated code against the app's model.
 */
import { MNIST } from '../dataset/builtin';
import type { DatasetDescription } from '../dataset/description';
import { datasetOfSpec } from '../dataset/specDataset';
import { analyzeNetwork } from '../analysis/analyze';
import { isExplicitPadding } from '../math/convMath';
import { formatCount } from '../spec/format';
import { LEAKY_RELU_SLOPE } from '../math/activation';
import { slidingWindowOf } from '../math/slidingWindow';
import type { LayerActivation, LayerSpec, NetworkSpec, Padding, TensorShape } from '../spec/spec';
import { AUGMENTATION_LABELS, OPTIMIZER_LABELS, readSettings, SCHEDULE_LABELS, type TrainingSettings } from '../training/training';
import { optimizerCode, setRateCode, shiftImagesCode } from './tfjsTrainingCode';
import { fail, succeed, type Result } from './result';
import { PADDING_CLASS, PADDING_LAYER_CODE, SHARED_LAYER_CODE, SUBSAMPLE_CLASS, SUBSAMPLE_LAYER_CODE, TFJS_PACKAGE } from './tfjsLayerSources';

export { PADDING_CLASS, SUBSAMPLE_CLASS };

/** tfjs-layers' BatchNormalization defaults, which the app's model keeps; written out so a student sees them. */
const BATCH_NORM = { momentum: 0.99, epsilon: 0.001 } as const;

/** A value written as a TypeScript literal. */
type Literal = number | string | boolean | readonly Literal[] | { readonly [key: string]: Literal };

function literal(value: Literal): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  const entries = Object.entries(value as { readonly [key: string]: Literal });
  return entries.length === 0 ? '{}' : `{ ${entries.map(([key, v]) => `${key}: ${literal(v)}`).join(', ')} }`;
}

/** One tfjs layer: `tf.layers.<factory>(options)`, or `new <className>(options)` for a custom layer. */
interface TfLayerCode {
  make: { factory: string } | { className: typeof PADDING_CLASS | typeof SUBSAMPLE_CLASS };
  options: Record<string, Literal>;
}

const builtIn = (factory: string, options: Record<string, Literal>): TfLayerCode => ({ make: { factory }, options });

type TfActivation = Exclude<LayerActivation, 'leakyRelu'>;

/** What the tfjs layer applies itself, and whether a LeakyReLU layer must follow (tfjs has no 'leakyRelu' activation option). */
function splitActivation(activation: LayerActivation): { inline: TfActivation; leaky: boolean } {
  return activation === 'leakyRelu' ? { inline: 'linear', leaky: true } : { inline: activation, leaky: false };
}

const leakyRelu = (name: string): TfLayerCode => builtIn('leakyReLU', { name, alpha: LEAKY_RELU_SLOPE });

/** The same names buildModel gives (letters, digits, '_', '-', '.'), so the page's weights match by name. */
function tfLayerName(layer: LayerSpec, index: number): string {
  return `l${index}_${layer.kind}_${layer.id.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

/** tfjs's own padding when it matches the spec's ('valid', or 'same' with zeros); null when a padding layer must come first. */
function nativePadding(padding: Padding, mode: string): 'valid' | 'same' | null {
  if (isExplicitPadding(padding)) return null;
  return padding === 'valid' || mode === 'zeros' ? padding : null;
}

/** The padding layer in front of a conv or pool: the cells slidingWindowOf says it adds, in `mode`. */
function paddingLayer(layer: LayerSpec, input: TensorShape, mode: string, name: string): TfLayerCode {
  const window = slidingWindowOf(layer, input);
  if (!window) throw new Error(`Layer ${name} has no sliding window on a ${input.join('x')} input.`);
  const { top, bottom, left, right } = window.pads;
  return { make: { className: PADDING_CLASS }, options: { name: `${name}_pad`, pads: { top, bottom, left, right }, mode } };
}

/** The tfjs layers one spec layer becomes, as src/tf/buildModel.ts creates them. */
function tfLayersOf(layer: LayerSpec, name: string, input: TensorShape): TfLayerCode[] {
  switch (layer.kind) {
    case 'conv2d':
    case 'separableConv2d':
    case 'depthwiseConv2d': {
      const act = splitActivation(layer.activation);
      const mode = slidingWindowOf(layer, input)?.mode ?? 'zeros';
      // tfjs refuses a stride above 1 with a dilation above 1: pad, convolve at stride 1, keep every s-th cell.
      const subsampled = layer.strides.some((s) => s > 1) && layer.dilation.some((d) => d > 1);
      const native = subsampled && layer.padding !== 'valid' ? null : nativePadding(layer.padding, mode);
      const options: Record<string, Literal> = { name };
      if (layer.kind !== 'depthwiseConv2d') options.filters = layer.filters;
      options.kernelSize = layer.kernelSize;
      options.strides = subsampled ? [1, 1] : layer.strides;
      options.padding = native ?? 'valid';
      if (layer.dilation.some((d) => d !== 1)) options.dilationRate = layer.dilation;
      if (layer.kind !== 'conv2d') options.depthMultiplier = layer.depthMultiplier;
      options.activation = act.inline;
      options.useBias = layer.useBias;
      return [
        ...(native === null ? [paddingLayer(layer, input, mode, name)] : []),
        builtIn(layer.kind, options),
        ...(subsampled ? [{ make: { className: SUBSAMPLE_CLASS }, options: { name: `${name}_subsample`, strides: layer.strides } } satisfies TfLayerCode] : []),
        ...(act.leaky ? [leakyRelu(`${name}_leaky_relu`)] : []),
      ];
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const explicit = isExplicitPadding(layer.padding);
      const pool = builtIn(layer.kind === 'maxPool2d' ? 'maxPooling2d' : 'averagePooling2d', {
        name,
        poolSize: layer.poolSize,
        strides: layer.strides,
        padding: explicit ? 'valid' : layer.padding,
      });
      // Copies of the edge cells never win a max that a real cell would not (PyTorch pads with
      // -inf); an average counts padded zeros (PyTorch's count_include_pad=True).
      return explicit ? [paddingLayer(layer, input, layer.kind === 'maxPool2d' ? 'replicate' : 'zeros', name), pool] : [pool];
    }
    case 'globalAvgPool2d':
      return [builtIn('globalAveragePooling2d', { name })];
    case 'globalMaxPool2d':
      return [builtIn('globalMaxPooling2d', { name })];
    case 'flatten':
      return [builtIn('flatten', { name })];
    case 'dense': {
      const act = splitActivation(layer.activation);
      const dense = builtIn('dense', { name, units: layer.units, activation: act.inline, useBias: layer.useBias });
      return act.leaky ? [dense, leakyRelu(`${name}_leaky_relu`)] : [dense];
    }
    case 'activation':
      return [layer.activation === 'leakyRelu' ? leakyRelu(name) : builtIn('activation', { name, activation: layer.activation })];
    case 'dropout':
      return [builtIn('dropout', { name, rate: layer.rate })];
    case 'batchNorm':
      return [builtIn('batchNormalization', { name, ...BATCH_NORM })];
  }
}

/** The page's button that downloads model.json and its weights. */
const DOWNLOAD_BUTTON = 'Download for tfjs';
/** Comment lines of at most this many characters after ' * '. */
const NOTE_WIDTH = 96;

/** `text` in lines of at most NOTE_WIDTH characters (a longer word gets a line of its own), each starting with `indent`. */
function wrap(text: string, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > NOTE_WIDTH) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

const shapeText = (shape: TensorShape | null): string => (shape ? shape.join('x') : '?');
const parameters = (n: number): string => (n === 0 ? 'no parameters' : `${formatCount(n)} parameter${n === 1 ? '' : 's'}`);

function layerCall(code: TfLayerCode): string {
  return 'factory' in code.make ? `tf.layers.${code.make.factory}(${literal(code.options)})` : `new ${code.make.className}(${literal(code.options)})`;
}

/**
 * TypeScript source of a module that builds `spec` with tfjs (createModel) and compiles it with
 * `settings` (compileModel). Refuses a network with errors, which tfjs could not build either.
 */
export function tfjsCode(spec: NetworkSpec, settings: TrainingSettings, datasetGiven?: DatasetDescription): Result<string> {
  const analysis = analyzeNetwork(spec);
  if (!analysis.valid || analysis.outputShape === null) {
    const error = analysis.problems.find((problem) => problem.severity === 'error');
    return fail(`This network cannot be exported as tfjs code until its problems are fixed${error ? `: ${error.message}` : '.'}`);
  }
  const read = readSettings(settings);
  if (!read.ok) return fail(`The training settings cannot be exported: ${read.message}`);
  const { optimizer, learningRate, batchSize, epochs, schedule, augmentation } = read.settings;

  const body: string[] = [];
  let first = true;
  let needsPadding = false;
  let needsSubsample = false;
  for (const [index, layer] of spec.layers.entries()) {
    const facts = analysis.layers[index];
    // Never the case for a valid network: every layer's input shape is known.
    if (!facts?.inputShape) return fail(`Layer ${index + 1} has no known input shape, so Kernelscope cannot write its code.`);
    body.push(`  // Layer ${index + 1}: ${layer.kind} -> ${shapeText(facts.outputShape)}, ${parameters(facts.params)}`);
    for (const code of tfLayersOf(layer, tfLayerName(layer, index), facts.inputShape)) {
      if ('className' in code.make) {
        needsPadding ||= code.make.className === PADDING_CLASS;
        needsSubsample ||= code.make.className === SUBSAMPLE_CLASS;
      }
      // The first layer declares the input: one example's [height, width, channels].
      const withInput = first ? { ...code, options: { ...code.options, inputShape: spec.inputShape } } : code;
      first = false;
      body.push(`  model.add(${layerCall(withInput)});`);
    }
  }

  const [h, w, c] = spec.inputShape;
  const classes = analysis.outputShape.join('x');
  const dataset = datasetGiven ?? datasetOfSpec(spec) ?? MNIST;
  // A user's own dataset is named by the user: no line breaks or comment ends in the comments that name it.
  const datasetName = dataset.name.replace(/\*\//g, '* /').replace(/[\r\n\u2028\u2029]/g, ' ');
  const kinds = spec.layers.map((layer) => layer.kind).join(' -> ');
  const customClasses = [needsPadding ? PADDING_CLASS : null, needsSubsample ? SUBSAMPLE_CLASS : null].filter((name) => name !== null);
  const dilated = spec.layers.flatMap((layer, index) => ('dilation' in layer && layer.dilation.some((d) => d > 1) ? [index + 1] : []));
  const multiplied = spec.layers.flatMap((layer, index) => (layer.kind === 'separableConv2d' && layer.depthMultiplier !== 1 ? [index + 1] : []));
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const note: string[][] = [
    [
      ...wrap(
        `A Kernelscope network as TensorFlow.js code: ${plural(spec.layers.length, 'layer')}, ${parameters(analysis.totalParams)} ` +
          `(${formatCount(analysis.trainableParams)} trainable), input ${h}x${w}x${c}, output ${classes}:`,
      ),
      ...wrap(kinds, '  '),
    ],
    wrap(
      'Generated by Kernelscope; needs only `@tensorflow/tfjs` (npm install @tensorflow/tfjs). createModel() builds the network untrained, ' +
        `compileModel(model) prepares it for training with the page's settings: ${OPTIMIZER_LABELS[optimizer]}, learning rate ${learningRate}, ` +
        `batch size ${batchSize}, ${plural(epochs, 'epoch')}, ${SCHEDULE_LABELS[schedule].toLowerCase()} (learningRateAt), ` +
        `augmentation: ${AUGMENTATION_LABELS[augmentation].toLowerCase()}${augmentation === 'shift' ? ' (shiftImages)' : ''}; ` +
        'trainModel(model, xs, ys) trains with all of them, the rate set before every batch.',
    ),
    [
      ...wrap(
        `The weights trained on the page: download model.json and model.weights.bin with the page's "${DOWNLOAD_BUTTON}" button and load ` +
          'both with tf.loadLayersModel, served next to each other or picked in a file input:',
      ),
      "  const trained = await tf.loadLayersModel('/model/model.json');",
      '  const trained = await tf.loadLayersModel(tf.io.browserFiles([jsonFile, weightsFile]));',
      ...wrap(
        (customClasses.length > 0
          ? `Import this file first: it registers the custom layer${customClasses.length === 1 ? '' : 's'} ${customClasses.join(' and ')}, which model.json names. `
          : '') + "The loaded model has the same layers and weight names as createModel()'s.",
      ),
    ],
    ...(dilated.length > 0
      ? [
          wrap(
            `Training needs more than tfjs: its gradients of convolutions refuse a dilation above 1, which layer${dilated.length === 1 ? '' : 's'} ${dilated.join(', ')} use${dilated.length === 1 ? 's' : ''}, so model.fit throws "dilation rates greater than 1 are ` +
              'not yet supported in gradients" (Kernelscope registers conv gradients of its own). Predicting, and loading the weights trained on the page, work.',
          ),
        ]
      : []),
    ...(multiplied.length > 0
      ? [
          wrap(
            `tfjs 4 leaves depthMultiplier out of the SeparableConv2D config that model.save writes (layer${multiplied.length === 1 ? '' : 's'} ` +
              `${multiplied.join(', ')} use${multiplied.length === 1 ? 's' : ''} one above 1): before loading a model.json saved that way, add ` +
              '"depth_multiplier" to that layer\'s "config", or tfjs reads the weights with a multiplier of 1 and refuses them.',
          ),
        ]
      : []),
  ];
  const sections = [
    `/**
${note.map((lines) => lines.map((line) => ` * ${line}`.trimEnd()).join('\n')).join('\n *\n')}
 */
import * as tf from '${TFJS_PACKAGE}';`,
    `/** ${datasetName}'s classes: the model's output k is the probability of CLASSES[k]. */
export const CLASSES: readonly string[] = ${JSON.stringify(dataset.classNames)};`,
    ...(needsPadding || needsSubsample ? [SHARED_LAYER_CODE] : []),
    ...(needsPadding ? [PADDING_LAYER_CODE] : []),
    ...(needsSubsample ? [SUBSAMPLE_LAYER_CODE] : []),
    `/** The network, untrained: ${spec.layers.length} Kernelscope layer${spec.layers.length === 1 ? '' : 's'} as tfjs layers, in order. */
export function createModel(): tf.Sequential {
  const model = tf.sequential();
${body.join('\n')}
  return model;
}`,
    `/** Prepares the model for training: ${OPTIMIZER_LABELS[optimizer]} at learning rate ${learningRate}, cross-entropy on the softmax probabilities. */
export function compileModel(model: tf.LayersModel): void {
  model.compile({
    optimizer: ${optimizerCode(optimizer, learningRate)},
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
}`,
    `/**
 * The page's learning rate for batch \`step\` (from 0) of a run of \`totalSteps\` batches: ${
   schedule === 'cosine' ? `${learningRate} falling down a half cosine to 0 at the last batch` : `${learningRate} throughout (a constant schedule)`
 }.
 */
export function ${
      // Underscores: a constant rate reads neither argument, and strict projects refuse unused parameters.
      schedule === 'cosine'
        ? `learningRateAt(step: number, totalSteps: number): number {
  return (${learningRate} * (1 + Math.cos(Math.PI * Math.min(Math.max(step / totalSteps, 0), 1)))) / 2;`
        : `learningRateAt(_step: number, _totalSteps: number): number {
  return ${learningRate};`
    }
}`,
    `/** Sets the rate of the model's next training step, as the page does before every batch. */
export function setLearningRate(model: tf.LayersModel, rate: number): void {
  ${setRateCode(optimizer)}
}`,
    ...(augmentation === 'shift' ? [shiftImagesCode(h, w, c)] : []),
    `/**
 * Trains as the page does: ${plural(epochs, 'epoch')} over the images in shuffled batches of ${batchSize}, the rate set by
 * learningRateAt before every batch${augmentation === 'shift' ? ', each batch shifted by shiftImages' : ''}. xs: [n, ${h}, ${w}, ${c}] pixels in [0, 1];
 * ys: [n, ${classes}] one-hot labels. Keep validation images out of xs (the page trains on 55,000 of
 * MNIST's 60,000). Returns each epoch's mean training loss.
 */
export async function trainModel(
  model: tf.LayersModel,
  xs: tf.Tensor4D,
  ys: tf.Tensor2D,
  onEpochEnd?: (epoch: number, loss: number) => void,
): Promise<number[]> {
  const [epochs, batchSize] = [${epochs}, ${batchSize}];
  const n = xs.shape[0];
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = Int32Array.from({ length: n }, (_, i) => i);
    tf.util.shuffle(order);
    let sum = 0;
    for (let batch = 0; batch < batchesPerEpoch; batch++) {
      const indices = tf.tensor1d(order.subarray(batch * batchSize, (batch + 1) * batchSize), 'int32');
${
  augmentation === 'shift'
    ? `      const picked = tf.gather(xs, indices);
      const x = tf.tensor4d(shiftImages(picked.dataSync() as Float32Array, picked.shape[0]), picked.shape);
      picked.dispose();`
    : '      const x = tf.gather(xs, indices);'
}
      const y = tf.gather(ys, indices);
      setLearningRate(model, learningRateAt(epoch * batchesPerEpoch + batch, epochs * batchesPerEpoch));
      const result = await model.trainOnBatch(x, y);
      tf.dispose([indices, x, y]);
      sum += Array.isArray(result) ? (result[0] ?? NaN) : result;
    }
    losses.push(sum / batchesPerEpoch);
    onEpochEnd?.(epoch, sum / batchesPerEpoch);
  }
  return losses;
}`,
    `
// Training on ${datasetName}, with xs the images as a [n, ${h}, ${w}, ${c}] float32 tensor of pixels scaled
// to [0, 1] (byte / 255) and ys the labels one-hot as a [n, ${classes}] tensor:
//
//   const model = createModel();
//   compileModel(model);
//   model.summary();
//   await trainModel(model, xs, ys, (epoch, loss) => console.log(\`epoch \${epoch + 1}: loss \${loss}\`));
//   const probabilities = model.predict(xs.slice(0, 1)) as tf.Tensor; // [1, ${classes}]
`,
  ];
  return succeed(sections.join('\n\n'));
}
