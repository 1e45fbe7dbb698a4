/**
 * Ready-made networks, written for 28x28 greyscale images of ten classes (MNIST, Fashion-MNIST).
 * Layer ids are '<preset id>-<n>', stable so that links and saved files that use a preset keep
 * pointing at the same layers. A preset's spec is for MNIST; choosing one for another dataset gives
 * it that dataset's input and one classifier unit per class (the store's choosePreset).
 */
import { COLOUR_SHAPES } from '../dataset/builtin';
import { withDatasetClassifier } from '../dataset/specDataset';
import { layersFromRecipes, pool2x2, type LayerRecipe } from './recipe';
import type { NetworkSpec } from '../spec/spec';
import { SPEC_VERSION } from '../spec/spec';
import { DEFAULT_SETTINGS, type TrainingSettings } from '../training/training';

export interface Preset {
  id: string;
  name: string;
  description: string;
  spec: NetworkSpec;
  /** How it trains: choosing the preset sets these too, so a recipe comes whole. */
  settings: TrainingSettings;
  /** Ids of the datasets it was made and tuned for; absent: made for none in particular, it suits every one. */
  datasets?: readonly string[];
}

/** Whether `preset` was made for the dataset `datasetId` (a preset for one dataset still builds for another of its shape). */
export function presetSuits(preset: Preset, datasetId: string): boolean {
  return preset.datasets === undefined || preset.datasets.includes(datasetId);
}

function presetSpec(presetId: string, recipes: readonly LayerRecipe[], dataset?: string): NetworkSpec {
  const spec: NetworkSpec = { version: SPEC_VERSION, inputShape: [28, 28, 1], layers: layersFromRecipes(recipes, (_kind, index) => `${presetId}-${index + 1}`) };
  return dataset === undefined ? spec : { ...spec, dataset };
}

const VALID_RELU = { padding: 'valid', activation: 'relu' } as const;
const SAME_RELU = { padding: 'same', activation: 'relu' } as const;
const SAME_LINEAR = { padding: 'same', activation: 'linear' } as const;
const CLASSIFIER = { units: 10, activation: 'softmax' } as const;

/** The Small CNN twice as wide: Best accuracy's layers, and Fashion CNN's. */
const WIDER_SMALL_CNN: readonly LayerRecipe[] = [
  ['conv2d', { filters: 16, kernelSize: [5, 5], ...VALID_RELU }],
  ['maxPool2d', pool2x2()],
  ['conv2d', { filters: 32, kernelSize: [5, 5], ...VALID_RELU }],
  ['maxPool2d', pool2x2()],
  ['flatten'],
  ['dense', CLASSIFIER],
];

export const DEFAULT_PRESET_ID = 'small-cnn';

