import { describe, expect, it } from 'vitest';
import { roundUpAxisEnd } from '../../../src/render/lineChart';

describe('roundUpAxisEnd', () => {
  it('is at least 1, also for empty or non-finite data', () => {
    expect(roundUpAxisEnd(0)).toBe(1);
    expect(roundUpAxisEnd(-Infinity)).toBe(1);
    expect(roundUpAxisEnd(NaN)).toBe(1);
    expect(roundUpAxisEnd(1)).toBe(1);
  });

  it('rounds up to the next round number', () => {
    expect(roundUpAxisEnd(7)).toBe(8);
    expect(roundUpAxisEnd(8.5)).toBe(10);
    expect(roundUpAxisEnd(101)).toBe(120);
    expect(roundUpAxisEnd(120)).toBe(120);
    expect(roundUpAxisEnd(1719)).toBe(2000);
    expect(roundUpAxisEnd(2001)).toBe(2500);
  });

  it('never leaves more than a quarter of the axis empty past 1, so the curve keeps its width', () => {
    for (let max = 1.01; max < 1e6; max *= 1.07) {
      const end = roundUpAxisEnd(max);
      expect(end).toBeGreaterThanOrEqual(max);
      expect(max / end).toBeGreaterThan(0.75 - 1e-9);
    }
  });
});
