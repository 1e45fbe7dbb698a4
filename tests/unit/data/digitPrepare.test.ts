import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centreOf, sum } from './digitHelpers';
import { MNIST_CENTRE_PX, MNIST_SIZE, prepareDigit, type GrayImage } from '../../../src/data/digit';
import { integralAt, summedArea } from '../../../src/data/digit/summedArea';

/** A width x height image with value f(x, y). */
function image(width: number, height: number, f: (x: number, y: number) => number): GrayImage {
  const values = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) values[y * width + x] = f(x, y);
  return { width, height, values };
}

const rect = (x0: number, y0: number, x1: number, y1: number, v = 1) => (x: number, y: number) =>
  x >= x0 && x <= x1 && y >= y0 && y <= y1 ? v : 0;

const at = (pixels: Float32Array, x: number, y: number) => pixels[y * MNIST_SIZE + x];

describe('prepareDigit geometry', () => {
  it('fits a 40x10 bar to 20x5, keeps its mass * scale^2 and puts its centre on pixel (14, 14)', () => {
    const r = prepareDigit(image(100, 60, rect(30, 20, 69, 29)));
    expect(r.box).toEqual({ x0: 30, y0: 20, x1: 69, y1: 29 });
    expect(r.scale).toBe(0.5);
    expect(r.centreOfMass).toEqual({ x: 50, y: 25 });
    // u = (x - 50) * 0.5 + 14.5: source [30, 70) -> [4.5, 24.5), rows [20, 30) -> [12, 17).
    expect(sum(r.pixels)).toBeCloseTo(400 * 0.25, 9);
    expect(at(r.pixels, 14, 14)).toBe(1);
    expect(at(r.pixels, 4, 14)).toBeCloseTo(0.5, 9);
    expect(at(r.pixels, 24, 14)).toBeCloseTo(0.5, 9);
    expect(at(r.pixels, 3, 14)).toBe(0);
    expect(at(r.pixels, 14, 11)).toBe(0);
    expect(at(r.pixels, 14, 12)).toBe(1);
    expect(at(r.pixels, 14, 16)).toBe(1);
    expect(at(r.pixels, 14, 17)).toBe(0);
  });

  it('keeps the aspect ratio of a tall box: its longer side becomes 20', () => {
    const r = prepareDigit(image(50, 90, rect(10, 5, 19, 84)));
    expect(r.scale).toBe(0.25);
    // 10 x 80 source pixels -> 2.5 x 20 output pixels, centred on 14.5: [13.25, 15.75) x [4.5, 24.5).
    expect(sum(r.pixels)).toBeCloseTo(2.5 * 20, 9);
    const rows = new Set<number>();
    const cols = new Set<number>();
    r.pixels.forEach((v, i) => {
      if (v > 0) rows.add(Math.floor(i / MNIST_SIZE));
      if (v > 0) cols.add(i % MNIST_SIZE);
    });
    expect([...rows].sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, i) => 4 + i));
    expect([...cols].sort((a, b) => a - b)).toEqual([13, 14, 15]);
    expect(at(r.pixels, 14, 4)).toBeCloseTo(0.5, 9);
    expect(at(r.pixels, 13, 10)).toBeCloseTo(0.75, 9);
    expect(at(r.pixels, 15, 10)).toBeCloseTo(0.75, 9);
  });

  it('averages areas: a one-pixel checkerboard at scale 1/4 becomes flat grey 0.5', () => {
    const r = prepareDigit(image(80, 80, (x, y) => ((x + y) % 2 === 0 ? 1 : 0)));
    expect(r.scale).toBe(0.25);
    // The centre pixels cover whole 4x4 blocks of the source (half inked).
    for (const [x, y] of [[10, 10], [14, 14], [18, 12]]) expect(at(r.pixels, x, y)).toBeCloseTo(0.5, 2);
  });

  it('reports the box, scale and centre of mass of an off-centre L', () => {
    const f = (x: number, y: number) => rect(200, 100, 209, 179)(x, y) || rect(200, 170, 239, 179)(x, y);
    const r = prepareDigit(image(300, 300, f));
    expect(r.box).toEqual({ x0: 200, y0: 100, x1: 239, y1: 179 });
    expect(r.scale).toBe(0.25);
    // 800 pixels of the upright (centre 205, 140) + 300 of the foot beyond it (centre 225, 175).
    expect(r.centreOfMass!.x).toBeCloseTo((800 * 205 + 300 * 225) / 1100, 9);
    expect(r.centreOfMass!.y).toBeCloseTo((800 * 140 + 300 * 175) / 1100, 9);
    const c = centreOf(r.pixels);
    expect(Math.abs(c.x - MNIST_CENTRE_PX)).toBeLessThan(0.02);
    expect(Math.abs(c.y - MNIST_CENTRE_PX)).toBeLessThan(0.02);
  });
});

