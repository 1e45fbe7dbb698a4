import { assetPayload, AssetFormatError, decodeRawPayload, readAssetHeader } from './assetFormat';
import { BodyTooLongError, inflate, readBody } from './download';
import type { DatasetDescription } from '../core/dataset/description';
import { looksLikeHtml, DatasetLoadError } from './errors';
import { checkManifest, MANIFEST_FILE, SPLITS, type DatasetManifest, type ManifestFile } from './manifest';
import type { ImageSplit, LoadedDataset } from './types';

/** Download progress over the asset files; totalBytes comes from the manifest and never changes. */
export interface LoadProgress {
  loadedBytes: number;
  totalBytes: number;
}

/** The subset of fetch that loadDataset uses; tests pass one that serves files from disk. */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

const defaultFetch: FetchLike = (url, init) => fetch(url, init);

/** Joins a base URL ('/mnist', '/mnist/', 'https://host/app/mnist/') and a file name. */
function joinUrl(base: string, file: string): string {
  return base.endsWith('/') ? base + file : `${base}/${file}`;
}

/** What a load needs to know of its dataset: how to name it, and what its assets must hold. */
type Expected = Pick<DatasetDescription, 'id' | 'name' | 'inputShape' | 'classNames' | 'splits'>;

/** One load: the dataset it expects, how it fetches, and errors that name the dataset. */
interface Load {
  expected: Expected;
  fetchImpl: FetchLike;
  fail(failure: DatasetLoadError['failure'], url: string, detail: string): never;
}

async function get(load: Load, url: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await load.fetchImpl(url, init);
  } catch (error) {
    load.fail('network', url, error instanceof Error ? error.message : String(error));
  }
  if (response.status === 404 || response.status === 410) load.fail('missing', url, `HTTP ${response.status}`);
  if (!response.ok) load.fail('network', url, `HTTP ${response.status}`);
  return response;
}

async function loadManifest(load: Load, baseUrl: string): Promise<DatasetManifest> {
  const url = joinUrl(baseUrl, MANIFEST_FILE);
  const response = await get(load, url, { cache: 'no-cache' });
  const text = await response.text();
  if (text.trimStart().startsWith('<')) load.fail('missing', url, 'got an HTML page, not the manifest');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    load.fail('corrupt', url, 'the manifest is not valid JSON');
  }
  const checked = checkManifest(json);
  if (!checked.ok) load.fail(checked.version ? 'outdated' : 'corrupt', url, checked.reason);
  const { manifest } = checked;
  const { id, inputShape, splits } = load.expected;
  if (manifest.dataset !== id) load.fail('corrupt', url, `it lists the assets of "${manifest.dataset}", not of "${id}"`);
  for (const split of SPLITS) {
    const entry = manifest.files[split];
    const wanted = splits[split];
    if (entry.count !== wanted || entry.rows !== inputShape[0] || entry.cols !== inputShape[1] || entry.channels !== inputShape[2]) {
      load.fail('outdated', url, `its ${split} split is ${entry.count} images of ${entry.rows}x${entry.cols}x${entry.channels}, the page expects ${wanted} of ${inputShape.join('x')}`);
    }
  }
  return manifest;
}

/** Downloads one asset (reporting each chunk) and decodes it into a split matching its manifest entry. */
async function loadSplit(load: Load, baseUrl: string, entry: ManifestFile, onChunk: (bytes: number) => void): Promise<ImageSplit> {
  const url = joinUrl(baseUrl, entry.file);
  // The content hash in the query string keeps a browser cache from serving an older build.
  const response = await get(load, `${url}?v=${entry.sha256.slice(0, 16)}`);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readBody(response, entry.bytes, onChunk);
  } catch (error) {
    if (!(error instanceof BodyTooLongError)) load.fail('network', url, String(error));
    if (looksLikeHtml(error.start)) load.fail('missing', url, 'got an HTML page, not the asset');
    load.fail('outdated', url, `larger than the ${entry.bytes} bytes the manifest lists`);
  }
  if (looksLikeHtml(bytes)) load.fail('missing', url, 'got an HTML page, not the asset');
  if (bytes.length !== entry.bytes) load.fail('corrupt', url, `got ${bytes.length} bytes, the manifest lists ${entry.bytes} (truncated?)`);
  try {
    const header = readAssetHeader(bytes);
    const classes = load.expected.classNames.length;
    if (header.count !== entry.count || header.rows !== entry.rows || header.cols !== entry.cols || header.channels !== entry.channels || header.classes !== classes) {
      load.fail('outdated', url, 'the file does not match the manifest');
    }
    let raw: Uint8Array;
    try {
      raw = await inflate(assetPayload(bytes, header), header.rawPayloadBytes);
    } catch (error) {
      throw new AssetFormatError('corrupt', `decompression failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return decodeRawPayload(header, raw);
  } catch (error) {
    if (!(error instanceof AssetFormatError)) throw error;
    load.fail(error.problem === 'version' ? 'outdated' : 'corrupt', url, error.message);
  }
}

/**
 * Loads a dataset's prepared assets from `baseUrl` (e.g. '/fashion-mnist/'): reads manifest.json,
 * checks it holds the dataset `expected` describes, then streams the three split files side by
 * side, reporting `onProgress` after every chunk (loadedBytes rises monotonically to totalBytes
 * from the manifest), and decodes each as it arrives. Rejects with a DatasetLoadError whose message
 * names the dataset, the URL and the fix. Works in a Web Worker and on Node 20 (needs fetch-style
 * Response, Blob and DecompressionStream).
 */
export async function loadDataset(
  expected: Expected,
  baseUrl: string,
  onProgress?: (progress: LoadProgress) => void,
  fetchImpl: FetchLike = defaultFetch,
): Promise<LoadedDataset> {
  const load: Load = {
    expected,
    fetchImpl,
    fail(failure, url, detail) {
      throw new DatasetLoadError(failure, url, detail, expected.name);
    },
  };
  const manifest = await loadManifest(load, baseUrl);
  const totalBytes = manifest.totalBytes;
  let loadedBytes = 0;
  onProgress?.({ loadedBytes, totalBytes });
  const onChunk = (bytes: number) => {
    loadedBytes += bytes;
    onProgress?.({ loadedBytes, totalBytes });
  };
  const [train, validation, test] = await Promise.all(SPLITS.map((split) => loadSplit(load, baseUrl, manifest.files[split], onChunk)));
  return { datasetId: manifest.dataset, train, validation, test, bytesDownloaded: loadedBytes };
}
