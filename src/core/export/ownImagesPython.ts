/** The Python that reads the user's own images in the exported PyTorch script: the page's "Download dataset" zip through torchvision's ImageFolder. */
import type { DatasetDescription } from '../dataset/description';
import { ownClassFolders, ownZipRoot } from '../dataset/ownDataset';

/**
 * The zip holds each split's images at the network's input size, already made grey where the
 * dataset is, so the transform only reads them ([0, 1], as in the browser): the same pixels,
 * hence the same answers. ImageFolder would number the classes by their folders' alphabetical
 * order; find_classes keeps CLASSES' order, the page's.
 */
export function ownImagesLines(dataset: DatasetDescription): string[] {
  const [, , c] = dataset.inputShape;
  return [
    `# ${dataset.name} is your own images: unzip the page's "Download dataset" zip next to this script.`,
    `# It holds ${ownZipRoot(dataset.name)}/train, validation and test, each with one folder per class, at the input size.`,
    `DATA_FOLDER = ${JSON.stringify(ownZipRoot(dataset.name))}`,
    `FOLDERS = [${ownClassFolders(dataset.classNames).map((f) => JSON.stringify(f)).join(', ')}]`,
    '# Pixels in [0, 1], as in the browser: no resizing (the zip\'s images are the input\'s size), no normalisation.',
    c === 1 ? 'TRANSFORM = transforms.Compose([transforms.Grayscale(1), transforms.ToTensor()])' : 'TRANSFORM = transforms.ToTensor()',
    '',
    '',
    'class OwnImages(datasets.ImageFolder):',
    '    """One split of the zip: class k is FOLDERS[k] (the page\'s order, not the folders\' alphabetical one)."""',
    '',
    '    def find_classes(self, directory):',
    '        return list(FOLDERS), {folder: k for k, folder in enumerate(FOLDERS)}',
  ];
}
