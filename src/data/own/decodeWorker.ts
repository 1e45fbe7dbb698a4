/** A helper of the import worker: decodes files into what is kept of them, on a core of its own. */
import * as Comlink from 'comlink';
import { keepHere } from './importFiles';

const api = {
  async keep(file: Blob) {
    const kept = await keepHere(file);
    // The pixels move, not copied: they are 16 KB an image.
    return kept.ok ? Comlink.transfer(kept, [kept.rgba.buffer]) : kept;
  },
};

export type DecodeWorkerApi = typeof api;

Comlink.expose(api);
