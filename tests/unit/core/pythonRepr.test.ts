import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pyBool, pyFloat, pyInt, pyIntOrTuple, pyTuple, readPair } from '../../../src/core/summaries/pythonRepr';

describe('python reprs', () => {
  it('prints floats as Python repr does', () => {
    const cases: [number, string][] = [
      [0, '0.0'],
      [1, '1.0'],
      [0.5, '0.5'],
      [0.25, '0.25'],
      [0.01, '0.01'],
      [0.001, '0.001'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [1.5e-7, '1.5e-07'],
      [0.1 + 0.2, '0.30000000000000004'],
      [123456.789, '123456.789'],
      [1e15, '1000000000000000.0'],
      [1e16, '1e+16'],
      [2.5e22, '2.5e+22'],
      [-0.75, '-0.75'],
      [-3, '-3.0'],
    ];
    for (const [value, repr] of cases) expect(pyFloat(value)).toBe(repr);
  });

  it('round-trips every finite float', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const repr = pyFloat(value);
        expect(Number(repr)).toBe(value === 0 ? 0 : value);
        expect(repr).toMatch(/^-?\d+(\.\d+)?(e[+-]\d{2,3})?$/);
        expect(repr.includes('.') || repr.includes('e')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('prints ints, booleans and pairs, and ? for anything else', () => {
    expect(pyInt(8)).toBe('8');
    expect(pyInt(Number.NaN)).toBe('?');
    expect(pyInt('8')).toBe('?');
    expect(pyFloat(Infinity)).toBe('?');
    expect(pyFloat('0.5')).toBe('?');
    expect(pyBool(true)).toBe('True');
    expect(pyBool(false)).toBe('False');
    expect(pyBool(0)).toBe('?');
    expect(pyTuple([3, 5])).toBe('(3, 5)');
    expect(pyTuple([3])).toBe('?');
    expect(pyTuple([3, '5'])).toBe('?');
    expect(pyIntOrTuple([2, 2])).toBe('2');
    expect(pyIntOrTuple([2, 3])).toBe('(2, 3)');
    expect(pyIntOrTuple(null)).toBe('?');
    expect(readPair([1, 2])).toEqual([1, 2]);
    expect(readPair(Object.create(null))).toBeNull();
  });
});
