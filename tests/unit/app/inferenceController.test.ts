import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createInferenceController, SYNC_INTERVAL_MS } from '../../../src/app/inferenceController';
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type NetworkSpec } from '../../../src/core/spec/spec';
import type { EngineHandle } from '../../../src/engine/client';
import type { EngineApi, EngineEvent } from '../../../src/engine/protocol';
import { Trainer } from '../../../src/engine/trainer';
import { createAppStore } from '../../../src/store/appStore';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const spec = (filters: number): NetworkSpec => ({
  version: SPEC_VERSION,
  inputShape: [28, 28, 1],
  layers: [createLayer('conv2d', 'c', { filters, kernelSize: [3, 3] }), createLayer('maxPool2d', 'p'), createLayer('flatten', 'f'), createLayer('dense', 'd', { units: 10, activation: 'softmax' })],
});

/** A real engine (the Trainer, on this thread and the cpu backend, as the page's fallback runs it) that counts the weight snapshots it is asked for. */
function realEngine() {
  const trainer = new Trainer();
  const events: EngineEvent[] = [];
  // The engine's listener is set by init, which also loads MNIST; the tests need only its network.
  (trainer as unknown as { listener: (e: EngineEvent) => void }).listener = (e) => events.push(e);
  const counts = { snapshots: 0 };
  let failNext = false;
  const api = new Proxy(trainer, {
    get(target, key, receiver) {
      if (key === 'snapshot') {
        return async () => {
          counts.snapshots += 1;
          if (failNext) {
            failNext = false;
            throw new Error('the worker went away');
          }
          return target.snapshot();
        };
      }
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as unknown as EngineApi;
  const handle: EngineHandle = { api, thread: 'main', dispose: () => {} };
  return { trainer, counts, events, handle, failNextSnapshot: () => (failNext = true) };
}

/** An engine, a store and the controller between them; `network(filters)` gives the engine a new network and announces it, as the worker does. */
function setup() {
  const engine = realEngine();
  const store = createAppStore();
  const inference = createInferenceController(store, Promise.resolve(engine.handle));
  const network = async (filters: number) => store.getState().applyEngineEvent({ type: 'network', version: await engine.trainer.setNetwork(spec(filters)) });
  return { engine, store, inference, network };
}

/** The copy is in use while the probe is a drawing (or the "Why this answer" tab is open). */
function drawOn(store: ReturnType<typeof createAppStore>, drawing: boolean) {
  store.getState().setProbe(drawing ? { kind: 'pixels', pixels: new Float32Array(784), label: null, lastTestIndex: 0 } : { kind: 'test', index: 0 });
}

const settle = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error('timed out');
    await settle(5);
  }
}

function image(seed: number): Float32Array {
  return Float32Array.from({ length: 784 }, (_, i) => ((i * 7919 + seed * 104729) % 1000) / 1000);
}

describe('the page’s inference copy', () => {
  it('predicts with the engine’s own weights once it is in use, and follows a new network', async () => {
    const { engine, store, inference, network } = setup();
    await network(4);

    inference.activate();
    await settle(50);
    expect(engine.counts.snapshots, 'nothing is synced while no drawing is the probe').toBe(0);
    expect(inference.predict(image(1))).toBeNull();

    drawOn(store, true);
    await until(() => inference.predict(image(1)) !== null);
    const expected = await engine.trainer.predict(image(1));
    expect(Array.from(inference.predict(image(1)) ?? [])).toEqual(Array.from(expected ?? []).map((v) => expect.closeTo(v, 6)));

    await network(6);
    const fresh = await engine.trainer.predict(image(2));
    await until(() => Math.abs((inference.predict(image(2))?.[3] ?? NaN) - (fresh?.[3] ?? NaN)) < 1e-6);
    const explanation = inference.explain(image(2), 3);
    expect(explanation?.saliency.length).toBe(784);
    expect(explanation?.gradCamLayerIndex).toBe(0);
  });

  it('while training, takes the weights at most once per interval, and not at all when the pad is empty', async () => {
    const { engine, store, inference, network } = setup();
    await network(4);
    inference.activate();
    drawOn(store, true);
    await until(() => engine.counts.snapshots === 1);
    store.getState().applyEngineEvent({ type: 'state', state: 'training' });
    await until(() => engine.counts.snapshots === 2);

    const started = performance.now();
    for (let step = 1; step <= 20; step++) {
      store.getState().applyEngineEvent({ type: 'batches', metrics: [{ epoch: 0, batch: step - 1, step, loss: 1, accuracy: 0.5, seconds: step / 10 }], examplesPerSecond: 100, batchesPerEpoch: 100 });
      await settle(10);
    }
    const elapsed = performance.now() - started;
    expect(engine.counts.snapshots - 2).toBeLessThanOrEqual(Math.ceil(elapsed / SYNC_INTERVAL_MS) + 1);

    drawOn(store, false);
    await settle(SYNC_INTERVAL_MS + 50);
    const before = engine.counts.snapshots;
    store.getState().applyEngineEvent({ type: 'state', state: 'paused' });
    await settle(50);
    expect(engine.counts.snapshots).toBe(before);
  });

  it('says so when the weights cannot be had, and recovers on the next change', async () => {
    const { engine, store, inference, network } = setup();
    const problems: (string | null)[] = [];
    inference.subscribe((problem) => problems.push(problem));
    await network(4);
    engine.failNextSnapshot();
    inference.activate();
    drawOn(store, true);
    await until(() => problems.length === 1);
    expect(problems[0]).toMatch(/could not take the network's weights: the worker went away/);
    expect(inference.predict(image(1))).toBeNull();

    await network(5);
    await until(() => problems.length === 2);
    expect(problems[1]).toBeNull();
    expect(inference.predict(image(1))?.length).toBe(10);
  });

  it('leaves no tensors behind across weight loads, predictions and explanations', async () => {
    const { engine, store, inference, network } = setup();
    await network(4);
    inference.activate();
    drawOn(store, true);
    await until(() => engine.counts.snapshots === 1 && inference.predict(image(0)) !== null);
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      store.getState().applyEngineEvent({ type: 'state', state: i % 2 === 0 ? 'paused' : 'ready' });
      await until(() => engine.counts.snapshots === i + 2);
      inference.predict(image(i));
      inference.explain(image(i), i);
      inference.inspect(spec(4), image(i), [0, 3]);
    }
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('gives the inside view every layer of a drawing and the selected layer’s weights at once, as the engine would, for its own network only', async () => {
    const { engine, store, inference, network } = setup();
    await network(4);
    expect(inference.inspect(spec(4), image(3), [0]), 'nothing before the copy is loaded').toBeNull();
    inference.activate();
    drawOn(store, true);
    await until(() => inference.inspect(spec(4), image(3), [0]) !== null);

    const local = inference.inspect(spec(4), image(3), [0]);
    const remote = await engine.trainer.inspect({ probe: { kind: 'pixels', pixels: image(3), label: null }, weightsOf: [0] });
    expect(local?.networkVersion).toBe(remote?.networkVersion);
    expect(local?.probe.testIndex).toBeNull();
    expect(local?.layers.map((l) => l.shape)).toEqual(remote?.layers.map((l) => l.shape));
    local?.layers.forEach((layer, i) => {
      const expected = remote?.layers[i]?.values ?? new Float32Array();
      expect(Array.from(layer.values)).toEqual(Array.from(expected).map((v) => expect.closeTo(v, 5)));
    });
    expect(local?.weights[0]?.arrays.map((a) => a.shape)).toEqual(remote?.weights[0]?.arrays.map((a) => a.shape));
    // The same weights come as the same arrays until they change: the filters need not redraw on every pen move.
    expect(inference.inspect(spec(4), image(4), [0])?.weights).toBe(local?.weights);
    // Another network (an edit the copy has not taken yet): the engine must answer.
    expect(inference.inspect(spec(5), image(3), [0])).toBeNull();
  });
});
