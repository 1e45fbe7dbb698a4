/**
 * Between the page's trained model and a SavedModel record: capture one from the engine and the
 * store, and bring one back into both (a checkpoint after a reload, a save from "My models").
 */
import * as Comlink from 'comlink';
import { SAVED_MODEL_VERSION, type SavedModel } from '../core/export/savedModel';
import type { EngineHandle } from '../engine/client';
import type { AppStore } from '../store/appStore';

export interface CapturedModel {
  model: SavedModel;
  /** The engine network the weights came from. */
  networkVersion: number;
}

/** The engine's current model with the store's run around it; null when there is no trained model. */
export async function captureModel(store: AppStore, handle: EngineHandle, name: string): Promise<CapturedModel | null> {
  const snapshot = await handle.api.snapshot();
  if (!snapshot || snapshot.step === 0) return null;
  const state = store.getState();
  const last = snapshot.lastBatch;
  // The page's spec may already be a newer edit; the engine's is the one these weights fit.
  const model: SavedModel = {
    version: SAVED_MODEL_VERSION,
    name,
    savedAt: Date.now(),
    spec: snapshot.spec,
    settings: state.settings,
    // The engine's position when a batch of this session was trained, else the page's (the same at rest).
    progress: { ...(last && last.batch >= 0 ? last : { epoch: state.progress.epoch, batch: state.progress.batch }), batchesPerEpoch: state.progress.batchesPerEpoch, step: snapshot.step },
    history: state.history.toRecord(),
    weights: snapshot.weights.map((w) => w.values),
  };
  return { model, networkVersion: snapshot.networkVersion };
}

/**
 * Puts a saved model into the engine (weights) and the store (network, settings, curves). The
 * engine goes first: if the weights do not fit, it throws and the page is unchanged. The weights'
 * buffers go to the worker, so `model` must not be used afterwards. Resolves to the engine's new
 * network version.
 */
export async function applyModel(store: AppStore, handle: EngineHandle, model: SavedModel, label: string): Promise<number> {
  const { epoch, batch, step } = model.progress;
  const trained = { spec: model.spec, weights: model.weights, step, lastBatch: { epoch, batch } };
  const networkVersion = await handle.api.restore(handle.thread === 'worker' ? Comlink.transfer(trained, model.weights.map((w) => w.buffer)) : trained);
  const state = store.getState();
  // The run first: with steps on the clock, the spec change below is not taken for an edit that needs a fresh network.
  state.keepCurrentRun();
  state.restoreRun({ settings: model.settings, progress: model.progress, history: model.history });
  state.adoptRun({ label: model.name || 'Restored run', spec: model.spec, settings: model.settings });
  // Specs are plain data from one code path, so equal JSON is the same network (and keeps its preset name).
  if (JSON.stringify(model.spec) !== JSON.stringify(state.spec)) state.openNetwork({ spec: model.spec, presetId: null }, label);
  return networkVersion;
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** "epoch 2 of 3, validation accuracy 97.8%, saved 14:02": what a model is, in one line. */
export function describeModel(model: Pick<SavedModel, 'progress' | 'settings' | 'history' | 'savedAt'>, now = Date.now()): string {
  const validation = model.history.validation.at(-1);
  const saved = new Date(model.savedAt);
  const sameDay = new Date(now).toDateString() === saved.toDateString();
  const time = saved.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  const when = sameDay ? time : `${saved.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${time}`;
  const parts = [`epoch ${model.progress.epoch + 1} of ${model.settings.epochs}`, validation ? `validation accuracy ${percent(validation.accuracy)}` : 'no validation yet', `saved ${when}`];
  return parts.join(', ');
}
