import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { analyzeNetwork } from '../core/analyze';
import type { NetworkSpec } from '../core/spec';
import type { MnistDataset } from '../data';
import { loadTrainingData } from './loadTrainingData';
import { initBackend } from '../tf/backend';
import { predictOne } from '../tf/trainStep';
import { readWeights } from '../tf/weights';
import { saveLayersArtifacts } from '../tf/layersArtifacts';
import { InspectableNetwork } from './inspectableNetwork';
import type {
  BackendPreference,
  EngineApi,
  EngineEventListener,
  EngineInit,
  InspectRequest,
  InspectionSnapshot,
  LayersArtifacts,
  ModelSnapshot,
  RunStart,
  TopActivation,
  TrainedModel,
  TrainingSettings,
} from './protocol';
import { findTopActivations } from './topActivations';
import { TrainingSession } from './trainingSession';

/**
 * The engine behind the typed API: owns the backend, the data, the current network (a tfjs model
 * the inside view reads) and the training session that trains it. The worker exposes one of these;
 * without a worker, the page creates one on the main thread.
 */
export class Trainer implements EngineApi {
  private listener: EngineEventListener = () => {};
  private data: MnistDataset | null = null;
  private network: InspectableNetwork | null = null;
  private networkVersion = 0;
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

  async setNetwork(spec: NetworkSpec): Promise<number> {
    if (this.session?.running) throw new Error('Stop training before changing the network.');
    await this.endSession();
    this.replaceNetwork(spec);
    return this.networkVersion;
  }

  async start(spec: NetworkSpec, settings: TrainingSettings, from?: RunStart): Promise<void> {
    if (!this.data) throw new Error('MNIST is not loaded yet.');
    const problems = analyzeNetwork(spec).problems.filter((p) => p.severity === 'error');
    if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('\n'));
    if (from && !(this.network?.trained && this.network.matches(spec))) throw new Error('There is no trained model of this network to continue.');
    await this.endSession();
    // The fresh network the inside view has been showing is the one that trains, so the pictures
    // carry on from what the user saw; a network that has trained before starts afresh unless the
    // run continues.
    const keep = this.network?.matches(spec) && (from ? this.network.trained : !this.network.trained);
    const network = keep && this.network ? this.network : this.replaceNetwork(spec);
    network.trained = true;
    const session = new TrainingSession(spec, network.built.model, settings, this.data, this.listener, undefined, from);
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

  async inspect(request: InspectRequest): Promise<InspectionSnapshot | null> {
    const network = this.network;
    if (!network) return null;
    const probe = this.probeImage(request.probe);
    if (!probe) return null;
    const read = () => this.readSnapshot(network, probe, request.weightsOf);
    return request.withNextReport && this.session ? this.session.atNextReport(read) : read();
  }

  private async readSnapshot(network: InspectableNetwork, probe: InspectionSnapshot['probe'], weightsOf: readonly number[]): Promise<InspectionSnapshot> {
    const [layers, weights] = await Promise.all([
      network.activations.activations(probe.pixels),
      Promise.all(weightsOf.map(async (layerIndex) => ({ layerIndex, arrays: await network.layerWeights(layerIndex) }))),
    ]);
    const snapshot: InspectionSnapshot = { networkVersion: network.version, step: this.stepsOf(network), probe, layers, weights };
    const buffers = [probe.pixels, ...layers.map((l) => l.values), ...weights.flatMap((w) => w.arrays.map((a) => a.values))].map((v) => v.buffer);
    return Comlink.transfer(snapshot, buffers);
  }

  async testLabels(): Promise<Uint8Array> {
    return this.data ? this.data.testLabels() : new Uint8Array(0);
  }

  async topActivations(layerIndex: number, channel: number, sampleSize: number, count: number, onProgress?: (fraction: number) => void): Promise<TopActivation[]> {
    if (!this.network || !this.data) return [];
    const top = await findTopActivations(this.network, this.data, { layerIndex, channel, sampleSize, count }, onProgress);
    return Comlink.transfer(top, top.map((t) => t.pixels.buffer));
  }

  async predict(pixels: Float32Array): Promise<Float32Array | null> {
    const network = this.network;
    if (!network) return null;
    const probabilities = predictOne(network.built.model, pixels, network.spec.inputShape);
    try {
      return new Float32Array(await probabilities.data());
    } finally {
      probabilities.dispose();
    }
  }

  async snapshot(): Promise<ModelSnapshot | null> {
    const network = this.network;
    if (!network) return null;
    const step = this.stepsOf(network);
    const lastBatch = this.lastBatchOf(network);
    const weights = await readWeights(network.built.model);
    return Comlink.transfer({ networkVersion: network.version, step, lastBatch, spec: network.spec, weights }, weights.map((w) => w.values.buffer));
  }

  async restore(model: TrainedModel): Promise<number> {
    if (this.session?.running) throw new Error('Stop training before loading a model.');
    // Built and filled aside, so a model that does not fit leaves the current network as it was.
    const network = new InspectableNetwork(model.spec, this.networkVersion + 1);
    try {
      const variables = network.built.model.weights;
      if (variables.length !== model.weights.length) throw new Error(`The model needs ${variables.length} weight tensors, but ${model.weights.length} came.`);
      // tf.tensor checks each size against the variable's shape before anything is written.
      tf.tidy(() => network.built.model.setWeights(model.weights.map((values, i) => tf.tensor(values, variables[i]?.read().shape, 'float32'))));
    } catch (error) {
      network.dispose();
      throw error;
    }
    await this.endSession();
    network.trained = true;
    network.restored = { step: model.step, lastBatch: model.lastBatch };
    this.useNetwork(network);
    return network.version;
  }

  async layersArtifacts(): Promise<LayersArtifacts | null> {
    if (!this.network) return null;
    const artifacts = await saveLayersArtifacts(this.network.built.model);
    return Comlink.transfer(artifacts, [artifacts.weightData]);
  }

  async tensorCount(): Promise<number> {
    return tf.memory().numTensors;
  }

  private probeImage(source: InspectRequest['probe']): InspectionSnapshot['probe'] | null {
    if (source.kind === 'pixels') return { pixels: source.pixels, label: source.label, testIndex: null };
    if (!this.data) return null;
    const index = Math.min(Math.max(0, Math.round(source.index)), this.data.testCount - 1);
    const { pixels, label } = this.data.getTestImage(index);
    return { pixels, label, testIndex: index };
  }

  /** Training steps behind the network's weights: its session's, or those it was restored with. */
  private stepsOf(network: InspectableNetwork): number {
    if (!network.trained) return 0;
    return this.session ? this.session.steps : (network.restored?.step ?? 0);
  }

  private lastBatchOf(network: InspectableNetwork): { epoch: number; batch: number } | null {
    if (!network.trained) return null;
    return this.session ? this.session.lastBatch : (network.restored?.lastBatch ?? null);
  }

  private replaceNetwork(spec: NetworkSpec): InspectableNetwork {
    return this.useNetwork(new InspectableNetwork(spec, this.networkVersion + 1));
  }

  private useNetwork(network: InspectableNetwork): InspectableNetwork {
    this.network?.dispose();
    this.network = network;
    this.networkVersion = network.version;
    this.listener({ type: 'network', version: network.version });
    return network;
  }

  /** Stops any running session and frees its optimizer state; the network stays for the inside view. */
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
