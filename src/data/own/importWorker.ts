/** The import worker: decodes the user's files off the page's thread (see importFiles). */
import * as Comlink from 'comlink';
import { importFiles, type ImportInput, type ImportProgress } from './importFiles';

const api = {
  importFiles: (input: ImportInput, onProgress: (progress: ImportProgress) => void) => importFiles(input, onProgress),
};

export type ImportWorkerApi = typeof api;

Comlink.expose(api);
