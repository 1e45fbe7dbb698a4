/** Small seeded randomness for reproducible splits and shuffles. Pure: no Math.random. */

/** A uniform generator of numbers in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: a 32-bit-state PRNG, fast and good enough for shuffling (not for cryptography).
 * The same seed always gives the same sequence; seeds are taken modulo 2^32.
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates shuffle in place; returns the same array. */
export function shuffleInPlace<T extends { length: number; [index: number]: number }>(array: T, random: Random): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = array[i];
    array[i] = array[j];
    array[j] = tmp;
  }
  return array;
}

/** A random permutation of 0..n-1 determined by `seed`. */
export function permutation(n: number, seed: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return shuffleInPlace(order, mulberry32(seed));
}
