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
  convnetDemo: {
    open: async (options) => {
      await ready;
      return remote.demoOpen(options);
    },
    trainUntil: (untilMs) => remote.demoTrainUntil(untilMs),
    test: (crops) => remote.demoTest(crops),
  },
};
document.body.dataset.ready = 'true';
