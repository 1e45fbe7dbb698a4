import type { DatasetDescription } from '../core/dataset/description';
import { generateDataset, ImageDataset, loadDataset, type LoadedDataset } from '../data';
import { loadOwnDataset } from '../data/own/loadOwnDataset';
import type { EngineEventListener } from './protocol';

/** Progress messages cross the worker boundary at most this often. */
const PROGRESS_INTERVAL_MS = 100;

/** A dataset ready to train on, and which one it is. */
export interface TrainingDataset {
  description: DatasetDescription;
  data: ImageDataset;
}

/** A built-in dataset's assets from `dataRoot` (the folder that holds one folder per dataset), with progress events. */
function downloadAssets(description: DatasetDescription, assetFolder: string, dataRoot: string, emit: EngineEventListener): Promise<LoadedDataset> {
  let lastProgress = -Infinity;
  const baseUrl = new URL(`${assetFolder}/`, dataRoot).href;
  return loadDataset(description, baseUrl, ({ loadedBytes, totalBytes }) => {
    const now = performance.now();
    if (now - lastProgress < PROGRESS_INTERVAL_MS && loadedBytes < totalBytes) return;
    lastProgress = now;
    emit({ type: 'data-progress', datasetId: description.id, loadedBytes, totalBytes });
  });
}

function loadSplits(description: DatasetDescription, dataRoot: string, emit: EngineEventListener): Promise<LoadedDataset> {
  const { source } = description;
  if (source.kind === 'builtin') return downloadAssets(description, source.assetFolder, dataRoot, emit);
  if (source.kind === 'user') return loadOwnDataset(description);
  return Promise.resolve({ ...generateDataset(description), datasetId: description.id, bytesDownloaded: 0 });
}

/** Downloads (a built-in), draws (a generated one) or reads from the browser's storage (the user's own) a dataset's splits, and announces when it is ready. */
export async function loadTrainingData(description: DatasetDescription, dataRoot: string, emit: EngineEventListener): Promise<TrainingDataset> {
  const datasetId = description.id;
  const started = performance.now();
  const loaded = await loadSplits(description, dataRoot, emit);
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
