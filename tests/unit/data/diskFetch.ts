/** A stand-in for the network in tests: serves files from a folder, in 64 KiB chunks like a real body. */
import fs from 'node:fs';
import path from 'node:path';
import type { FetchLike } from '../../../src/data/loadDataset';

const CHUNK = 64 * 1024;

export function chunkedResponse(bytes: Uint8Array, init?: ResponseInit): Response {
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + CHUNK));
      offset += CHUNK;
    },
  });
  return new Response(body, init);
}

export const htmlPage = '<!doctype html>\n<html><head><title>Kernelscope</title></head><body><div id="root"></div></body></html>';

/**
 * Serves `dir`; URLs are matched by their last path segment (query strings ignored). Missing files
 * get a 404, or with `spaFallback` a 200 HTML page the way Vite's dev server answers.
 * `requested` collects every URL asked for.
 */
export function diskFetch(dir: string, options: { spaFallback?: boolean; requested?: string[] } = {}): FetchLike {
  return async (url) => {
    options.requested?.push(url);
    const name = new URL(url, 'http://localhost/').pathname.split('/').pop() ?? '';
    const file = path.join(dir, name);
    if (!name || !fs.existsSync(file)) {
      const init = { status: options.spaFallback ? 200 : 404, headers: { 'content-type': 'text/html' } };
      return new Response(htmlPage, init);
    }
    return chunkedResponse(new Uint8Array(fs.readFileSync(file)));
  };
}
