import { loadMnist, MnistDataset } from '../data';
import type { EngineEventListener } from './protocol';

/** Progress messages cross the worker boundary at most this often. */
const PROGRESS_INTERVAL_MS = 100;

/** Downloads MNIST with progress events and splits it for training; announces when it is ready. */
export async function loadTrainingData(dataUrl: string, emit: EngineEventListener): Promise<MnistDataset> {
  const started = performance.now();
  let lastProgress = -Infinity;
  const data = await loadMnist(dataUrl, ({ loadedBytes, totalBytes }) => {
    const now = performance.now();
    if (now - lastProgress < PROGRESS_INTERVAL_MS && loadedBytes < totalBytes) return;
    lastProgress = now;
    emit({ type: 'data-progress', loadedBytes, totalBytes });
  });
  const dataset = new MnistDataset(data);
  emit({
    type: 'data-ready',
    trainCount: dataset.trainCount,
    validationCount: dataset.validationCount,
    testCount: dataset.testCount,
    bytes: data.bytesDownloaded,
    ms: performance.now() - started,
  });
  return dataset;
}
