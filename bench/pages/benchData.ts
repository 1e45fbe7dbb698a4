import { COLOUR_SHAPES, MNIST } from '../../src/core/dataset/builtin';
import { generateDataset, ImageDataset, loadDataset, type LoadedDataset } from '../../src/data';
import type { BenchDatasetId } from './protocol';

/** The engine's first-epoch shuffle seed: every contender trains on the same batches. */
export { SHUFFLE_SEED as ENGINE_EPOCH0_SEED } from '../../src/engine/trainingSession';

/** MNIST as downloaded (raw bytes) and as the app splits and batches it. */
export interface BenchMnist {
  data: LoadedDataset;
  dataset: ImageDataset;
}

/** Loads MNIST on first use and keeps it: each bench worker pays for the download once. */
export function createMnistOnce(): { setUrl(url: string): void; get(): Promise<ImageDataset>; getWithData(): Promise<BenchMnist> } {
  let url: string | null = null;
  let loaded: Promise<BenchMnist> | null = null;
  const getWithData = () => {
    if (!url) return Promise.reject(new Error('The page did not say where MNIST is served.'));
    loaded ??= loadDataset(MNIST, url).then((data) => ({ data, dataset: new ImageDataset(data) }));
    return loaded;
  };
  return {
    setUrl(next) {
      url = next;
    },
    get: () => getWithData().then((m) => m.dataset),
    getWithData,
  };
}

let colourShapes: ImageDataset | null = null;

/** The dataset a bench run asks for: MNIST from the page's origin, or the Colour shapes drawn here (once per worker). */
export async function benchDataset(id: BenchDatasetId | undefined, mnist: { get(): Promise<ImageDataset> }): Promise<ImageDataset> {
  if (id === undefined || id === 'mnist') return mnist.get();
  colourShapes ??= new ImageDataset(generateDataset(COLOUR_SHAPES));
  return colourShapes;
}
