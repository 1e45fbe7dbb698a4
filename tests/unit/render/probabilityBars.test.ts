import { describe, expect, it } from 'vitest';
import { argmax, formatPercent } from '../../../src/render/probabilityBars';

describe('argmax', () => {
  it('is the index of the largest value, the first on ties', () => {
    expect(argmax(new Float32Array([0.1, 0.7, 0.2]))).toBe(1);
    expect(argmax([0.5, 0.5])).toBe(0);
  });

  it('skips non-finite values and is -1 when there are none', () => {
    expect(argmax([NaN, 0.2, Infinity, 0.3])).toBe(3);
    expect(argmax([])).toBe(-1);
    expect(argmax([NaN])).toBe(-1);
  });
});

describe('formatPercent', () => {
  it('shows one decimal at most and stays within 0..100%', () => {
    expect(formatPercent(0.934)).toBe('93.4%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.9999)).toBe('100%');
    expect(formatPercent(0.002)).toBe('0.2%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(NaN)).toBe('0%');
    expect(formatPercent(1.2)).toBe('100%');
  });
});
