import { assetPayload, AssetFormatError, decodeRawPayload, readAssetHeader } from './assetFormat';
import { BodyTooLongError, inflate, readBody } from './download';
import { looksLikeHtml, MnistLoadError } from './errors';
import { checkManifest, MANIFEST_FILE, SPLITS, type ManifestFile, type MnistManifest } from './manifest';
import type { MnistData, MnistSplit } from './types';

/** Download progress over the asset files; totalBytes comes from the manifest and never changes. */
export interface LoadProgress {
  loadedBytes: number;
  totalBytes: number;
}

/** The subset of fetch that loadMnist uses; tests pass one that serves files from disk. */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

const defaultFetch: FetchLike = (url, init) => fetch(url, init);

/** Joins a base URL ('/mnist', '/mnist/', 'https://host/app/mnist/') and a file name. */
function joinUrl(base: string, file: string): string {
  return base.endsWith('/') ? base + file : `${base}/${file}`;
}

async function get(url: string, fetchImpl: FetchLike, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetchImpl(url, init);
  } catch (error) {
    throw new MnistLoadError('network', url, error instanceof Error ? error.message : String(error));
  }
  if (response.status === 404 || response.status === 410) throw new MnistLoadError('missing', url, `HTTP ${response.status}`);
  if (!response.ok) throw new MnistLoadError('network', url, `HTTP ${response.status}`);
  return response;
}

async function loadManifest(baseUrl: string, fetchImpl: FetchLike): Promise<MnistManifest> {
  const url = joinUrl(baseUrl, MANIFEST_FILE);
  const response = await get(url, fetchImpl, { cache: 'no-cache' });
  const text = await response.text();
  if (text.trimStart().startsWith('<')) throw new MnistLoadError('missing', url, 'got an HTML page, not the manifest');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MnistLoadError('corrupt', url, 'the manifest is not valid JSON');
  }
  const checked = checkManifest(json);
  if (!checked.ok) throw new MnistLoadError(checked.version ? 'outdated' : 'corrupt', url, checked.reason);
  return checked.manifest;
}

/** Downloads one asset (reporting each chunk) and decodes it into a split matching its manifest entry. */
async function loadSplit(
  baseUrl: string,
  entry: ManifestFile,
  fetchImpl: FetchLike,
  onChunk: (bytes: number) => void,
): Promise<MnistSplit> {
  const url = joinUrl(baseUrl, entry.file);
  // The content hash in the query string keeps a browser cache from serving an older build.
  const response = await get(`${url}?v=${entry.sha256.slice(0, 16)}`, fetchImpl);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readBody(response, entry.bytes, onChunk);
  } catch (error) {
    if (!(error instanceof BodyTooLongError)) throw new MnistLoadError('network', url, String(error));
    if (looksLikeHtml(error.start)) throw new MnistLoadError('missing', url, 'got an HTML page, not the asset');
    throw new MnistLoadError('outdated', url, `larger than the ${entry.bytes} bytes the manifest lists`);
  }
  if (looksLikeHtml(bytes)) throw new MnistLoadError('missing', url, 'got an HTML page, not the asset');
  if (bytes.length !== entry.bytes) {
    throw new MnistLoadError('corrupt', url, `got ${bytes.length} bytes, the manifest lists ${entry.bytes} (truncated?)`);
  }
  try {
    const header = readAssetHeader(bytes);
    if (header.count !== entry.count || header.rows !== entry.rows || header.cols !== entry.cols) {
      throw new MnistLoadError('outdated', url, 'the file does not match the manifest');
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
    throw new MnistLoadError(error.problem === 'version' ? 'outdated' : 'corrupt', url, error.message);
  }
}

/**
 * Loads the prepared MNIST assets from `baseUrl` (e.g. '/mnist/'): reads manifest.json, then streams
 * both split files, reporting `onProgress` after every chunk (loadedBytes rises monotonically to
 * totalBytes from the manifest), and decodes them. The training split decodes while the test split
 * may still be downloading. Rejects with a MnistLoadError whose message names the URL and the fix.
 * Works in a Web Worker and on Node 20 (needs fetch-style Response, Blob and DecompressionStream).
 */
export async function loadMnist(
  baseUrl: string,
  onProgress?: (progress: LoadProgress) => void,
  fetchImpl: FetchLike = defaultFetch,
): Promise<MnistData> {
  const manifest = await loadManifest(baseUrl, fetchImpl);
  const totalBytes = manifest.totalBytes;
  let loadedBytes = 0;
  onProgress?.({ loadedBytes, totalBytes });
  const onChunk = (bytes: number) => {
    loadedBytes += bytes;
    onProgress?.({ loadedBytes, totalBytes });
  };
  const [train, test] = await Promise.all(SPLITS.map((split) => loadSplit(baseUrl, manifest.files[split], fetchImpl, onChunk)));
  return { train, test, bytesDownloaded: loadedBytes };
}
