import * as tf from '@tensorflow/tfjs';
import { buildModel, type BuiltModel } from '../tf/buildModel';
import { createExplainer, type Explainer, type Explanation } from '../tf/explanation';
import { createActivationModel, readLayerWeightsSync, type ActivationModel, type LayerOutput } from '../tf/inspection';
import { predictOne } from '../tf/trainStep';
import type { WeightArray } from '../tf/weights';
import type { ModelSnapshot } from './protocol';

/** Every layer's output for one image, and some layers' weights, from the copy: what the inside view draws. */
export interface LocalInspection {
  networkVersion: number;
  step: number;
  layers: LayerOutput[];
  /** The same array (and arrays in it) while the weights and the layers asked for stay the same, so a view can skip redrawing them. */
  weights: { layerIndex: number; arrays: WeightArray[] }[];
}

/**
 * A copy of the engine's network that answers at once: the drawing pad asks it on every pointer
 * move, so it must not wait behind training steps in the engine. It holds its own tfjs model, built
 * from the engine's spec, and takes the engine's weights whenever the page syncs them.
 * Everything is synchronous (the backend is wasm or cpu, whose reads need no waiting).
 */
export class InferenceModel {
  private built: BuiltModel | null = null;
  private explainer: Explainer | null = null;
  private activations: ActivationModel | null = null;
  private weightsRead: { key: string; weights: LocalInspection['weights'] } | null = null;
  private specKey = '';
  private inputShape: readonly [number, number, number] = [28, 28, 1];
  private loaded: { networkVersion: number; step: number } | null = null;

  /** Which engine network and training step the weights come from; null before the first load. */
  get version(): { networkVersion: number; step: number } | null {
    return this.loaded;
  }

  /** Takes the engine's model: builds a new one when the network changed, else writes the weights in place. */
  load(snapshot: ModelSnapshot): void {
    const specKey = JSON.stringify(snapshot.spec);
    if (!this.built || specKey !== this.specKey) {
      this.dispose();
      this.built = buildModel(snapshot.spec);
      this.explainer = createExplainer(this.built, snapshot.spec);
      this.activations = createActivationModel(this.built, snapshot.spec.inputShape);
      this.specKey = specKey;
      this.inputShape = snapshot.spec.inputShape;
    }
    const model = this.built.model;
    if (model.weights.length !== snapshot.weights.length) {
      throw new Error(`The engine sent ${snapshot.weights.length} weights for a model with ${model.weights.length}.`);
    }
    const tensors = snapshot.weights.map((w) => tf.tensor(w.values, w.shape, 'float32'));
    try {
      // Checks every shape against the model's before writing any.
      model.setWeights(tensors);
    } finally {
      for (const t of tensors) t.dispose();
    }
    this.loaded = { networkVersion: snapshot.networkVersion, step: snapshot.step };
    this.weightsRead = null;
  }

  /** Whether the copy holds the network of this spec (its JSON, as `load` compares). */
  holds(specKey: string): boolean {
    return this.loaded !== null && specKey === this.specKey;
  }

  /**
   * Every layer's output for one image and the weights of the spec layers `weightsOf`, synchronously:
   * the inside view follows a drawing on every pen move without waiting behind training in the
   * engine. Null before the first load.
   */
  inspect(pixels: Float32Array, weightsOf: readonly number[]): LocalInspection | null {
    const built = this.built;
    if (!built || !this.activations || !this.loaded) return null;
    const { networkVersion, step } = this.loaded;
    const key = `${networkVersion}|${step}|${weightsOf.join()}`;
    if (this.weightsRead?.key !== key) {
      this.weightsRead = { key, weights: weightsOf.map((layerIndex) => ({ layerIndex, arrays: readLayerWeightsSync(built, layerIndex) })) };
    }
    return { networkVersion, step, layers: this.activations.activationsSync(pixels), weights: this.weightsRead.weights };
  }

  /** Class probabilities for one image of the network's input shape; null before the first load. */
  predict(pixels: Float32Array): Float32Array | null {
    if (!this.built || !this.loaded) return null;
    const probabilities = predictOne(this.built.model, pixels, this.inputShape);
    try {
      return probabilities.dataSync<'float32'>().slice();
    } finally {
      probabilities.dispose();
    }
  }

  /** Saliency and Grad-CAM of one class for one image; null before the first load. */
  explain(pixels: Float32Array, classIndex: number): Explanation | null {
    if (!this.explainer || !this.loaded) return null;
    return this.explainer.explain(pixels, classIndex);
  }

  /** Live tensors of this thread's tfjs, for leak checks. */
  tensorCount(): number {
    return tf.memory().numTensors;
  }

  dispose(): void {
    this.built?.model.dispose();
    this.built = null;
    this.explainer = null;
    this.activations = null;
    this.weightsRead = null;
    this.loaded = null;
    this.specKey = '';
  }
}
