import { describe, expect, it } from 'vitest';
import { getPreset } from '../../../src/core/editing/presets';
import { DEFAULT_SETTINGS } from '../../../src/core/training/training';
import { comparisonSeries, zoomAccuracy, type ComparedRun } from '../../../src/ui/compare/comparisonSeries';

const run = (label: string, batchSize: number, seconds: number[]): ComparedRun => ({
  key: label,
  label,
  color: '#0072B2',
  spec: getPreset('small-cnn')!.spec,
  settings: { ...DEFAULT_SETTINGS, batchSize },
  history: {
    steps: [1, 2, 3, 4],
    loss: [2, 1, 0.5, 0.4],
    accuracy: [0.2, 0.6, 0.9, 0.95],
    seconds,
    validation: [
      { step: 2, epoch: 0, loss: 0.9, accuracy: 0.96, seconds: seconds[1] ?? NaN },
      { step: 4, epoch: 1, loss: 0.3, accuracy: 0.98, seconds: seconds[3] ?? NaN },
    ],
  },
});

describe('comparisonSeries', () => {
  it('puts validation at examples seen (steps times the batch size) and the training curve, smoothed, beside it', () => {
    const series = comparisonSeries([run('Run 1', 64, [0.1, 0.2, 0.3, 0.4])], 'examples', 'accuracy');
    expect(series.map((s) => [s.label, s.style])).toEqual([
      ['Run 1 training', 'faint'],
      ['Run 1 validation', 'line'],
      ['Run 1 validation points', 'points'],
    ]);
    expect(series[1]!.xs).toEqual([128, 256]);
    expect(series[1]!.ys).toEqual([0.96, 0.98]);
    expect(series[0]!.xs).toEqual([64, 128, 192, 256]);
    // Debiased: the first point is the value itself.
    expect(series[0]!.ys[0]).toBeCloseTo(0.2, 12);
  });

  it('uses seconds on the time axis and leaves out points without a time (older saves)', () => {
    const [training, validation] = comparisonSeries([run('Old', 32, [NaN, NaN, NaN, NaN])], 'seconds', 'loss');
    expect(training!.xs).toEqual([]);
    expect(validation!.xs).toEqual([]);
    const [, timed] = comparisonSeries([run('New', 32, [1, 2, 3, 4])], 'seconds', 'loss');
    expect(timed!.xs).toEqual([2, 4]);
    expect(timed!.ys).toEqual([0.9, 0.3]);
  });
});

describe('zoomAccuracy', () => {
  it('starts the axis a little under the lowest validation accuracy and hides the training curve below it', () => {
    const { series, yDomain } = zoomAccuracy(comparisonSeries([run('Run 1', 32, [1, 2, 3, 4])], 'examples', 'accuracy'));
    expect(yDomain).toEqual([0.94, 1]);
    expect(series[0]!.ys.slice(0, 2).every(Number.isNaN)).toBe(true);
  });
});
