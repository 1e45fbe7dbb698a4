import type { NetworkSpec } from '../core/spec/spec';
import { buildModel, type BuiltModel } from '../tf/buildModel';
import { createActivationModel, readLayerWeights, type ActivationModel } from '../tf/inspection';
import type { WeightArray } from '../tf/weights';

/**
 * The engine's current network: its tfjs model, the composite model that reads every layer's output,
 * and whether it has been trained. Training and the inside view share the one model, so the
 * pictures always show the weights as they are.
 */
export class InspectableNetwork {
  readonly built: BuiltModel;
  readonly activations: ActivationModel;
  /** Set once a training session has used the model: a new Train then starts from fresh weights. */
  trained = false;
  /** Where weights that were restored (a checkpoint, a save) rather than trained here had got to. */
  restored: { step: number; lastBatch: { epoch: number; batch: number } } | null = null;
  private readonly specKey: string;

  constructor(
    readonly spec: NetworkSpec,
    readonly version: number,
  ) {
    this.built = buildModel(spec);
    this.activations = createActivationModel(this.built, spec.inputShape);
    this.specKey = JSON.stringify(spec);
  }

  /** Specs are plain data from one code path, so equal JSON means the same network. */
  matches(spec: NetworkSpec): boolean {
    return JSON.stringify(spec) === this.specKey;
  }

  layerWeights(specIndex: number): Promise<WeightArray[]> {
    return readLayerWeights(this.built, specIndex);
  }

  /** Frees the model's weights (the composite model shares them and owns nothing of its own). */
  dispose(): void {
    this.built.model.dispose();
  }
}
