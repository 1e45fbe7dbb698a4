import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * The benchmark builds into its own folder (ignored with node_modules), not dist/: the e2e tests
 * and other work rebuild dist/ at any time, and must not pull files from under a running benchmark.
 */
export const SITE_DIR = fileURLToPath(new URL('../../node_modules/.cache/kernelscope-bench/site', import.meta.url));

/** Runs a command in the repository, quietly; on failure throws with its output. */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${output.slice(-4000)}`)),
    );
  });
}

/**
 * Builds the app with its own build script (which also prepares MNIST), then the bench pages into
 * its /bench/ folder. Returns the folder to serve.
 */
export async function buildSite(): Promise<string> {
  await run('npm', ['run', '--silent', 'build', '--', '--outDir', SITE_DIR, '--emptyOutDir']);
  await run('npx', ['vite', 'build', '--config', 'bench/vite.config.ts', '--outDir', `${SITE_DIR}/bench`, '--emptyOutDir']);
  return SITE_DIR;
}
