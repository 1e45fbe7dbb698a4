import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startInspection } from '../../../src/app/inspectionController';
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type NetworkSpec } from '../../../src/core/spec/spec';
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
  /** The training step the engine's weights are at, which its snapshots carry. */
  const engineAt = { step: 0 };
  /** While set, answers wait for it: the test decides when a snapshot arrives. */
  let gate: { promise: Promise<void>; open: () => void } | null = null;
  const holdAnswers = () => {
    let open = () => {};
    const promise = new Promise<void>((resolve) => (open = resolve));
    gate = { promise, open };
    return async () => {
      gate = null;
      open();
      // The answer may still be on its way to the gate (a loaded machine): wait until it has left,
      // then let the controller take it in.
      await vi.waitFor(() => expect(calls.inFlight).toBe(0), { interval: 1 });
      await new Promise((resolve) => setTimeout(resolve, 0));
    };
  };
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
      await gate?.promise;
      calls.inFlight -= 1;
      const probe = request.probe.kind === 'pixels' ? { pixels: request.probe.pixels, label: null, testIndex: null } : { pixels: new Float32Array(784), label: 7, testIndex: request.probe.index };
      const snapshot: InspectionSnapshot = { networkVersion: version, step: engineAt.step, probe, layers: [], weights: [] };
      return snapshot;
    },
  };
  const handle: EngineHandle = { api: api as EngineApi, thread: 'main', dispose: () => {} };
  return { calls, engineAt, holdAnswers, handle: Promise.resolve(handle) };
}

const convSpec = (filters: number): NetworkSpec => ({
  version: SPEC_VERSION,
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

  it('while training, holds a timed refresh until its step’s progress report is in, so both are drawn in one frame', async () => {
    const store = createAppStore();
    const engine = fakeEngine();
    stop = startInspection(store, engine.handle).dispose;
    await vi.waitFor(() => expect(store.getState().inspection).not.toBeNull());
    const answer = engine.holdAnswers();
    engine.engineAt.step = 5;
    store.getState().applyEngineEvent({ type: 'state', state: 'training' });
    await vi.waitFor(() => expect(engine.calls.inspect.at(-1)?.withNextReport).toBe(true));
    await answer();
    // The answer for step 5 is in, but the report of step 5 is not: the old picture stays.
    expect(store.getState().inspection?.snapshot.step).toBe(0);
    store.getState().applyEngineEvent({ type: 'batches', metrics: [{ epoch: 0, batch: 4, step: 5, loss: 1, accuracy: 0.5, seconds: 0.5 }], examplesPerSecond: 100, batchesPerEpoch: 100 });
    // In the same task as the report: one frame draws the status and the maps.
    expect(store.getState().inspection?.snapshot.step).toBe(5);

    // A report that never comes delays the picture by a moment only.
    engine.engineAt.step = 9;
    await vi.waitFor(() => expect(store.getState().inspection?.snapshot.step).toBe(9));
    expect(store.getState().progress.step).toBe(5);

    // A change the user makes is answered at once, not at the next report.
    store.getState().setProbe({ kind: 'test', index: 2 });
    await vi.waitFor(() => expect(engine.calls.inspect.find((r) => r.probe.kind === 'test' && r.probe.index === 2)?.withNextReport).toBe(false));
  });

  it('answers for a drawing from the page’s copy in a microtask, stops the engine’s timed refreshes, redraws on the copy’s weight loads, and drops an engine answer older than the drawing', async () => {
    const store = createAppStore();
    const engine = fakeEngine();
    const listeners = new Set<() => void>();
    const local = {
      ready: false,
      asked: 0,
      inspect(spec: NetworkSpec, pixels: Float32Array, weightsOf: readonly number[]): InspectionSnapshot | null {
        this.asked += 1;
        if (!this.ready) return null;
        return { networkVersion: 1, step: 0, probe: { pixels, label: null, testIndex: null }, layers: spec.layers.map(() => ({ shape: [1], values: new Float32Array([this.asked]) })), weights: weightsOf.map((layerIndex) => ({ layerIndex, arrays: [] })) };
      },
      subscribe(listener: () => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    stop = startInspection(store, engine.handle, local).dispose;
    await vi.waitFor(() => expect(store.getState().inspection).not.toBeNull());
    const drawing = (value: number) => store.getState().setProbe({ kind: 'pixels', pixels: new Float32Array(784).fill(value), label: null, lastTestIndex: 0 });

    // The copy is not loaded yet: the engine answers for the drawing.
    const asked = engine.calls.inspect.length;
    drawing(0.5);
    await vi.waitFor(() => expect(store.getState().inspection?.snapshot.probe.testIndex).toBeNull());
    expect(engine.calls.inspect.length).toBe(asked + 1);

    // Loaded: each change of the drawing is answered by the copy before any timer runs.
    local.ready = true;
    const slowAnswer = engine.holdAnswers();
    store.getState().setProbe({ kind: 'test', index: 1 });
    await vi.waitFor(() => expect(engine.calls.inspect.at(-1)?.probe).toMatchObject({ kind: 'test', index: 1 }));
    drawing(0.7);
    await Promise.resolve();
    expect(store.getState().inspection?.snapshot.probe.pixels[0]).toBeCloseTo(0.7);
    // The engine's answer for the test image, asked before the drawing, comes later: dropped.
    await slowAnswer();
    expect(store.getState().inspection?.snapshot.probe.pixels[0]).toBeCloseTo(0.7);

    // While training, the engine is not asked for timed refreshes of the drawing; the copy's new weights redraw it.
    const before = engine.calls.inspect.length;
    store.getState().applyEngineEvent({ type: 'state', state: 'training' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(engine.calls.inspect.length).toBe(before);
    const drawn = store.getState().inspection;
    listeners.forEach((l) => l());
    await Promise.resolve();
    expect(store.getState().inspection).not.toBe(drawn);
    expect(store.getState().inspection?.snapshot.probe.testIndex).toBeNull();

    // The selected layer's weights come with it.
    store.getState().selectLayer(store.getState().spec.layers[0]?.id ?? null);
    await Promise.resolve();
    expect(store.getState().inspection?.snapshot.weights.map((w) => w.layerIndex)).toEqual([0]);
  });
});
