import * as Comlink from 'comlink';
import type { EngineApi, EngineEventListener, EngineInit } from './protocol';

export interface EngineHandle {
  api: EngineApi;
  /** Where training runs: in a Web Worker, or on the page's own thread where workers fail. */
  thread: 'worker' | 'main';
  dispose(): void;
}

const WORKER_START_TIMEOUT_MS = 10_000;

/**
 * Starts the engine in a Web Worker and initializes it (backend, then MNIST). Where the worker
 * cannot start, runs the same Trainer on the main thread: slower to the page, but it works.
 */
export async function startEngine(init: EngineInit, listener: EngineEventListener, useWorker = true): Promise<EngineHandle> {
  const inWorker = useWorker ? await tryWorker() : null;
  if (inWorker) {
    await inWorker.api.init(init, Comlink.proxy(listener));
    return inWorker;
  }
  const { Trainer } = await import('./trainer');
  const trainer = new Trainer();
  await trainer.init(init, listener);
  return { api: trainer, thread: 'main', dispose: () => void trainer.stop() };
}

async function tryWorker(): Promise<EngineHandle | null> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'kernelscope-trainer' });
  } catch {
    return null;
  }
  const remote = Comlink.wrap<EngineApi>(worker);
  // A worker whose script fails to load only reports it through 'error'; a round trip proves it runs.
  const alive = await Promise.race([
    remote.tensorCount().then(() => true),
    new Promise<boolean>((resolve) => worker.addEventListener('error', () => resolve(false), { once: true })),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), WORKER_START_TIMEOUT_MS)),
  ]);
  if (!alive) {
    worker.terminate();
    return null;
  }
  const api = remote as unknown as EngineApi;
  return { api, thread: 'worker', dispose: () => worker.terminate() };
}
