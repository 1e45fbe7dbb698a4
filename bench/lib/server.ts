import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

/** Headers that make the pages cross-origin isolated (SharedArrayBuffer, threaded wasm). */
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** One response body as the server sent it. */
export interface Sent {
  path: string;
  bytes: number;
}

export interface StaticServer {
  origin: string;
  /** Response bodies sent since the last clearTraffic(), in the order they completed. */
  traffic(): readonly Sent[];
  clearTraffic(): void;
  close(): Promise<void>;
}

/** Serves `root` on 127.0.0.1 (a free port) with cross-origin isolation; '/x/' serves '/x/index.html'. */
export async function serveStatic(root: string): Promise<StaticServer> {
  let sent: Sent[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) && file !== root) {
      response.writeHead(403).end();
      return;
    }
    stat(file).then(
      (info) => {
        if (!info.isFile()) throw new Error('not a file');
        response.writeHead(200, {
          ...ISOLATION,
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
          'Content-Length': info.size,
          'Cache-Control': 'no-store',
        });
        if (request.method === 'HEAD') {
          response.end();
          return;
        }
        let bytes = 0;
        const stream = createReadStream(file);
        stream.on('data', (chunk) => (bytes += chunk.length));
        response.on('close', () => sent.push({ path, bytes }));
        stream.pipe(response);
      },
      () => response.writeHead(404, ISOLATION).end('not found'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    traffic: () => sent,
    clearTraffic: () => {
      sent = [];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
