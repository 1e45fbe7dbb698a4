// The bare-loop page: starts its worker and hands the driver a typed handle on window.
import * as Comlink from 'comlink';
import { BENCH_DATA_PATH } from './protocol';
import type { BareWorkerApi } from './workerApi';

const worker = new Worker(new URL('./bareWorker.ts', import.meta.url), { type: 'module', name: 'bench-bare' });
const remote = Comlink.wrap<BareWorkerApi>(worker);
const ready = remote.setDataUrl(new URL(BENCH_DATA_PATH, location.href).href);
window.kernelscopeBench = {
  bare: {
    open: async (options) => {
      await ready;
      return remote.open(options);
    },
    train: (span) => remote.train(span),
    close: () => remote.close(),
  },
};
document.body.dataset.ready = 'true';