describe('prepareDigit edge cases', () => {
  it('an empty image gives all zeros, no box, no centre, scale 0', () => {
    for (const img of [image(40, 30, () => 0), image(0, 0, () => 0), image(5, 0, () => 0)]) {
      const r = prepareDigit(img);
      expect(r.pixels.length).toBe(784);
      expect(sum(r.pixels)).toBe(0);
      expect(r.box).toBeNull();
      expect(r.centreOfMass).toBeNull();
      expect(r.scale).toBe(0);
    }
  });

  it('treats NaN and negative values as no ink and values above 1 as 1', () => {
    const clean = prepareDigit(image(60, 60, rect(10, 10, 49, 29)));
    const dirty = prepareDigit(image(60, 60, (x, y) => (rect(10, 10, 49, 29)(x, y) ? 7 : (x + y) % 3 === 0 ? NaN : -2)));
    expect(dirty.box).toEqual(clean.box);
    expect(dirty.centreOfMass).toEqual(clean.centreOfMass);
    expect(Array.from(dirty.pixels)).toEqual(Array.from(clean.pixels));
  });

  it('does not let a faint anti-aliased fringe or a faint speck widen the box', () => {
    const solid = rect(20, 20, 59, 79);
    const fringed = (x: number, y: number) =>
      solid(x, y) || rect(19, 19, 60, 80, 0.3)(x, y) || (x === 90 && y === 5 ? 0.2 : 0);
    const r = prepareDigit(image(100, 100, fringed));
    expect(r.box).toEqual({ x0: 20, y0: 20, x1: 59, y1: 79 });
    expect(r.scale).toBeCloseTo(20 / 60, 12);
    // The fringe still counts as ink: it is resampled, not cut.
    expect(sum(r.pixels)).toBeGreaterThan(sum(prepareDigit(image(100, 100, solid)).pixels));
  });

  it('finds a box in a drawing that is faint all over (the threshold follows the peak)', () => {
    const r = prepareDigit(image(50, 50, rect(10, 20, 29, 24, 0.2)));
    expect(r.box).toEqual({ x0: 10, y0: 20, x1: 29, y1: 24 });
    expect(r.scale).toBe(1);
  });

  it('caps the scale at maxScale, so a small mark stays small', () => {
    const dot = image(30, 30, rect(14, 14, 15, 15));
    expect(prepareDigit(dot).scale).toBe(10);
    const capped = prepareDigit(dot, { maxScale: 1 });
    expect(capped.scale).toBe(1);
    // Its centre (15, 15) lands on 14.5: the 2x2 dot covers [13.5, 15.5) on both axes.
    expect(sum(capped.pixels)).toBeCloseTo(4, 9);
    expect(capped.pixels.filter((v) => v > 0).length).toBe(9);
    expect(at(capped.pixels, 14, 14)).toBe(1);
    expect(at(capped.pixels, 13, 14)).toBeCloseTo(0.5, 9);
    expect(at(capped.pixels, 15, 15)).toBeCloseTo(0.25, 9);
  });

  it('rejects an image whose values do not match its size', () => {
    expect(() => prepareDigit({ width: 10, height: 10, values: new Float32Array(99) })).toThrow(RangeError);
    expect(() => prepareDigit({ width: 2.5, height: 2, values: new Float32Array(5) })).toThrow(RangeError);
  });
});

