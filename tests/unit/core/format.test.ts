import { describe, expect, it } from 'vitest';
import { formatCompactCount, formatCount, formatShape, formatShapeInWords } from '../../../src/core/spec/format';

describe('format', () => {
  it('formatShape', () => {
    expect(formatShape([28, 28, 1])).toBe('28x28x1');
    expect(formatShape([3136])).toBe('3136');
    expect(formatShape(null)).toBe('?');
  });

  it('formatShapeInWords', () => {
    expect(formatShapeInWords([7, 7, 64])).toBe('a 7x7x64 feature map');
    expect(formatShapeInWords([3136])).toBe('3,136 numbers');
  });

  it('formatCount groups thousands like en-US', () => {
    expect(formatCount(421_642)).toBe('421,642');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(51_392_138)).toBe('51,392,138');
    expect(formatCount(-1234.6)).toBe('-1,235');
    expect(formatCount(-0.2)).toBe('0');
    expect(formatCount(Number.NaN)).toBe('NaN');
    for (const n of [1, 12, 123, 1234, 12345, 123456, 1234567, 9_007_199_254_740_991]) {
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    }
  });

  it('formatCompactCount', () => {
    expect(formatCompactCount(950)).toBe('950');
    expect(formatCompactCount(1000)).toBe('1k');
    expect(formatCompactCount(421_642)).toBe('422k');
    expect(formatCompactCount(61_706)).toBe('61.7k');
    expect(formatCompactCount(2_500_000)).toBe('2.5M');
    expect(formatCompactCount(999_950)).toBe('1M');
    expect(formatCompactCount(3.2e9)).toBe('3.2G');
  });
});
