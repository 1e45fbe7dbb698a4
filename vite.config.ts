import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer). Any server that
 * hosts the built app should send these two headers too (see README).
 */
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * tfjs's threaded wasm backend starts its pthread workers from `factory.toString()`. Minified, that
 * text refers to names outside the function and every thread dies with "ReferenceError: e is not
 * defined", leaving one thread. Embedding the module as a string and evaluating it at run time keeps
 * the factory's text exactly as shipped (self-contained), so the threads start.
 */
export function keepTfjsWasmThreadFactoryIntact(): Plugin {
  return {
    name: 'kernelscope:tfjs-wasm-thread-factory',
    enforce: 'pre',
    transform(code, id) {
      if (!id.replace(/\\/g, '/').endsWith('tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js')) return null;
      const source = `${code}\n;WasmBackendModuleThreadedSimd`;
      return { code: `const factory = (0, eval)(${JSON.stringify(source)});\nexport default factory;\n`, map: null };
    },
  };
}

export default defineConfig({
  plugins: [react(), keepTfjsWasmThreadFactoryIntact()],
  worker: { format: 'es', plugins: () => [keepTfjsWasmThreadFactoryIntact()] },
  build: {
    target: 'es2022',
    // tfjs alone is about 1.5 MB minified; it loads once, in the worker and (lazily) the page.
    chunkSizeWarningLimit: 4096,
  },
  server: { host: '127.0.0.1', port: 5173, headers: CROSS_ORIGIN_ISOLATION },
  preview: { host: '127.0.0.1', port: 4173, headers: CROSS_ORIGIN_ISOLATION },
});
