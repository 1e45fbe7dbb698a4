/**
 * The contract every layer kind fulfils in the registry: how it looks to a student (label,
 * description), what it may be set to (params, defaults) and what it computes (shape, params, MACs).
 */
import type { ParamDescriptor } from '../spec/paramRanges';
import type { LayerKind, LayerOfKind, TensorShape } from '../spec/spec';

/** Which input a layer accepts: a [h, w, c] feature map, a flat [n] vector, or either. */
export type AcceptedInput = 'featureMap' | 'vector' | 'any';

/** The settings of a layer of kind K: everything except its id and kind. */
export type LayerSettings<K extends LayerKind> = Omit<LayerOfKind<K>, 'id' | 'kind'>;

/** Why a layer cannot produce an output from its input, in words that follow "Layer N (Label): ". */
export interface ShapeError {
  field: string;
  message: string;
  /** A setting change on this same layer that makes the shape work. */
  fix?: { field: string; value: unknown; label: string };
}

export type ShapeResult = { ok: true; shape: TensorShape } | { ok: false; error: ShapeError };

/** Weights of a layer: all of them, and those the optimizer updates. */
export interface ParamCount {
  total: number;
  trainable: number;
}

export interface LayerDefinition<K extends LayerKind> {
  readonly kind: K;
  /** Display name, e.g. 'Conv2D'. */
  readonly label: string;
  /** One sentence a student understands. */
  readonly description: string;
  readonly accepts: AcceptedInput;
  readonly params: readonly ParamDescriptor[];
  readonly defaults: LayerSettings<K>;
  /**
   * Output shape without the batch axis. Called only with an input of the accepted rank and
   * settings that passed the range checks.
   */
  outputShape(layer: LayerOfKind<K>, input: TensorShape): ShapeResult;
  /** Weights, as tfjs `countParams` reports them. */
  paramCount(layer: LayerOfKind<K>, input: TensorShape): ParamCount;
  /** Multiply-accumulates for one example. */
  macs(layer: LayerOfKind<K>, input: TensorShape, output: TensorShape): number;
}

export const NO_PARAMS: ParamCount = { total: 0, trainable: 0 };

/** Every weight trainable (true of all kinds except batch norm). */
export function trainable(total: number): ParamCount {
  return { total, trainable: total };
}
