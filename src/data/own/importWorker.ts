/** The import worker: decodes the user's files off the page's thread (see importFiles), with helpers where cores allow. */
import * as Comlink from 'comlink';
import type { DecodeWorkerApi } from './decodeWorker';
import { importFiles, keepHere, type ImportInput, type ImportProgress, type Keeper } from './importFiles';

/** Helpers beside this worker: one per core beyond the page's own and this one's, at most 3. */
function helperCount(): number {
  return Math.max(0, Math.min(3, (navigator.hardwareConcurrency || 2) - 1));
}

const api = {
  async importFiles(input: ImportInput, onProgress: (progress: ImportProgress) => void) {
    const helpers = Array.from({ length: helperCount() }, () => new Worker(new URL('./decodeWorker.ts', import.meta.url), { type: 'module', name: 'kernelscope-decode' }));
    try {
      const keepers: Keeper[] = [keepHere, ...helpers.map((worker) => {
        const remote = Comlink.wrap<DecodeWorkerApi>(worker);
        return (file: Blob) => remote.keep(file);
      })];
      return await importFiles(input, onProgress, keepers);
    } finally {
      for (const worker of helpers) worker.terminate();
    }
  },
};

export type ImportWorkerApi = typeof api;

Comlink.expose(api);
