/** The result types of analyzeNetwork. */
import type { Problem } from './problems';
import type { LayerKind, TensorShape } from '../spec/spec';

export interface LayerAnalysis {
  index: number;
  /** '' when the layer has no usable id. */
  id: string;
  /** null when the layer's kind is unknown (only possible for specs that skipped parseSpec). */
  kind: LayerKind | null;
  label: string;
  /** null once an earlier problem made shapes unknown. */
  inputShape: TensorShape | null;
  outputShape: TensorShape | null;
  /** Weights as tfjs countParams reports them; 0 when the shapes are unknown. */
  params: number;
  trainableParams: number;
  /** Multiply-accumulates for one example; 0 when the shapes are unknown. */
  macs: number;
}

export interface NetworkAnalysis {
  layers: LayerAnalysis[];
  problems: Problem[];
  /** What the network outputs: the last layer's output, the input shape for an empty network. */
  outputShape: TensorShape | null;
  /** Sums over the layers whose shapes are known. */
  totalParams: number;
  trainableParams: number;
  totalMacs: number;
  /** No error-severity problems: safe to build and train. */
  valid: boolean;
}
