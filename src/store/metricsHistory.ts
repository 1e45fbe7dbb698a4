import type { BatchMetrics } from '../engine/protocol';

/** Weight of the past in the exponential moving average shown as the smoothed curve. */
export const SMOOTHING = 0.9;

export interface ValidationPoint {
  /** Training step at the end of the epoch. */
  step: number;
  epoch: number;
  loss: number;
  accuracy: number;
}

/**
 * Every batch's metrics since training started, with debiased exponential moving averages (as
 * TensorBoard smooths: early points are not dragged towards zero). Mutated in place and read by the
 * charts on animation frames, so per-batch data never passes through React state.
 */
export class MetricsHistory {
  readonly steps: number[] = [];
  readonly loss: number[] = [];
  readonly accuracy: number[] = [];
  readonly smoothedLoss: number[] = [];
  readonly smoothedAccuracy: number[] = [];
  readonly validation: ValidationPoint[] = [];
  private lossAverage = 0;
  private accuracyAverage = 0;
  private weight = 0;

  get length(): number {
    return this.steps.length;
  }

  get lastStep(): number {
    return this.steps[this.steps.length - 1] ?? 0;
  }

  append(metrics: readonly BatchMetrics[]): void {
    for (const m of metrics) {
      this.weight = SMOOTHING * this.weight + (1 - SMOOTHING);
      this.lossAverage = SMOOTHING * this.lossAverage + (1 - SMOOTHING) * m.loss;
      this.accuracyAverage = SMOOTHING * this.accuracyAverage + (1 - SMOOTHING) * m.accuracy;
      this.steps.push(m.step);
      this.loss.push(m.loss);
      this.accuracy.push(m.accuracy);
      this.smoothedLoss.push(this.lossAverage / this.weight);
      this.smoothedAccuracy.push(this.accuracyAverage / this.weight);
    }
  }

  addValidation(point: ValidationPoint): void {
    this.validation.push(point);
  }

  clear(): void {
    for (const series of [this.steps, this.loss, this.accuracy, this.smoothedLoss, this.smoothedAccuracy]) series.length = 0;
    this.validation.length = 0;
    this.lossAverage = 0;
    this.accuracyAverage = 0;
    this.weight = 0;
  }
}
