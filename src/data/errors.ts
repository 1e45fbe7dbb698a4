/** Why a dataset could not be loaded, so the UI can tell "run the prepare step" from "check the network". */
export type DatasetLoadFailure = 'missing' | 'outdated' | 'corrupt' | 'network';

const FIX: Record<DatasetLoadFailure, string> = {
  missing: 'run npm run prepare-data (npm start and npm run build run it too)',
  outdated: 'run npm run prepare-data to rebuild them',
  corrupt: 'delete the folder and run npm run prepare-data',
  network: 'check the connection and reload',
};

const WHAT: Record<DatasetLoadFailure, (name: string) => string> = {
  missing: (name) => `${name} assets missing at`,
  outdated: (name) => `${name} assets out of date at`,
  corrupt: (name) => `${name} asset corrupt at`,
  network: (name) => `Could not download ${name} from`,
};

/** An error whose message names the dataset, the URL, the problem and the fix. */
export class DatasetLoadError extends Error {
  override readonly name = 'DatasetLoadError';
  constructor(
    readonly failure: DatasetLoadFailure,
    readonly url: string,
    readonly detail: string,
    readonly datasetName = 'the dataset',
  ) {
    super(`${WHAT[failure](datasetName)} ${url} (${detail}): ${FIX[failure]}.`);
  }
}

/** True when the bytes start like an HTML page: what dev servers answer (often with 200) for a missing file. */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  return new TextDecoder().decode(bytes.subarray(0, 64)).trimStart().startsWith('<');
}
