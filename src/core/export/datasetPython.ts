/**
 * How the exported PyTorch script reads the network's dataset: every place the script differs by
 * dataset, in one value. A built-in one comes from torchvision (official split), the Colour shapes
 * from the page's generator ported to numpy, the user's own images from the page's zip.
 */
import type { DatasetDescription } from '../dataset/description';
import type { NetworkSpec } from '../spec/spec';
import { colourShapesLines } from './colourShapesPython';
import { ownImagesLines } from './ownImagesPython';

export interface DatasetPython {
  /** What it needs besides torch and safetensors ("numpy", "torchvision"). */
  needs: string;
  /** Imports from Python's standard library, then from packages. */
  stdlib: string[];
  imports: string[];
  /** Right under CLASSES: a note on the split, if any. */
  splitNote: string[];
  /** After it: the transform or generator, the dataset class. */
  definitions: string[];
  /** main()'s --data argument, if it has one. */
  argument: string[];
  /** main()'s train_set and test_set. */
  load: string[];
}

/** torchvision's copy of each built-in dataset: the class that downloads it. */
const TORCHVISION_DATASETS: Record<string, string> = { mnist: 'MNIST', 'fashion-mnist': 'FashionMNIST' };

/** The dataset's transform: pixels in [0, 1] as the browser has them, resized only for another input shape. */
function transformLines(spec: NetworkSpec, dataset: DatasetDescription): string[] {
  const [h, w, c] = spec.inputShape;
  if (h === 28 && w === 28 && c === 1) return ['# Pixels in [0, 1], as in the browser: no normalisation.', 'TRANSFORM = transforms.ToTensor()'];
  return [
    `# Pixels in [0, 1], as in the browser; ${dataset.name}'s 1x28x28 images made ${c}x${h}x${w} to fit the input.`,
    'TRANSFORM = transforms.Compose([',
    ...(h === 28 && w === 28 ? [] : [`    transforms.Resize((${h}, ${w})),`]),
    '    transforms.ToTensor(),',
    ...(c === 1 ? [] : [`    transforms.Lambda(lambda image: image.repeat(${c}, 1, 1)),`]),
    '])',
  ];
}

const TORCHVISION_IMPORTS = ['from torch.utils.data import DataLoader', 'from torchvision import datasets, transforms'];

/** `datasetName`: the dataset's name made safe for the script's comments and strings. */
export function datasetPython(spec: NetworkSpec, dataset: DatasetDescription, datasetName: string): DatasetPython {
  const { source } = dataset;
  if (source.kind === 'generated') {
    return {
      needs: 'numpy',
      stdlib: [],
      imports: ['import numpy as np', 'from torch.utils.data import DataLoader, TensorDataset'],
      splitNote: [],
      definitions: colourShapesLines({ ...dataset, source }),
      argument: [],
      load: ['    train_set = colour_shapes_dataset(TRAIN_COUNT, TRAIN_SEED)', '    test_set = colour_shapes_dataset(TEST_COUNT, TEST_SEED)'],
    };
  }
  if (source.kind === 'user') {
    return {
      needs: 'torchvision',
      stdlib: ['import os'],
      imports: TORCHVISION_IMPORTS,
      splitNote: [],
      definitions: ownImagesLines(dataset),
      argument: ['    parser.add_argument("--data", default=DATA_FOLDER, help="the unzipped Download dataset folder")'],
      load: ['    train_set = OwnImages(os.path.join(args.data, "train"), transform=TRANSFORM)', '    test_set = OwnImages(os.path.join(args.data, "test"), transform=TRANSFORM)'],
    };
  }
  const torchvision = TORCHVISION_DATASETS[dataset.id] ?? 'MNIST';
  return {
    needs: 'torchvision',
    stdlib: [],
    imports: TORCHVISION_IMPORTS,
    splitNote: dataset.officialTestSplit ? [] : [`# torchvision's ${torchvision} has the official train/test split; the page trained and tested on a split of its own.`],
    definitions: transformLines(spec, dataset),
    argument: [`    parser.add_argument("--data", default="data", help="where ${datasetName} is downloaded")`],
    load: [
      `    train_set = datasets.${torchvision}(args.data, train=True, download=True, transform=TRANSFORM)`,
      `    test_set = datasets.${torchvision}(args.data, train=False, download=True, transform=TRANSFORM)`,
    ],
  };
}
