import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { analyzeNetwork } from '../core/analysis/analyze';
import type { NetworkSpec } from '../core/spec/spec';
import type { DatasetDescription } from '../core/dataset/description';
import { datasetIdOf } from '../core/dataset/specDataset';
import { loadTrainingData, type TrainingDataset } from './loadTrainingData';
import { continuationOf } from '../core/training/training';
import { initBackend, loseWebglContext, watchContextLoss } from '../tf/backend';
import { predictOne } from '../tf/trainStep';
import { readWeights } from '../tf/weights';
import { saveLayersArtifacts } from '../tf/layersArtifacts';
import { InspectableNetwork } from './inspectableNetwork';
import type {
  BackendPreference,
  EngineApi,
  EngineEvent,
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
import { evaluateTestSet, type TestEvaluation } from './testEvaluation';
import { findTopActivations } from './topActivations';
import { TrainingSession } from './trainingSession';

/**
 * The engine behind the typed API: owns the backend, the data, the current network (a tfjs model
 * the inside view reads) and the training session that trains it. The worker exposes one of these;
 * without a worker, the page creates one on the main thread.
 */
/** How often, on WebGL, a copy of the weights is taken to survive a lost context. */
const GOOD_COPY_INTERVAL_MS = 5000;

export class Trainer implements EngineApi {
  private listener: EngineEventListener = () => {};
  private dataRoot = '';
  private current: TrainingDataset | null = null;
  /** The dataset asked for last, and its load while it runs: a later request supersedes it. */
  private wanted: { id: string; loading: Promise<void> } | null = null;
  private network: InspectableNetwork | null = null;
  private networkVersion = 0;
  private session: TrainingSession | null = null;
  private running: Promise<void> | null = null;
  /**
   * On WebGL, a copy in ordinary memory of the newest weights known good (taken every few seconds
   * between steps), and where the run stood: what training goes on from if the context is lost.
   */
  private goodCopy: { network: InspectableNetwork; weights: Float32Array[]; step: number; lastBatch: { epoch: number; batch: number } | null } | null = null;
  private copyTimer: ReturnType<typeof setInterval> | null = null;
  private unwatchContext: () => void = () => {};
  private recovering: Promise<void> | null = null;

  async init(options: EngineInit, listener: EngineEventListener): Promise<void> {
    this.listener = listener;
    this.listener({ type: 'state', state: 'loading' });
    try {
      const backend = await initBackend(options.backend);
      this.listener({ type: 'backend', name: backend.name, reason: backend.reason });
      this.watchBackend();
      this.dataRoot = options.dataRoot;
    } catch (error) {
      this.fail(error);
      throw error;
    }
    await this.useDataset(options.dataset);
  }

  async useDataset(dataset: DatasetDescription): Promise<void> {
    if (this.session?.running) throw new Error('Stop training before changing the dataset.');
    if (this.wanted?.id === dataset.id) return this.wanted.loading;
    if (this.current?.description.id === dataset.id) {
      this.wanted = null;
      return;
    }
    // The old images go now: two datasets side by side would double the worker's memory.
    this.current = null;
    this.listener({ type: 'state', state: 'loading' });
    // The request is in place before loading starts: a generated dataset reports progress at once.
    const request = { id: dataset.id, loading: Promise.resolve() };
    this.wanted = request;
    request.loading = loadTrainingData(dataset, this.dataRoot, (event) => {
      if (this.wanted === request) this.listener(event);
    }).then(
      (loaded) => {
        if (this.wanted !== request) return;
        this.current = loaded;
        this.wanted = null;
        this.listener({ type: 'state', state: 'ready' });
      },
      (error: unknown) => {
        if (this.wanted !== request) return;
        this.wanted = null;
        this.fail(error);
        throw error;
      },
    );
    return request.loading;
  }

  /** The images to train and probe on, when loaded. */
  private get data(): TrainingDataset['data'] | null {
    return this.current?.data ?? null;
  }

  async setBackend(preference: BackendPreference): Promise<void> {
    if (this.session?.running) throw new Error('Stop training before switching the backend.');
    const backend = await initBackend(preference);
    this.listener({ type: 'backend', name: backend.name, reason: backend.reason });
    this.watchBackend();
  }

  async setNetwork(spec: NetworkSpec): Promise<number> {
    if (this.session?.running) throw new Error('Stop training before changing the network.');
    await this.endSession();
    this.replaceNetwork(spec);
    return this.networkVersion;
  }

  async start(spec: NetworkSpec, settings: TrainingSettings, from?: RunStart): Promise<void> {
    const current = this.current;
    if (!current) throw new Error('The dataset is still loading.');
    if (datasetIdOf(spec) !== current.description.id) throw new Error(`This network is for another dataset than ${current.description.name}, which is loaded.`);
    const problems = analyzeNetwork(spec, current.description).problems.filter((p) => p.severity === 'error');
    if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('\n'));
    if (from && !(this.network?.trained && this.network.matches(spec))) throw new Error('There is no trained model of this network to continue.');
    await this.endSession();
    // The fresh network the inside view has been showing is the one that trains, so the pictures
    // carry on from what the user saw; a network that has trained before starts afresh unless the
    // run continues.
    const keep = this.network?.matches(spec) && (from ? this.network.trained : !this.network.trained);
    const network = keep && this.network ? this.network : this.replaceNetwork(spec);
    network.trained = true;
    const emit = (event: EngineEvent) => {
      if (this.session === session) this.listener(event);
    };
    const session: TrainingSession = new TrainingSession(spec, network.built.model, settings, current.data, emit, undefined, from);
    this.session = session;
    // After a lost context the run fails on dead tensors; the recovery takes over instead.
    this.running = session.run().catch((error: unknown) => (this.recovering ? undefined : this.fail(error)));
    // The first copy at the first report, so a context lost early loses little.
    if (this.copyTimer !== null) void this.copyWeights();
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
    const network = this.trainedNetwork(model.spec, model.weights);
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

  async evaluateTest(onProgress?: (fraction: number) => void): Promise<TestEvaluation | null> {
    if (this.session?.running && !this.session.paused) throw new Error('Pause or stop training before evaluating on the test set.');
    const network = this.network;
    if (!network || !this.data) return null;
    const result = await evaluateTestSet(network.built.model, this.data, network.spec.inputShape, onProgress);
    return Comlink.transfer(result, [result.labels.buffer, result.probabilities.buffer]);
  }

  async testImages(indices: readonly number[]): Promise<Float32Array> {
    const data = this.data;
    if (!data) return new Float32Array(0);
    const size = data.pixelsPerImage;
    const pixels = new Float32Array(indices.length * size);
    indices.forEach((index, k) => data.getTestImage(index, pixels.subarray(k * size, (k + 1) * size)));
    return Comlink.transfer(pixels, [pixels.buffer]);
  }

  async loseContextForTest(): Promise<boolean> {
    return loseWebglContext();
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

  /** A new network of `spec` holding these weights (model weight order); throws, leaving nothing behind, when they do not fit. */
  private trainedNetwork(spec: NetworkSpec, weights: readonly Float32Array[]): InspectableNetwork {
    const network = new InspectableNetwork(spec, this.networkVersion + 1);
    try {
      const variables = network.built.model.weights;
      if (variables.length !== weights.length) throw new Error(`The model needs ${variables.length} weight tensors, but ${weights.length} came.`);
      // tf.tensor checks each size against the variable's shape before anything is written.
      tf.tidy(() => network.built.model.setWeights(weights.map((values, i) => tf.tensor(values, variables[i]?.read().shape, 'float32'))));
      return network;
    } catch (error) {
      network.dispose();
      throw error;
    }
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

  /** On WebGL: keeps good copies of the weights, and recovers when the context is lost. */
  private watchBackend(): void {
    this.unwatchContext();
    if (this.copyTimer !== null) clearInterval(this.copyTimer);
    this.copyTimer = null;
    this.goodCopy = null;
    if (tf.getBackend() !== 'webgl') return;
    this.unwatchContext = watchContextLoss(() => {
      this.recovering ??= this.recoverFromLostContext().finally(() => (this.recovering = null));
    });
    this.copyTimer = setInterval(() => void this.copyWeights(), GOOD_COPY_INTERVAL_MS);
  }

  /** Reads the weights between steps (after the next report, whose losses were finite). */
  private async copyWeights(): Promise<void> {
    const network = this.network;
    if (!network?.trained || this.recovering) return;
    const read = async () => ({ weights: (await readWeights(network.built.model)).map((w) => w.values), step: this.stepsOf(network), lastBatch: this.lastBatchOf(network) });
    const copy = this.session ? await this.session.atNextReport(read) : await read();
    if (this.network === network && copy.weights.every((w) => w.every(Number.isFinite))) this.goodCopy = { network, ...copy };
  }

  /**
   * After a lost WebGL context every tensor is gone: switch to wasm (or cpu), rebuild the network
   * from the last good copy, and let the run go on from there, saying what happened.
   */
  private async recoverFromLostContext(): Promise<void> {
    const session = this.session;
    const copy = this.goodCopy?.network === this.network ? this.goodCopy : null;
    const spec = this.network?.spec ?? null;
    const wasTraining = session?.running === true;
    this.unwatchContext();
    if (this.copyTimer !== null) clearInterval(this.copyTimer);
    this.copyTimer = null;
    // A step waiting on the dead context never finishes: the session is dropped, not awaited, and
    // whatever it might still say is no longer heard (it emits only while it is the engine's session).
    session?.stop();
    this.session = null;
    try {
      session?.dispose();
    } catch {
      // Its tensors died with the context.
    }
    this.session = null;
    this.running = null;
    const backend = await initBackend('wasm');
    this.listener({ type: 'backend', name: backend.name, reason: `the WebGL context was lost, so ${backend.name} runs now` });
    this.watchBackend();
    if (!spec) return;
    if (!copy) {
      this.replaceNetwork(spec);
      this.listener({ type: 'error', message: `The WebGL context was lost (the GPU was reset or ran out of memory). No trained weights had been copied yet, so the network starts untrained on ${backend.name}.` });
      return;
    }
    const network = this.trainedNetwork(spec, copy.weights);
    network.trained = true;
    network.restored = copy.lastBatch ? { step: copy.step, lastBatch: copy.lastBatch } : null;
    try {
      this.network?.dispose();
    } catch {
      // Its tensors died with the context.
    }
    this.network = null;
    this.useNetwork(network);
    const lastBatch = copy.lastBatch ?? { epoch: 0, batch: -1 };
    this.listener({ type: 'rewind', step: copy.step, epoch: lastBatch.epoch, batch: Math.max(0, lastBatch.batch) });
    const going = wasTraining && session !== null && this.data !== null;
    if (going && session && this.data) {
      const batchesPerEpoch = Math.ceil(this.data.trainCount / session.settings.batchSize);
      const from = continuationOf({ ...lastBatch, batchesPerEpoch, step: copy.step }, batchesPerEpoch, session.settings.epochs);
      if (from) await this.start(spec, session.settings, { ...from, seconds: session.seconds });
      else this.listener({ type: 'state', state: 'done' });
    }
    // After the new run's first state, which would clear it.
    const where = `the weights of step ${copy.step.toLocaleString('en-US')}`;
    this.listener({ type: 'error', message: `The WebGL context was lost (the GPU was reset or ran out of memory). ${going ? 'Training goes on' : 'The trained model is kept'} from ${where} on ${backend.name}; nothing you made was lost.` });
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.listener({ type: 'state', state: 'failed', message });
  }
}
