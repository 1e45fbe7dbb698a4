import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convOutputSize, effectiveKernelSize, samePadding } from '../../../src/core/math/convMath';

/** Brute force: window start positions i >= 0 whose last tap i*s + d(k-1) lies inside [0, n). */
function countValidWindows(n: number, k: number, s: number, d: number): number {
  let count = 0;
  for (let i = 0; i * s + d * (k - 1) < n; i += 1) count += 1;
  return count;
}

/** Brute force for 'same': one window per stride step that starts inside the input. */
function countSameWindows(n: number, s: number): number {
  let count = 0;
  for (let i = 0; i * s < n; i += 1) count += 1;
  return count;
}

describe('effectiveKernelSize', () => {
  it('is d(k-1)+1', () => {
    expect(effectiveKernelSize(3)).toBe(3);
    expect(effectiveKernelSize(3, 2)).toBe(5);
    expect(effectiveKernelSize(5, 3)).toBe(13);
    expect(effectiveKernelSize(1, 8)).toBe(1);
  });
});

describe('convOutputSize', () => {
  it('matches hand-computed examples', () => {
    expect(convOutputSize(28, 5, 1, 'valid')).toBe(24);
    expect(convOutputSize(28, 3, 1, 'same')).toBe(28);
    expect(convOutputSize(28, 2, 2, 'valid')).toBe(14);
    expect(convOutputSize(27, 2, 2, 'valid')).toBe(13);
    expect(convOutputSize(27, 2, 2, 'same')).toBe(14);
    expect(convOutputSize(28, 3, 2, 'valid')).toBe(13);
    expect(convOutputSize(28, 3, 1, 'valid', 2)).toBe(24);
    expect(convOutputSize(7, 3, 3, 'same')).toBe(3);
  });

  it('is 0, never negative, when the window does not fit', () => {
    expect(convOutputSize(3, 5, 1, 'valid')).toBe(0);
    expect(convOutputSize(4, 3, 1, 'valid', 2)).toBe(0);
    expect(convOutputSize(2, 8, 2, 'valid')).toBe(0);
  });

  it('agrees with a brute-force count of window positions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom('valid' as const, 'same' as const),
        (n, k, s, d, padding) => {
          const expected = padding === 'valid' ? countValidWindows(n, k, s, d) : countSameWindows(n, s);
          expect(convOutputSize(n, k, s, padding, d)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('samePadding', () => {
  it('matches known TF cases: the odd zero goes after', () => {
    expect(samePadding(28, 3, 1)).toEqual([1, 1]);
    expect(samePadding(28, 4, 1)).toEqual([1, 2]);
    expect(samePadding(28, 3, 2)).toEqual([0, 1]);
    expect(samePadding(28, 2, 2)).toEqual([0, 0]);
    expect(samePadding(7, 2, 2)).toEqual([0, 1]);
    expect(samePadding(28, 3, 1, 2)).toEqual([2, 2]);
    expect(samePadding(5, 1, 3)).toEqual([0, 0]);
  });

  it('is the least padding, split evenly with the extra one after, that gives the same-padding output count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 15 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 4 }), (n, k, s, d) => {
        const [before, after] = samePadding(n, k, s, d);
        expect(after - before === 0 || after - before === 1).toBe(true);
        const total = before + after;
        expect(countValidWindows(n + total, k, s, d)).toBe(convOutputSize(n, k, s, 'same', d));
        if (total > 0) expect(countValidWindows(n + total - 1, k, s, d)).toBeLessThan(convOutputSize(n, k, s, 'same', d));
      }),
      { numRuns: 2000 },
    );
  });
});
