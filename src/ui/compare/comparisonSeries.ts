import type { RunHistory } from '../../core/export/savedModel';
import type { LineSeries } from '../../render/lineChart';
import { MetricsHistory } from '../../store/metricsHistory';
import type { RunDesignRecord } from '../../store/runsSlice';

/** A run as the comparison draws it. */
export interface ComparedRun extends RunDesignRecord {
  key: string;
  history: RunHistory;
  color: string;
}

export type ComparisonAxis = 'examples' | 'seconds';
export type ComparisonMetric = 'accuracy' | 'loss';

/**
 * Okabe and Ito's colour-blind-safe palette, less its yellow and sky blue (under 3:1 on white, too
 * faint for a line), and a dark grey and brown for runs seven and eight.
 */
export const RUN_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#1F2933', '#8C510A'] as const;

/** Smoothed training curves are thinned to about this many points: the validation is what is compared. */
const TRAINING_POINTS = 300;

/**
 * The series of the comparison chart for one metric: per run its validation after each epoch (a
 * line through points) and, faint, its smoothed training curve; x is examples seen (steps times the
 * batch size) or seconds trained. Points without a time (runs saved before times were kept) are
 * left out of the time axis.
 */
export function comparisonSeries(runs: readonly ComparedRun[], axis: ComparisonAxis, metric: ComparisonMetric): LineSeries[] {
  return runs.flatMap((run) => {
    const { history, settings } = run;
    const trainingX = axis === 'examples' ? history.steps.map((s) => s * settings.batchSize) : history.seconds;
    // The learning curves' own smoothing, so a run looks here as it did while it trained.
    const smoothed = new MetricsHistory();
    smoothed.restore(history);
    const trainingY = metric === 'accuracy' ? smoothed.smoothedAccuracy : smoothed.smoothedLoss;
    const stride = Math.max(1, Math.ceil(trainingX.length / TRAINING_POINTS));
    const keep = (i: number) => (i % stride === 0 || i === trainingX.length - 1) && Number.isFinite(trainingX[i]);
    const indices = trainingX.map((_, i) => i).filter(keep);
    const validation = history.validation.filter((v) => Number.isFinite(axis === 'examples' ? v.step : v.seconds));
    const validationX = validation.map((v) => (axis === 'examples' ? v.step * settings.batchSize : v.seconds));
    const validationY = validation.map((v) => (metric === 'accuracy' ? v.accuracy : v.loss));
    return [
      { label: `${run.label} training`, xs: indices.map((i) => trainingX[i] ?? NaN), ys: indices.map((i) => trainingY[i] ?? NaN), color: run.color, style: 'faint' as const },
      { label: `${run.label} validation`, xs: validationX, ys: validationY, color: run.color, style: 'line' as const },
      { label: `${run.label} validation points`, xs: validationX, ys: validationY, color: run.color, style: 'points' as const },
    ];
  });
}

/**
 * The accuracy chart's y range: from a little under the lowest validation accuracy to 1, so that
 * 97.5% and 98.5% stand apart instead of sharing the top pixel of a 0-to-1 axis; the training
 * curves' values below it are left out (NaN) rather than drawn outside the plot.
 */
export function zoomAccuracy(series: readonly LineSeries[]): { series: LineSeries[]; yDomain: [number, number] } {
  const validation = series.filter((s) => s.style !== 'faint').flatMap((s) => s.ys.filter(Number.isFinite));
  const lowest = validation.length > 0 ? Math.min(...validation) : 0;
  const floor = Math.max(0, Math.floor((lowest - 0.02) * 50) / 50);
  return { series: series.map((s) => (s.style === 'faint' ? { ...s, ys: s.ys.map((y) => (y >= floor ? y : NaN)) } : s)), yDomain: [floor, 1] };
}
