import { ASSET_FORMAT_VERSION } from './assetFormat';

/**
 * public/<dataset>/manifest.json: which files make up a dataset's assets, so the browser knows the
 * total size before downloading (for progress) and can check what it got. Written by
 * scripts/prepare-data.ts.
 */

export const MANIFEST_FILE = 'manifest.json';
export const SPLITS = ['train', 'validation', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];

export interface ManifestFile {
  /** File name relative to the manifest, e.g. 'train.ksmnist'. */
  file: string;
  bytes: number;
  count: number;
  rows: number;
  cols: number;
  channels: number;
  /** SHA-256 of the file, hex; also used to bust caches (?v=...). */
  sha256: string;
}

export interface DatasetManifest {
  formatVersion: number;
  /** The id of the dataset these assets hold (core/dataset). */
  dataset: string;
  /** Sum of the asset files' bytes: the download total. */
  totalBytes: number;
  files: Record<SplitName, ManifestFile>;
  /** What the assets were built from (sizes and mtimes of the source files): prepare-data's up-to-date stamp. */
  source?: Record<string, { bytes: number; mtimeMs: number }>;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/**
 * Checks parsed manifest JSON. Returns the manifest, or a reason: 'version' when it was written for
 * another format version, otherwise a description of what is wrong.
 */
export function checkManifest(json: unknown): { ok: true; manifest: DatasetManifest } | { ok: false; version: boolean; reason: string } {
  if (typeof json !== 'object' || json === null) return { ok: false, version: false, reason: 'not a JSON object' };
  const m = json as Partial<DatasetManifest>;
  if (m.formatVersion !== ASSET_FORMAT_VERSION) {
    return { ok: false, version: true, reason: `format version ${String(m.formatVersion)}, this app reads ${ASSET_FORMAT_VERSION}` };
  }
  if (typeof m.dataset !== 'string' || m.dataset === '') return { ok: false, version: false, reason: 'it does not name its dataset' };
  let total = 0;
  for (const split of SPLITS) {
    const f = m.files?.[split];
    const valid =
      f && typeof f.file === 'string' && /^[\w.-]+$/.test(f.file) && isCount(f.bytes) && isCount(f.count) &&
      isCount(f.rows) && isCount(f.cols) && isCount(f.channels) && typeof f.sha256 === 'string';
    if (!valid) return { ok: false, version: false, reason: `no valid entry for the ${split} split` };
    total += f.bytes;
  }
  if (m.totalBytes !== total) return { ok: false, version: false, reason: `totalBytes ${String(m.totalBytes)} is not the sum ${total}` };
  return { ok: true, manifest: m as DatasetManifest };
}
