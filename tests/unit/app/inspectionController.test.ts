import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startInspection } from '../../../src/app/inspectionController';
import { createLayer } from '../../../src/core/registry';
import type { NetworkSpec } from '../../../src/core/spec';
import type { EngineHandle } from '../../../src/engine/client';
import type { EngineApi, InspectRequest, InspectionSnapshot } from '../../../src/engine/protocol';
import { createAppStore } from '../../../src/store/appStore';

beforeAll(() => {
  globalThis.requestAnimationFrame ??= (callback: FrameRequestCallback) => setTimeout(() => callback(performance.now()), 0) as unknown as number;
  globalThis.cancelAnimationFrame ??= (id: number) => clearTimeout(id);
});

/** An engine that records what the controller asks and answers when the test lets it. */
function fakeEngine() {
  const calls = { setNetwork: [] as NetworkSpec[], inspect: [] as InspectRequest[], inFlight: 0, maxInFlight: 0 };
  let version = 0;
  const api: Partial<EngineApi> = {
    testLabels: async () => new Uint8Array([7, 2, 1]),
    setNetwork: async (spec) => {
      calls.setNetwork.push(spec);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return ++version;
    },
    inspect: async (request) => {
      calls.inspect.push(request);
      calls.inFlight += 1;
      calls.maxInFlight = Math.max(calls.maxInFlight, calls.inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      calls.inFlight -= 1;
      const snapshot: InspectionSnapshot = { networkVersion: version, step: 0, probe: { pixels: new Float32Array(784), label: 7, testIndex: 0 }, layers: [], weights: [] };
      return snapshot;
    },
  };
  const handle: EngineHandle = { api: api as EngineApi, thread: 'main', dispose: () => {} };
  return { calls, handle: Promise.resolve(handle) };
}

const convSpec = (filters: number): NetworkSpec => ({
  version: 1,
  inputShape: [28, 28, 1],
  layers: [createLayer('conv2d', 'c', { filters }), createLayer('flatten', 'f'), createLayer('dense', 'd', { units: 10, activation: 'softmax' })],
});

let stop: (() => void) | null = null;
afterEach(() => stop?.());

describe('startInspection', () => {
  it('builds the network in the engine, then draws it; edits in a burst build only the first and the last', async () => {
    const store = createAppStore();
    const engine = fakeEngine();
    const controller = startInspection(store, engine.handle);
    stop = controller.dispose;
    await vi.waitFor(() => expect(store.getState().inspection).not.toBeNull());
    expect(store.getState().testLabels).toEqual(new Uint8Array([7, 2, 1]));
    expect(engine.calls.setNetwork).toHaveLength(1);

    for (const filters of [9, 10, 11, 12]) store.getState().editNetwork(() => convSpec(filters), 'edit');
    await vi.waitFor(() => expect(engine.calls.setNetwork.at(-1)?.layers[0]).toMatchObject({ filters: 12 }));
    expect(engine.calls.setNetwork.length).toBeLessThanOrEqual(3);
    await vi.waitFor(() => expect(store.getState().inspection?.layerIds).toEqual(['c', 'f', 'd']));
    expect(engine.calls.maxInFlight).toBe(1);
  });

  it('says why it shows nothing for a broken network, and asks for nothing while off screen', async () => {
    const store = createAppStore();
    const engine = fakeEngine();
    stop = startInspection(store, engine.handle).dispose;
    await vi.waitFor(() => expect(store.getState().inspection).not.toBeNull());
    store.getState().editNetwork((s) => ({ ...s, layers: [createLayer('dense', 'only', { units: 10, activation: 'softmax' })] }), 'break');
    await vi.waitFor(() => expect(store.getState().inspectionProblem).toMatch(/^Fix the network to see inside it/));

    store.getState().setInsideVisible(false);
    const asked = engine.calls.inspect.length;
    store.getState().setProbe({ kind: 'test', index: 2 });
    store.getState().editNetwork(() => convSpec(4), 'repair');
    await vi.waitFor(() => expect(engine.calls.setNetwork.at(-1)?.layers[0]).toMatchObject({ filters: 4 }));
    expect(engine.calls.inspect.length).toBe(asked);
    store.getState().setInsideVisible(true);
    await vi.waitFor(() => expect(engine.calls.inspect.at(-1)?.probe).toEqual({ kind: 'test', index: 2 }));
  });

  it('asks for the selected layer’s weights with the snapshot', async () => {
    const store = createAppStore();
    const engine = fakeEngine();
    stop = startInspection(store, engine.handle).dispose;
    await vi.waitFor(() => expect(store.getState().inspection).not.toBeNull());
    store.getState().selectLayer(store.getState().spec.layers[2]?.id ?? null);
    await vi.waitFor(() => expect(engine.calls.inspect.at(-1)?.weightsOf).toEqual([2]));
  });
});