export const PRESETS: readonly Preset[] = [
  {
    id: 'small-cnn',
    name: 'Small CNN (fast on CPU)',
    description: 'Two small convolution + pooling blocks and a classifier: about 6,000 parameters, trains in seconds.',
    // 28 -> conv5 24 -> pool 12 -> conv5 8 -> pool 4; 4x4x16 = 256 -> 10. Total 5,994 params.
    settings: DEFAULT_SETTINGS,
    spec: presetSpec('small-cnn', [
      ['conv2d', { filters: 8, kernelSize: [5, 5], ...VALID_RELU }],
      ['maxPool2d', pool2x2()],
      ['conv2d', { filters: 16, kernelSize: [5, 5], ...VALID_RELU }],
      ['maxPool2d', pool2x2()],
      ['flatten'],
      ['dense', CLASSIFIER],
    ]),
  },
  {
    id: 'best-accuracy',
    name: 'Best accuracy',
    description:
      'The Small CNN twice as wide (16 and 32 filters, 18,378 parameters), trained longer with a falling learning rate on images shifted a pixel or two: above 99.2% on the test set in under 5 minutes on a laptop CPU.',
    settings: { ...DEFAULT_SETTINGS, learningRate: 0.003, batchSize: 64, epochs: 8, schedule: 'cosine', augmentation: 'shift' },
    // 28 -> conv5 24 -> pool 12 -> conv5 8 -> pool 4; 4x4x32 = 512 -> 10.
    // 416 + 12,832 + 5,130 = 18,378 params.
    spec: presetSpec('best-accuracy', WIDER_SMALL_CNN),
  },
  {
    id: 'fashion-cnn',
    name: 'Fashion CNN',
    description:
      'The Best accuracy network for clothing: 16 and 32 filters of 5x5 (18,378 parameters), three epochs of batches of 32 with a falling learning rate and no shifts (the photos are centred): about 89.7% on the validation split (89.8% on the test set) in a few minutes. The Classic MNIST CNN reaches 92% in five times the time.',
    // Chosen on the validation split among nine networks and settings (scripts/searchPreset.ts,
    // docs/datasets.md): the best of those that train an epoch in about a minute here.
    settings: { ...DEFAULT_SETTINGS, learningRate: 0.003, batchSize: 32, epochs: 3, schedule: 'cosine', augmentation: 'none' },
    datasets: ['fashion-mnist'],
    spec: presetSpec('fashion-cnn', WIDER_SMALL_CNN, 'fashion-mnist'),
  },
  {
    id: 'colour-cnn',
    name: 'Colour CNN',
    description:
      'The Best accuracy network for the Colour shapes: 16 and 32 filters of 5x5 over the three colour channels, three epochs with a falling learning rate: above 95% on the validation split in under a minute.',
    settings: { ...DEFAULT_SETTINGS, learningRate: 0.003, batchSize: 32, epochs: 3, schedule: 'cosine', augmentation: 'none' },
    datasets: ['colour-shapes'],
    // 32 -> conv5 28 -> pool 14 -> conv5 10 -> pool 5; 5x5x32 = 800 -> 9.
    // 1,216 + 12,832 + 7,209 = 21,257 params.
    spec: withDatasetClassifier(presetSpec('colour-cnn', WIDER_SMALL_CNN), COLOUR_SHAPES),
  },
  {
    id: 'mnist-cnn',
    name: 'Classic MNIST CNN',
    description: 'The classic Keras MNIST example: two convolution blocks and a 128-unit hidden layer, 421,642 parameters.',
    // 28 -> 28 -> 14 -> 14 -> 7; 7x7x64 = 3136 -> 128 -> 10.
    settings: DEFAULT_SETTINGS,
    spec: presetSpec('mnist-cnn', [
      ['conv2d', { filters: 32, kernelSize: [3, 3], ...SAME_RELU }],
      ['maxPool2d', pool2x2()],
      ['conv2d', { filters: 64, kernelSize: [3, 3], ...SAME_RELU }],
      ['maxPool2d', pool2x2()],
      ['flatten'],
      ['dense', { units: 128, activation: 'relu' }],
      ['dense', CLASSIFIER],
    ]),
  },
  {
    id: 'lenet5',
    name: 'LeNet-5',
    description: "Yann LeCun's 1998 digit reader: convolutions with average pooling, then three Dense layers, 61,706 parameters.",
    // ReLU instead of the original scaled tanh: it trains much faster in the few epochs a
    // browser session allows, and the layer sizes (and so the parameter count) are unchanged.
    // 28 -> conv5 same 28 -> pool 14 -> conv5 valid 10 -> pool 5; 5x5x16 = 400 -> 120 -> 84 -> 10.
    settings: DEFAULT_SETTINGS,
    spec: presetSpec('lenet5', [
      ['conv2d', { filters: 6, kernelSize: [5, 5], ...SAME_RELU }],
      ['avgPool2d', pool2x2()],
      ['conv2d', { filters: 16, kernelSize: [5, 5], ...VALID_RELU }],
      ['avgPool2d', pool2x2()],
      ['flatten'],
      ['dense', { units: 120, activation: 'relu' }],
      ['dense', { units: 84, activation: 'relu' }],
      ['dense', CLASSIFIER],
    ]),
  },
  {
    id: 'tiny-vgg',
    name: 'TinyVGG',
    description: 'The small VGG-style network from CNN Explainer: two blocks of two 3x3 convolutions and a pool each.',
    // 28 -> 26 -> 24 -> pool 12 -> 10 -> 8 -> pool 4; 4x4x10 = 160 -> 10. Total 4,440 params.
    settings: DEFAULT_SETTINGS,
    spec: presetSpec('tiny-vgg', [
      ['conv2d', { filters: 10, kernelSize: [3, 3], ...VALID_RELU }],
      ['conv2d', { filters: 10, kernelSize: [3, 3], ...VALID_RELU }],
      ['maxPool2d', pool2x2()],
      ['conv2d', { filters: 10, kernelSize: [3, 3], ...VALID_RELU }],
      ['conv2d', { filters: 10, kernelSize: [3, 3], ...VALID_RELU }],
      ['maxPool2d', pool2x2()],
      ['flatten'],
      ['dense', CLASSIFIER],
    ]),
  },
  {
    id: 'seed-simple-cnn',
    name: 'Seed SimpleCNN',
    description:
      'One convolution, a max pool and a ReLU, then the 10-digit classifier (a Flatten and a softmax make it a valid classifier): 63,050 parameters.',
    // 28 -> conv3 same 28x28x32 (9*32 + 32 = 320) -> pool 14x14x32 -> ReLU; 14*14*32 = 6272 -> 10
    // (62,720 + 10 = 62,730). Total 63,050 params.
    settings: DEFAULT_SETTINGS,
    spec: presetSpec('seed-simple-cnn', [
      ['conv2d', { filters: 32, kernelSize: [3, 3], ...SAME_LINEAR }],
      ['maxPool2d', pool2x2()],
      ['activation', { activation: 'relu' }],
      ['flatten'],
      ['dense', CLASSIFIER],
    ]),
  },
  {
    id: 'seed-deep-cnn',
    name: 'Seed DeepCNN',
    description:
      'Three 3x3 convolutions with 16, 32 and 64 filters and no pooling, then the classifier: 525,066 parameters, most of them in the Dense layer.',
    // 28x28 throughout: 9*16 + 16 = 160, 9*16*32 + 32 = 4,640, 9*32*64 + 64 = 18,496;
    // 28*28*64 = 50,176 -> 10 (501,760 + 10 = 501,770). Total 525,066 params.
    settings: DEFAULT_SETTINGS,
    spec: presetSpec('seed-deep-cnn', [
      ['conv2d', { filters: 16, kernelSize: [3, 3], ...SAME_RELU }],
      ['conv2d', { filters: 32, kernelSize: [3, 3], ...SAME_RELU }],
      ['conv2d', { filters: 64, kernelSize: [3, 3], ...SAME_RELU }],
      ['flatten'],
      ['dense', CLASSIFIER],
    ]),
  },
];

/** The preset with this id, or undefined. Returns the shared object: copy its spec before editing. */
export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}
