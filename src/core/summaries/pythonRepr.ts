/**
 * Python's repr of the small values a PyTorch module prints (ints, floats, tuples, booleans).
 * Settings may hold anything a student or an import put there, so anything that is not the
 * expected type prints as '?' instead of throwing.
 */

/** A finite number as Python prints an int: '8'; '?' for anything else. */
export function pyInt(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '?';
}

/**
 * A number as Python's repr prints a float: '0.5', '1.0', '1e-05', '1e+16' (shortest digits
 * that round-trip, like JavaScript, but scientific only below 1e-4 or from 1e16 on, with a
 * two-digit exponent). '?' for anything that is not a finite number.
 */
export function pyFloat(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '?';
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = value.toFixed(Math.max(0, mantissa.replace(/^-?\d\.?/, '').length - exponent));
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/** 'True' / 'False'; '?' for a value that is not a boolean. */
export function pyBool(value: unknown): string {
  return typeof value === 'boolean' ? (value ? 'True' : 'False') : '?';
}

/** The two numbers of a [h, w] pair, or null when the value is not one. */
export function readPair(value: unknown): [number, number] | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [h, w] = value as unknown[];
  return typeof h === 'number' && typeof w === 'number' ? [h, w] : null;
}

/** '(3, 3)', as PyTorch stores conv sizes; '?' when the value is not a pair. */
export function pyTuple(value: unknown): string {
  const pair = readPair(value);
  return pair === null ? '?' : `(${pyInt(pair[0])}, ${pyInt(pair[1])})`;
}

/** '2' for a square [2, 2], '(2, 3)' otherwise: how pool sizes print when given as the layer's values. */
export function pyIntOrTuple(value: unknown): string {
  const pair = readPair(value);
  if (pair === null) return '?';
  return pair[0] === pair[1] ? pyInt(pair[0]) : pyTuple(pair);
}
