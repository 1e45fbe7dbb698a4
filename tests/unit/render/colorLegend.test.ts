import { describe, expect, it } from 'vitest';
import { formatLegendValue, legendTicks } from '../../../src/render/colorLegend';

describe('legendTicks', () => {
  it('includes both ends of the range', () => {
    const ticks = legendTicks([0.013, 3.71]);
    expect(ticks[0]).toBe(0.013);
    expect(ticks[ticks.length - 1]).toBe(3.71);
    expect([...ticks].sort((a, b) => a - b)).toEqual(ticks);
  });

  it('puts 0 in the middle of a symmetric (diverging) range', () => {
    for (const m of [0.37, 1, 2.5, 140]) {
      const ticks = legendTicks([-m, m]);
      expect(ticks).toContain(0);
      expect(ticks[0]).toBe(-m);
      expect(ticks[ticks.length - 1]).toBe(m);
    }
  });

  it('drops round ticks that would crowd an end label', () => {
    const ticks = legendTicks([0, 1.02]);
    expect(ticks).not.toContain(1);
    expect(ticks).toContain(1.02);
  });

  it('gives one tick for a zero-width range', () => {
    expect(legendTicks([2, 2])).toEqual([2]);
  });
});

describe('formatLegendValue', () => {
  it('uses 3 significant digits, and exponents for tiny or huge values', () => {
    expect(formatLegendValue(0)).toBe('0');
    expect(formatLegendValue(0.37123)).toBe('0.371');
    expect(formatLegendValue(12)).toBe('12');
    expect(formatLegendValue(-0.5).replace('\u2212', '-')).toBe('-0.5');
    expect(formatLegendValue(0.0000123)).toBe('1.23e-5');
    expect(formatLegendValue(250000)).toBe('2.5e+5');
  });
});
