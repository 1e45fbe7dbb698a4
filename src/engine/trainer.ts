import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { analyzeNetwork } from '../core/analyze';
import type { NetworkSpec } from '../core/spec';
import { loadTrainingData } from './loadTrainingData';
import { initBackend } from '../tf/backend';
import { buildModel } from '../tf/buildModel';
import { predictOne } from '../tf/trainStep';
import { readWeights } from '../tf/weights';
import type { BackendPreference, EngineApi, EngineEventListener, EngineInit, TrainingSettings, WeightArray } from './protocol';
import { TrainingSession, type TrainingData } from './trainingSession';

/**
 * The engine behind the typed API: owns the backend, the data and the current training session.
 * The worker exposes one of these; without a worker, the page creates one on the main thread.
 */
export class Trainer implements EngineApi {
  private listener: EngineEventListener = () => {};
  private data: TrainingData | null = null;
  private session: TrainingSession | null = null;
  private running: Promise<void> | null = null;

  async init(options: EngineInit, listener: EngineEventListener): Promise<void> {
    this.listener = listener;
    this.listener({ type: 'state', state: 'loading' });
    try {
      const backend = await initBackend(options.backend);
      this.listener({ type: 'backend', name: backend.name, reason: backend.reason });
      this.data = await loadTrainingData(options.dataUrl, this.listener);
      this.listener({ type: 'state', state: 'ready' });
    } catch (error) {
      this.fail(error);
      throw error;
    }
  }

  async setBackend(preference: BackendPreference): Promise<void> {
    if (this.session?.running) throw new Error('Stop training before switching the backend.');
    const backend = await initBackend(preference);
    this.listener({ type: 'backend', name: backend.name, reason: backend.reason });
  }

  async start(spec: NetworkSpec, settings: TrainingSettings): Promise<void> {
    if (!this.data) throw new Error('MNIST is not loaded yet.');
    const problems = analyzeNetwork(spec).problems.filter((p) => p.severity === 'error');
    if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('\n'));
    await this.endSession();
    const { model } = buildModel(spec);
    const session = new TrainingSession(spec, model, settings, this.data, this.listener);
    this.session = session;
    this.running = session.run().catch((error: unknown) => this.fail(error));
  }

  async pause(): Promise<void> {
    this.session?.pause();
  }

  async resume(): Promise<void> {
    this.session?.resume();
  }

  async stop(): Promise<void> {
    this.session?.stop();
    await this.running;
  }

  async predict(pixels: Float32Array): Promise<Float32Array | null> {
    const session = this.session;
    if (!session) return null;
    const probabilities = predictOne(session.model, pixels, session.spec.inputShape);
    try {
      return new Float32Array(await probabilities.data());
    } finally {
      probabilities.dispose();
    }
  }

  async snapshot(): Promise<WeightArray[] | null> {
    if (!this.session) return null;
    const weights = await readWeights(this.session.model);
    return Comlink.transfer(weights, weights.map((w) => w.values.buffer));
  }

  async tensorCount(): Promise<number> {
    return tf.memory().numTensors;
  }

  /** Stops any running session and frees its model. */
  private async endSession(): Promise<void> {
    const session = this.session;
    if (!session) return;
    session.stop();
    await this.running;
    session.dispose();
    this.session = null;
    this.running = null;
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.listener({ type: 'state', state: 'failed', message });
  }
}
