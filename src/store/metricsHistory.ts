import type { RunHistory, ValidationRecord } from '../core/export/savedModel';
import type { BatchMetrics } from '../engine/protocol';

/** Weight of the past in the exponential moving average shown as the smoothed curve. */
export const SMOOTHING = 0.9;

/** The validation after one epoch, as saved runs keep it. */
export type ValidationPoint = ValidationRecord;

/**
 * Every batch's metrics since training started, with debiased exponential moving averages (as
 * TensorBoard smooths: early points are not dragged towards zero). Mutated in place and read by the
 * charts on animation frames, so per-batch data never passes through React state.
 */
export class MetricsHistory {
  readonly steps: number[] = [];
  readonly loss: number[] = [];
  readonly accuracy: number[] = [];
  readonly seconds: number[] = [];
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

  /** Seconds trained at the last step; 0 before any (or for a record from before times were kept). */
  get lastSeconds(): number {
    const last = this.seconds[this.seconds.length - 1] ?? 0;
    return Number.isFinite(last) ? last : 0;
  }

  append(metrics: readonly BatchMetrics[]): void {
    for (const m of metrics) this.push(m.step, m.loss, m.accuracy, m.seconds);
  }

  /** Replaces everything with a saved run's history (a restored checkpoint or save); the smoothing is recomputed. */
  restore(saved: RunHistory): void {
    this.clear();
    saved.steps.forEach((step, i) => this.push(step, saved.loss[i] ?? NaN, saved.accuracy[i] ?? NaN, saved.seconds[i] ?? NaN));
    this.validation.push(...saved.validation);
  }

  /** Forgets everything after `step` (training went back to weights of that step). */
  truncate(step: number): void {
    const record = this.toRecord();
    const keep = record.steps.findIndex((s) => s > step);
    if (keep === -1) return;
    this.restore({
      steps: record.steps.slice(0, keep),
      loss: record.loss.slice(0, keep),
      accuracy: record.accuracy.slice(0, keep),
      seconds: record.seconds.slice(0, keep),
      validation: record.validation.filter((v) => v.step <= step),
    });
  }

  /** A copy as plain data, for a checkpoint or a save. */
  toRecord(): RunHistory {
    return { steps: [...this.steps], loss: [...this.loss], accuracy: [...this.accuracy], seconds: [...this.seconds], validation: this.validation.map((v) => ({ ...v })) };
  }

  private push(step: number, loss: number, accuracy: number, seconds: number): void {
    this.weight = SMOOTHING * this.weight + (1 - SMOOTHING);
    this.lossAverage = SMOOTHING * this.lossAverage + (1 - SMOOTHING) * loss;
    this.accuracyAverage = SMOOTHING * this.accuracyAverage + (1 - SMOOTHING) * accuracy;
    this.steps.push(step);
    this.loss.push(loss);
    this.accuracy.push(accuracy);
    this.seconds.push(seconds);
    this.smoothedLoss.push(this.lossAverage / this.weight);
    this.smoothedAccuracy.push(this.accuracyAverage / this.weight);
  }

  addValidation(point: ValidationPoint): void {
    this.validation.push(point);
  }

  clear(): void {
    for (const series of [this.steps, this.loss, this.accuracy, this.seconds, this.smoothedLoss, this.smoothedAccuracy]) series.length = 0;
    this.validation.length = 0;
    this.lossAverage = 0;
    this.accuracyAverage = 0;
    this.weight = 0;
  }
}