/** Small images with sparse random ink: most pixels 0, some faint, some solid. */
const imageArb = fc
  .record({ width: fc.integer({ min: 1, max: 24 }), height: fc.integer({ min: 1, max: 24 }) })
  .chain(({ width, height }) =>
    fc
      .array(fc.oneof(fc.constant(0), fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })), {
        minLength: width * height,
        maxLength: width * height,
      })
      .map((vs): GrayImage => ({ width, height, values: Float32Array.from(vs) })),
  );

describe('prepareDigit properties', () => {
  it('has output ink exactly when the input has ink, all values in [0, 1]', () => {
    fc.assert(
      fc.property(imageArb, (img) => {
        const r = prepareDigit(img);
        const inked = img.values.some((v) => v > 0);
        expect(sum(r.pixels) > 0).toBe(inked);
        expect(r.box !== null).toBe(inked);
        for (const v of r.pixels) expect(v >= 0 && v <= 1).toBe(true);
      }),
    );
  });

  it('puts the centre of mass on (14.5, 14.5) within half a pixel whenever nothing is cut off', () => {
    fc.assert(
      fc.property(imageArb, (img) => {
        const r = prepareDigit(img);
        const mass = sum(img.values);
        fc.pre(mass > 0);
        // Area averaging keeps mass * scale^2 unless the frame cuts ink off.
        fc.pre(Math.abs(sum(r.pixels) - mass * r.scale * r.scale) < 1e-6 * mass * r.scale * r.scale);
        const c = centreOf(r.pixels);
        expect(Math.abs(c.x - MNIST_CENTRE_PX)).toBeLessThanOrEqual(0.5);
        expect(Math.abs(c.y - MNIST_CENTRE_PX)).toBeLessThanOrEqual(0.5);
      }),
    );
  });

  it('gives the same digit for the image moved anywhere in a larger canvas', () => {
    fc.assert(
      fc.property(imageArb, fc.nat(60), fc.nat(60), (img, ox, oy) => {
        const big = image(img.width + 60, img.height + 60, (x, y) =>
          x >= ox && y >= oy && x < ox + img.width && y < oy + img.height ? img.values[(y - oy) * img.width + x - ox] : 0,
        );
        const a = prepareDigit(img).pixels;
        const b = prepareDigit(big).pixels;
        for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-5);
      }),
    );
  });

  it('gives the same digit for the image enlarged k times (nearest neighbour)', () => {
    fc.assert(
      fc.property(imageArb, fc.integer({ min: 2, max: 5 }), (img, k) => {
        const big = image(img.width * k, img.height * k, (x, y) => img.values[Math.floor(y / k) * img.width + Math.floor(x / k)]);
        const a = prepareDigit(img);
        const b = prepareDigit(big);
        expect(b.scale * k).toBeCloseTo(a.scale, 9);
        for (let i = 0; i < a.pixels.length; i++) expect(Math.abs(a.pixels[i] - b.pixels[i])).toBeLessThan(1e-5);
      }),
    );
  });
});

describe('summed-area table', () => {
  /** The integral of the piecewise-constant image over [0, x] x [0, y], pixel by pixel. */
  function bruteIntegral(img: GrayImage, x: number, y: number): number {
    let s = 0;
    for (let j = 0; j < img.height; j++) {
      const h = Math.max(0, Math.min(j + 1, y) - j);
      for (let i = 0; i < img.width; i++) {
        const w = Math.max(0, Math.min(i + 1, x) - i);
        s += w * h * Math.min(1, Math.max(0, img.values[j * img.width + i]));
      }
    }
    return s;
  }

  it('integrates exactly over boxes with fractional edges, clamped to the image', () => {
    fc.assert(
      fc.property(imageArb, fc.double({ min: -3, max: 30, noNaN: true }), fc.double({ min: -3, max: 30, noNaN: true }), (img, x, y) => {
        expect(integralAt(summedArea(img), x, y)).toBeCloseTo(bruteIntegral(img, x, y), 9);
      }),
    );
  });
});
