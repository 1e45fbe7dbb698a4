import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shiftImages } from '../../../src/data/augment';
import { mulberry32 } from '../../../src/data/random';

/** The shift by definition, one pixel at a time: out[r][c] = in[r - dy][c - dx], or 0 outside. */
function shiftedByHand(image: Float32Array, [rows, cols, channels]: [number, number, number], dx: number, dy: number): Float32Array {
  const out = new Float32Array(image.length);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      for (let k = 0; k < channels; k++) {
        const sr = r - dy;
        const sc = c - dx;
        if (sr >= 0 && sr < rows && sc >= 0 && sc < cols) out[(r * cols + c) * channels + k] = image[(sr * cols + sc) * channels + k]!;
      }
  return out;
}

/** A generator that returns these values in turn. */
const fixed = (values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe('shiftImages', () => {
  it('moves a pixel by the drawn dx and dy and fills with 0', () => {
    const image = new Float32Array(5 * 5);
    image[2 * 5 + 2] = 1; // the centre
    // span 5: 0.99 -> +2 (dy), 0.0 -> -2 (dx)
    shiftImages(image, 1, [5, 5, 1], 2, fixed([0.99, 0]));
    expect(Array.from(image).findIndex((v) => v === 1)).toBe(4 * 5 + 0);
    expect(image.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('equals the shift by definition for every image, shape and shift (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer(),
        (rows, cols, channels, count, maxShift, seed) => {
          const shape: [number, number, number] = [rows, cols, channels];
          const size = rows * cols * channels;
          const xs = Float32Array.from({ length: count * size }, (_, i) => i + 1);
          const original = xs.slice();
          shiftImages(xs, count, shape, maxShift, mulberry32(seed));
          const random = mulberry32(seed);
          for (let i = 0; i < count; i++) {
            const dy = Math.floor(random() * (2 * maxShift + 1)) - maxShift;
            const dx = Math.floor(random() * (2 * maxShift + 1)) - maxShift;
            expect(Math.abs(dx)).toBeLessThanOrEqual(maxShift);
            expect(Array.from(xs.subarray(i * size, (i + 1) * size))).toEqual(Array.from(shiftedByHand(original.subarray(i * size, (i + 1) * size), shape, dx, dy)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves the images after `count` alone, and a shift of 0 changes nothing', () => {
    const xs = Float32Array.from({ length: 3 * 4 }, (_, i) => i);
    shiftImages(xs, 1, [2, 2, 1], 1, fixed([0, 0]));
    expect(Array.from(xs.subarray(4))).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    const same = Float32Array.from({ length: 4 }, (_, i) => i);
    shiftImages(same, 1, [2, 2, 1], 0, Math.random);
    expect(Array.from(same)).toEqual([0, 1, 2, 3]);
  });
});
