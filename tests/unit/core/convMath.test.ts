import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convOutputSize, effectiveKernelSize } from '../../../src/core/convMath';

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
