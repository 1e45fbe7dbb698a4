/** Runs an import in a worker of its own (terminated when done), reporting progress as it goes. */
import * as Comlink from 'comlink';
import type { ImportInput, ImportProgress, ImportResult } from './importFiles';
import type { ImportWorkerApi } from './importWorker';

export async function importInWorker(input: ImportInput, onProgress: (progress: ImportProgress) => void): Promise<ImportResult> {
  const worker = new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module', name: 'kernelscope-import' });
  try {
    const api = Comlink.wrap<ImportWorkerApi>(worker);
    return await api.importFiles(input, Comlink.proxy(onProgress));
  } finally {
    worker.terminate();
  }
}
