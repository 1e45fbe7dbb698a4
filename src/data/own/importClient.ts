/** Runs an import in a worker of its own (terminated when done), reporting progress as it goes. */
import * as Comlink from 'comlink';
import type { ImportInput, ImportProgress, ImportResult } from './importFiles';
import type { ImportWorkerApi } from './importWorker';

async function inWorker<T>(work: (api: Comlink.Remote<ImportWorkerApi>) => Promise<T>): Promise<T> {
  const worker = new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module', name: 'kernelscope-import' });
  try {
    return await work(Comlink.wrap<ImportWorkerApi>(worker));
  } finally {
    worker.terminate();
  }
}

/** A folder of class folders, or zips of one. */
export const importInWorker = (input: ImportInput, onProgress: (progress: ImportProgress) => void): Promise<ImportResult> => inWorker((api) => api.importFiles(input, Comlink.proxy(onProgress)));

/** Files picked for one class. */
export const importClassFilesInWorker = (files: ImportInput['files'], onProgress: (progress: ImportProgress) => void) => inWorker((api) => api.importClassFiles(files, Comlink.proxy(onProgress)));
