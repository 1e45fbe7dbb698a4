import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { keepTfjsWasmThreadFactoryIntact } from '../vite.config';

/**
 * Builds the benchmark's own pages (bare tfjs loop, ConvNetJS), which import the app's modules from
 * ../src. The driver (run.ts) passes --outDir: they are served under /bench/ next to the built app.
 */
const pages = (name: string) => fileURLToPath(new URL(`./pages/${name}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('./pages', import.meta.url)),
  base: '/bench/',
  publicDir: false,
  // The same wasm thread fix as the app, or the bare loop's wasm threads die at start-up.
  plugins: [keepTfjsWasmThreadFactoryIntact()],
  worker: { format: 'es', plugins: () => [keepTfjsWasmThreadFactoryIntact()] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rollupOptions: { input: { bare: pages('bare.html'), convnet: pages('convnet.html') } },
  },
  logLevel: 'warn',
});
