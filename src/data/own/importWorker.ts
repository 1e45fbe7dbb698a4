/** The import worker: decodes the user's files off the page's thread (see importFiles), with helpers where cores allow. */
import * as Comlink from 'comlink';
import type { DecodeWorkerApi } from './decodeWorker';
import type { SkippedFile } from './imageFolder';
import { importClassFiles, importFiles, keepHere, type ImportedImage, type ImportInput, type ImportProgress, type ImportResult, type Keeper } from './importFiles';

/** Helpers beside this worker: one per core beyond the page's own and this one's, at most 3. */
function helperCount(): number {
  return Math.max(0, Math.min(3, (navigator.hardwareConcurrency || 2) - 1));
}

/** Runs `work` with this worker's keeper and its helpers' (terminated after). */
async function withKeepers<T>(work: (keepers: Keeper[]) => Promise<T>): Promise<T> {
  const helpers = Array.from({ length: helperCount() }, () => new Worker(new URL('./decodeWorker.ts', import.meta.url), { type: 'module', name: 'kernelscope-decode' }));
  try {
    const keepers: Keeper[] = [
      keepHere,
      ...helpers.map((worker) => {
        const remote = Comlink.wrap<DecodeWorkerApi>(worker);
        return (file: Blob) => remote.keep(file);
      }),
    ];
    return await work(keepers);
  } finally {
    for (const worker of helpers) worker.terminate();
  }
}

const api = {
  importFiles: (input: ImportInput, onProgress: (progress: ImportProgress) => void): Promise<ImportResult> => withKeepers((keepers) => importFiles(input, onProgress, keepers)),
  importClassFiles: (files: ImportInput['files'], onProgress: (progress: ImportProgress) => void): Promise<{ images: ImportedImage[]; skipped: SkippedFile[] }> =>
    withKeepers((keepers) => importClassFiles(files, onProgress, keepers)),
};

export type ImportWorkerApi = typeof api;

Comlink.expose(api);
