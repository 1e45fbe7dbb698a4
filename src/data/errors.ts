/** Why MNIST could not be loaded, so the UI can tell "run the prepare step" from "check the network". */
export type MnistLoadFailure = 'missing' | 'outdated' | 'corrupt' | 'network';

const FIX: Record<MnistLoadFailure, string> = {
  missing: 'run npm run prepare-data (npm start and npm run build run it too)',
  outdated: 'run npm run prepare-data to rebuild them',
  corrupt: 'delete public/mnist and run npm run prepare-data',
  network: 'check the connection and reload',
};

const WHAT: Record<MnistLoadFailure, string> = {
  missing: 'MNIST assets missing at',
  outdated: 'MNIST assets out of date at',
  corrupt: 'MNIST asset corrupt at',
  network: 'Could not download MNIST from',
};

/** An error whose message names the URL, the problem and the fix. */
export class MnistLoadError extends Error {
  override readonly name = 'MnistLoadError';
  constructor(
    readonly failure: MnistLoadFailure,
    readonly url: string,
    readonly detail: string,
  ) {
    super(`${WHAT[failure]} ${url} (${detail}): ${FIX[failure]}.`);
  }
}

/** True when the bytes start like an HTML page: what dev servers answer (often with 200) for a missing file. */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  return new TextDecoder().decode(bytes.subarray(0, 64)).trimStart().startsWith('<');
}
