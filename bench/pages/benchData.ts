import { loadMnist, MnistDataset } from '../../src/data';

/** The engine's first-epoch shuffle seed: every contender trains on the same batches. */
export { SHUFFLE_SEED as ENGINE_EPOCH0_SEED } from '../../src/engine/trainingSession';

/** Loads MNIST on first use and keeps it: each bench worker pays for the download once. */
export function createMnistOnce(): { setUrl(url: string): void; get(): Promise<MnistDataset> } {
  let url: string | null = null;
  let dataset: Promise<MnistDataset> | null = null;
  return {
    setUrl(next) {
      url = next;
    },
    get() {
      if (!url) return Promise.reject(new Error('The page did not say where MNIST is served.'));
      dataset ??= loadMnist(url).then((data) => new MnistDataset(data));
      return dataset;
    },
  };
}
