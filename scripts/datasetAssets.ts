/**
 * Writes one dataset's browser assets (public/<dataset>/): an asset per split (see
 * src/data/assetFormat.ts) and manifest.json, which is written last and doubles as the up-to-date
 * stamp. Each dataset's own script reads its sources into three splits and hands them here.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { DatasetDescription } from '../src/core/dataset/description';
import { ASSET_FORMAT_VERSION, assetPayload, decodeRawPayload, encodeAsset, readAssetHeader } from '../src/data/assetFormat';
import { checkManifest, MANIFEST_FILE, SPLITS, type DatasetManifest, type ManifestFile, type SplitName } from '../src/data/manifest';
import type { DatasetSplits, ImageSplit } from '../src/data/types';

export const ASSET_FILES: Record<SplitName, string> = { train: 'train.ksmnist', validation: 'validation.ksmnist', test: 'test.ksmnist' };

export type SourceStamp = Record<string, { bytes: number; mtimeMs: number }>;

/** A problem the user can fix; the message says how. The CLI prints it and exits with status 1. */
export class PrepareError extends Error {
  override readonly name = 'PrepareError';
}

export interface PrepareOptions {
  /** Where the source files are (a package's data folder). */
  sourceDir: string;
  /** Where the assets go (public/<dataset>); created if missing. */
  outDir: string;
  /** Rebuild even when the stamp says the assets are up to date. */
  force?: boolean;
  log?: (line: string) => void;
}

export interface PrepareResult {
  upToDate: boolean;
  manifest: DatasetManifest;
}

/** Sizes and mtimes of the source files: cheap to check, and they change when the package is reinstalled. */
export function sourceStamp(sourceDir: string, names: readonly string[], missing: (file: string) => string): SourceStamp {
  const stamp: SourceStamp = {};
  for (const name of names) {
    const file = path.join(sourceDir, name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new PrepareError(missing(file));
    }
    stamp[name] = { bytes: stat.size, mtimeMs: Math.round(stat.mtimeMs) };
  }
  return stamp;
}

/**
 * The manifest in `outDir` when it holds `datasetId`, was built from exactly these sources by this
 * format version and its files have the listed sizes; otherwise null (the assets need a rebuild).
 */
export function findUpToDate(outDir: string, datasetId: string, stamp: SourceStamp): DatasetManifest | null {
  try {
    const checked = checkManifest(JSON.parse(fs.readFileSync(path.join(outDir, MANIFEST_FILE), 'utf8')));
    if (!checked.ok || checked.manifest.dataset !== datasetId || JSON.stringify(checked.manifest.source) !== JSON.stringify(stamp)) return null;
    const intact = SPLITS.every((split) => {
      const entry = checked.manifest.files[split];
      return entry.file === ASSET_FILES[split] && fs.statSync(path.join(outDir, entry.file)).size === entry.bytes;
    });
    return intact ? checked.manifest : null;
  } catch {
    return null;
  }
}

const compress = (raw: Uint8Array) => new Uint8Array(zlib.deflateSync(raw, { level: 9, memLevel: 9 }));

/** Decodes the asset the way the browser will (bar the inflate implementation) and compares every byte. */
function verifyAsset(file: Uint8Array, split: ImageSplit, name: string): void {
  const header = readAssetHeader(file);
  const decoded = decodeRawPayload(header, new Uint8Array(zlib.inflateSync(assetPayload(file, header))));
  const same = Buffer.from(decoded.images).equals(Buffer.from(split.images)) && Buffer.from(decoded.labels).equals(Buffer.from(split.labels));
  if (!same) throw new Error(`internal error: ${name} does not decode to the source data`);
}

/** Writes via a temporary file and a rename, so a crash never leaves a half-written asset behind. */
function writeAtomically(file: string, bytes: Uint8Array | string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
}

/**
 * Builds `outDir` for `dataset` unless it is up to date with `stamp` (or `force`): `read` gives the
 * three splits (and throws PrepareError for bad sources, before anything is written), which must
 * have the sizes the dataset's description states.
 */
export function writeDatasetAssets(
  dataset: Pick<DatasetDescription, 'id' | 'name' | 'splits' | 'inputShape' | 'classNames'>,
  stamp: SourceStamp,
  read: () => DatasetSplits,
  options: Omit<PrepareOptions, 'sourceDir'>,
): PrepareResult {
  const { outDir, force = false, log = () => {} } = options;
  const existing = force ? null : findUpToDate(outDir, dataset.id, stamp);
  if (existing) {
    log(`${dataset.name} assets up to date (${shortPath(outDir)}, ${formatMB(existing.totalBytes)})`);
    return { upToDate: true, manifest: existing };
  }
  const started = performance.now();
  const splits = read();
  for (const split of SPLITS) {
    const { count, rows, cols, channels, classes } = splits[split];
    const [h, w, c] = dataset.inputShape;
    if (count !== dataset.splits[split] || rows !== h || cols !== w || channels !== c || classes !== dataset.classNames.length) {
      throw new PrepareError(
        `The ${dataset.name} sources give a ${split} split of ${count} images of ${rows}x${cols}x${channels} in ${classes} classes, but the page expects ` +
          `${dataset.splits[split]} of ${dataset.inputShape.join('x')} in ${dataset.classNames.length} (src/core/dataset/builtin.ts). Reinstall with npm ci.`,
      );
    }
  }
  fs.mkdirSync(outDir, { recursive: true });
  const files = {} as Record<SplitName, ManifestFile>;
  let rawBytes = 0;
  for (const split of SPLITS) {
    const data = splits[split];
    rawBytes += data.images.length + data.labels.length;
    const file = encodeAsset(data, compress);
    verifyAsset(file, data, ASSET_FILES[split]);
    writeAtomically(path.join(outDir, ASSET_FILES[split]), file);
    const sha256 = createHash('sha256').update(file).digest('hex');
    files[split] = { file: ASSET_FILES[split], bytes: file.length, count: data.count, rows: data.rows, cols: data.cols, channels: data.channels, sha256 };
  }
  const totalBytes = SPLITS.reduce((sum, split) => sum + files[split].bytes, 0);
  const manifest: DatasetManifest = { formatVersion: ASSET_FORMAT_VERSION, dataset: dataset.id, totalBytes, files, source: stamp };
  writeAtomically(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  const parts = SPLITS.map((s) => `${files[s].file} ${files[s].bytes.toLocaleString('en-US')} B (${files[s].count.toLocaleString('en-US')} images)`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(`${dataset.name} assets written to ${shortPath(outDir)}: ${parts.join(', ')}; total ${formatMB(totalBytes)} from ${formatMB(rawBytes)} of pixels and labels in ${seconds} s`);
  return { upToDate: false, manifest };
}

function formatMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

function shortPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') ? relative : dir;
}
