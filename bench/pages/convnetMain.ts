// The ConvNetJS page: starts its worker and hands the driver a typed handle on window.
import * as Comlink from 'comlink';
import { BENCH_DATA_PATH } from './protocol';
import type { ConvnetWorkerApi } from './workerApi';

const worker = new Worker(new URL('./convnetWorker.ts', import.meta.url), { type: 'module', name: 'bench-convnet' });
const remote = Comlink.wrap<ConvnetWorkerApi>(worker);
const ready = remote.setDataUrl(new URL(BENCH_DATA_PATH, location.href).href);
window.kernelscopeBench = {
  convnet: {
    run: async (options) => {
      await ready;
      return remote.run(options);
    },
  },
};
document.body.dataset.ready = 'true';
