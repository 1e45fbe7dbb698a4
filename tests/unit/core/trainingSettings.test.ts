import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, learningRateAt, readSettings } from '../../../src/core/training/training';

describe('learningRateAt', () => {
  it('is the set rate throughout with a constant schedule', () => {
    const settings = { learningRate: 0.003, schedule: 'constant' } as const;
    expect([0, 10, 999].map((step) => learningRateAt(settings, step, 1000))).toEqual([0.003, 0.003, 0.003]);
  });

  it('falls down a half cosine with a cosine schedule: the rate at the start, half at the middle, near 0 at the end', () => {
    const settings = { learningRate: 0.004, schedule: 'cosine' } as const;
    expect(learningRateAt(settings, 0, 1000)).toBe(0.004);
    expect(learningRateAt(settings, 500, 1000)).toBeCloseTo(0.002, 12);
    expect(learningRateAt(settings, 250, 1000)).toBeCloseTo((0.004 * (1 + Math.SQRT1_2)) / 2, 12);
    expect(learningRateAt(settings, 999, 1000)).toBeLessThan(1e-7);
    expect(learningRateAt(settings, 1000, 1000)).toBe(0);
  });

  it('never rises and stays within [0, rate], also past the end (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-5, max: 1, noNaN: true }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: -10, max: 200_000 }), (learningRate, total, step) => {
        const rate = learningRateAt({ learningRate, schedule: 'cosine' }, step, total);
        expect(rate).toBeGreaterThanOrEqual(0);
        expect(rate).toBeLessThanOrEqual(learningRate);
        expect(learningRateAt({ learningRate, schedule: 'cosine' }, step + 1, total)).toBeLessThanOrEqual(rate);
      }),
    );
  });
});

describe('readSettings: the schedule and the augmentation', () => {
  it('reads both when given', () => {
    const read = readSettings({ ...DEFAULT_SETTINGS, schedule: 'cosine', augmentation: 'shift' });
    expect(read).toEqual({ ok: true, settings: { ...DEFAULT_SETTINGS, schedule: 'cosine', augmentation: 'shift' } });
  });

  it('reads settings saved before they existed as a constant rate and no augmentation', () => {
    const read = readSettings({ optimizer: 'sgd', learningRate: 0.1, batchSize: 64, epochs: 2 });
    expect(read).toEqual({ ok: true, settings: { optimizer: 'sgd', learningRate: 0.1, batchSize: 64, epochs: 2, schedule: 'constant', augmentation: 'none' } });
  });

  it('refuses an unknown schedule or augmentation, naming the choices', () => {
    expect(readSettings({ ...DEFAULT_SETTINGS, schedule: 'step' })).toEqual({ ok: false, message: 'The learning-rate schedule must be one of constant, cosine.' });
    expect(readSettings({ ...DEFAULT_SETTINGS, augmentation: 3 })).toEqual({ ok: false, message: 'The augmentation must be one of none, shift.' });
  });
});
