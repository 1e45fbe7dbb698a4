import type { DatasetDescription } from '../core/dataset/description';
import { ImageDataset, loadDataset } from '../data';
import type { EngineEventListener } from './protocol';

/** Progress messages cross the worker boundary at most this often. */
const PROGRESS_INTERVAL_MS = 100;

/** A dataset ready to train on, and which one it is. */
export interface TrainingDataset {
  description: DatasetDescription;
  data: ImageDataset;
}

/**
 * Downloads a built-in dataset's assets from `dataRoot` (the folder that holds one folder per
 * dataset) with progress events, and announces when it is ready.
 */
export async function loadTrainingData(description: DatasetDescription, dataRoot: string, emit: EngineEventListener): Promise<TrainingDataset> {
  if (description.source.kind !== 'builtin') throw new Error(`${description.name} is not a built-in dataset, and this page can load only those so far.`);
  const datasetId = description.id;
  const started = performance.now();
  let lastProgress = -Infinity;
  const baseUrl = new URL(`${description.source.assetFolder}/`, dataRoot).href;
  const loaded = await loadDataset(description, baseUrl, ({ loadedBytes, totalBytes }) => {
    const now = performance.now();
    if (now - lastProgress < PROGRESS_INTERVAL_MS && loadedBytes < totalBytes) return;
    lastProgress = now;
    emit({ type: 'data-progress', datasetId, loadedBytes, totalBytes });
  });
  const data = new ImageDataset(loaded);
  emit({
    type: 'data-ready',
    datasetId,
    trainCount: data.trainCount,
    validationCount: data.validationCount,
    testCount: data.testCount,
    bytes: loaded.bytesDownloaded,
    ms: performance.now() - started,
  });
  return { description, data };
}
