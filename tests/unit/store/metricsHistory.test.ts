import { describe, expect, it } from 'vitest';
import { MetricsHistory } from '../../../src/store/metricsHistory';

const batches = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ epoch: 0, batch: from + i - 1, step: from + i, loss: 2 / (from + i), accuracy: (from + i) / 100, seconds: (from + i) / 20 }));

describe('MetricsHistory: saved runs', () => {
  it('restores a saved run with the same smoothing as when it was trained', () => {
    const trained = new MetricsHistory();
    trained.append(batches(1, 30));
    trained.addValidation({ step: 30, epoch: 0, loss: 0.3, accuracy: 0.9, seconds: 1 });
    const restored = new MetricsHistory();
    restored.restore(trained.toRecord());
    expect(restored.steps).toEqual(trained.steps);
    expect(restored.smoothedLoss).toEqual(trained.smoothedLoss);
    expect(restored.validation).toEqual(trained.validation);
    // And it carries on as the original would.
    restored.append(batches(31, 35));
    trained.append(batches(31, 35));
    expect(restored.smoothedAccuracy).toEqual(trained.smoothedAccuracy);
  });

  it('truncates to a step (a rewind), dropping later batches and validations', () => {
    const history = new MetricsHistory();
    history.append(batches(1, 20));
    history.addValidation({ step: 10, epoch: 0, loss: 1, accuracy: 0.5, seconds: 1 });
    history.addValidation({ step: 20, epoch: 1, loss: 1, accuracy: 0.6, seconds: 1 });
    const reference = new MetricsHistory();
    reference.append(batches(1, 12));
    history.truncate(12);
    expect(history.steps).toEqual(reference.steps);
    expect(history.smoothedLoss).toEqual(reference.smoothedLoss);
    expect(history.validation.map((v) => v.step)).toEqual([10]);
    expect(history.seconds).toEqual(reference.seconds);
    expect(history.lastSeconds).toBe(12 / 20);
    history.truncate(50);
    expect(history.length).toBe(12);
  });
});
