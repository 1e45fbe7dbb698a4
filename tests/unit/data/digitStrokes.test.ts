import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centreOf, sum } from './digitHelpers';
import {
  MIN_EXTENT_PX,
  MNIST_CENTRE_PX,
  MNIST_SIZE,
  MNIST_STROKE_WIDTH_PX,
  PEN_WIDTH_PX,
  STROKES_MAX_SCALE,
  WORKING_SKELETON_PX,
  prepareStrokes,
  rasterizeStrokes,
  type GrayImage,
  type PreparedDigit,
  type Stroke,
  type StrokePoint,
} from '../../../src/data/digit';

const P = (x: number, y: number, pressure = 0.5): StrokePoint => ({ x, y, pressure });

/** The points from a to b, `n` steps (n + 1 points), as a pointer would report them. */
function line(ax: number, ay: number, bx: number, by: number, n = 40, pressure = 0.5): StrokePoint[] {
  return Array.from({ length: n + 1 }, (_, i) => P(ax + ((bx - ax) * i) / n, ay + ((by - ay) * i) / n, pressure));
}

/** An ellipse, `n` points. */
function ellipse(cx: number, cy: number, rx: number, ry: number, n = 120): StrokePoint[] {
  return Array.from({ length: n + 1 }, (_, i) => P(cx + rx * Math.cos((2 * Math.PI * i) / n), cy + ry * Math.sin((2 * Math.PI * i) / n)));
}

/** Shapes in a unit box, placed with `place`. */
const SHAPES: Record<string, Stroke[]> = {
  seven: [[P(0, 0), P(1, 0), P(0.35, 1.4)], [P(0.2, 0.7), P(0.8, 0.7)]],
  zero: [ellipse(0.5, 0.7, 0.45, 0.7)],
  four: [[P(0.7, 0), P(0, 0.9), P(1, 0.9)], line(0.75, 0.5, 0.75, 1.4)],
};

function place(strokes: readonly Stroke[], ox: number, oy: number, k: number): Stroke[] {
  return strokes.map((s) => s.map((p) => ({ ...p, x: ox + k * p.x, y: oy + k * p.y })));
}

/** How many rows and columns of the output hold a pixel of at least `level`. */
function extent(pixels: Float32Array, level = 0.5): { rows: number; cols: number } {
  const rows = new Set<number>();
  const cols = new Set<number>();
  pixels.forEach((v, i) => {
    if (v >= level) {
      rows.add(Math.floor(i / MNIST_SIZE));
      cols.add(i % MNIST_SIZE);
    }
  });
  return { rows: rows.size, cols: cols.size };
}

function meanAbsDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i] - b[i]);
  return d / a.length;
}

function expectCentred(r: PreparedDigit, tolerance = 0.05): void {
  const c = centreOf(r.pixels);
  expect(Math.abs(c.x - MNIST_CENTRE_PX)).toBeLessThan(tolerance);
  expect(Math.abs(c.y - MNIST_CENTRE_PX)).toBeLessThan(tolerance);
}

describe('prepareStrokes: MNIST geometry for drawn shapes', () => {
  it('makes a vertical line (a "1") 20 px tall, about a stroke wide, centred', () => {
    for (const [x, y0, y1] of [[140, 40, 240], [20, 200, 260], [270, 0, 280]]) {
      const r = prepareStrokes([line(x, y0, x, y1)]);
      const e = extent(r.pixels);
      expect(e.rows).toBeGreaterThanOrEqual(19);
      expect(e.rows).toBeLessThanOrEqual(20);
      expect(e.cols).toBeLessThanOrEqual(3);
      // Ink per row in the middle: the stroke's width in output pixels.
      const row = r.pixels.subarray(14 * MNIST_SIZE, 15 * MNIST_SIZE);
      expect(sum(row)).toBeCloseTo(MNIST_STROKE_WIDTH_PX, 1);
      expectCentred(r);
    }
  });

  it('makes a wide horizontal line 20 px wide and a stroke thick', () => {
    const r = prepareStrokes([line(10, 150, 260, 150)]);
    const e = extent(r.pixels);
    expect(e.cols).toBeGreaterThanOrEqual(19);
    expect(e.cols).toBeLessThanOrEqual(20);
    expect(e.rows).toBeLessThanOrEqual(3);
    expectCentred(r);
  });

  it('keeps the aspect ratio of a rectangle outline, wide or tall', () => {
    // Skeleton 80 x 40 working px plus the pen on each: the ink box is (80 + w) x (40 + w).
    const expected = (20 * (40 + PEN_WIDTH_PX)) / (80 + PEN_WIDTH_PX);
    const outline = (w: number, h: number) => [[P(30, 30), P(30 + w, 30), P(30 + w, 30 + h), P(30, 30 + h), P(30, 30)]];
    const wide = prepareStrokes(outline(200, 100));
    const tall = prepareStrokes(outline(100, 200));
    const w = extent(wide.pixels, 0.25);
    const t = extent(tall.pixels, 0.25);
    expect(w.cols).toBeGreaterThanOrEqual(20);
    expect(w.cols).toBeLessThanOrEqual(21);
    expect(Math.abs(w.rows - expected)).toBeLessThanOrEqual(1);
    expect(t).toEqual({ rows: w.cols, cols: w.rows });
    expect(wide.box!.x1 - wide.box!.x0 + 1).toBeCloseTo(80 + PEN_WIDTH_PX, -0.5);
    expect(wide.box!.y1 - wide.box!.y0 + 1).toBeCloseTo(40 + PEN_WIDTH_PX, -0.5);
  });

  it('centres the centre of mass for shapes drawn anywhere on the pad, tiny or huge', () => {
    for (const [name, shape] of Object.entries(SHAPES)) {
      for (const [ox, oy, k] of [[0, 0, 180], [240, 250, 25], [5, 230, 30], [-400, -300, 1500], [100, 100, 12]]) {
        const r = prepareStrokes(place(shape, ox, oy, k));
        expect(sum(r.pixels), name).toBeGreaterThan(5);
        expectCentred(r);
      }
    }
  });

  it('gives the same 28x28 image for the same shape at another size or place', () => {
    for (const shape of Object.values(SHAPES)) {
      const a = prepareStrokes(place(shape, 10, 10, 180)).pixels;
      for (const [ox, oy, k] of [[150, 40, 60], [3.3, 7.7, 250], [500, 20, 700]]) {
        expect(meanAbsDiff(a, prepareStrokes(place(shape, ox, oy, k)).pixels)).toBeLessThan(1e-4);
      }
    }
  });

  it('gives nearly the same image whether the pointer reported 30 or 300 points', () => {
    const sparse = prepareStrokes([ellipse(140, 140, 60, 100, 30)]).pixels;
    const dense = prepareStrokes([ellipse(140, 140, 60, 100, 300)]).pixels;
    expect(meanAbsDiff(sparse, dense)).toBeLessThan(0.01);
  });

  it('keeps every value in [0, 1] and the darkest at 1', () => {
    for (const shape of Object.values(SHAPES)) {
      const r = prepareStrokes(place(shape, 20, 20, 200));
      expect(Math.min(...r.pixels)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...r.pixels)).toBe(1);
    }
  });

  it('reports the box, scale and centre of mass in working pixels', () => {
    const r = prepareStrokes([line(100, 20, 100, 220)]);
    const raster = rasterizeStrokes([line(100, 20, 100, 220)]);
    const { x0, y0, x1, y1 } = r.box!;
    expect(y1 - y0 + 1).toBeCloseTo(WORKING_SKELETON_PX + PEN_WIDTH_PX, -0.5);
    expect(x1 - x0 + 1).toBeCloseTo(PEN_WIDTH_PX, -0.5);
    expect(y0 + y1 + 1).toBe(raster.height);
    expect(x0 + x1 + 1).toBe(raster.width);
    expect(r.scale).toBe(20 / (y1 - y0 + 1));
    expect(r.scale).toBeLessThanOrEqual(STROKES_MAX_SCALE);
    expect(r.centreOfMass!.x).toBeCloseTo(raster.width / 2, 2);
    expect(r.centreOfMass!.y).toBeCloseTo(raster.height / 2, 2);
  });
});

describe('prepareStrokes: awkward input', () => {
  it('gives all zeros and no box for no strokes, empty strokes or only unusable points', () => {
    const bad = [P(NaN, 3), P(4, Infinity), P(-Infinity, NaN), P(1e12, 5)];
    for (const strokes of [[], [[]], [[], []], [bad]]) {
      const r = prepareStrokes(strokes);
      expect(sum(r.pixels)).toBe(0);
      expect(r.box).toBeNull();
      expect(r.centreOfMass).toBeNull();
    }
    expect(rasterizeStrokes([bad])).toMatchObject({ width: 0, height: 0 });
  });

  it('draws a tap as a small dot, not a disc filling the box', () => {
    for (const tap of [[P(140, 140)], [P(3, 270), P(3, 270), P(3, 270)], [P(50, 50), P(50.4, 50.2)]]) {
      const r = prepareStrokes([tap]);
      const inked = r.pixels.filter((v) => v > 0.05).length;
      expect(inked).toBeGreaterThanOrEqual(4);
      expect(inked).toBeLessThanOrEqual(12);
      expect(sum(r.pixels)).toBeLessThan(8);
      expect(Math.max(...r.pixels)).toBeGreaterThan(0.5);
      expectCentred(r);
    }
  });

  it('keeps a tiny flick small (under MIN_EXTENT_PX it is not blown up to 20 px)', () => {
    const flick = prepareStrokes([line(100, 100, 100, MIN_EXTENT_PX / 4 + 100)]);
    expect(extent(flick.pixels).rows).toBeLessThanOrEqual(8);
    const digit = prepareStrokes([line(100, 100, 100, 100 + 2 * MIN_EXTENT_PX)]);
    expect(extent(digit.pixels).rows).toBeGreaterThanOrEqual(19);
  });

  it('ignores duplicate points and drops NaN / Infinity points', () => {
    const clean = prepareStrokes([line(40, 30, 200, 250, 20)]).pixels;
    const doubled = prepareStrokes([line(40, 30, 200, 250, 20).flatMap((p) => [p, p, { ...p }])]).pixels;
    const noisy = prepareStrokes([line(40, 30, 200, 250, 20).flatMap((p, i) => (i % 3 ? [p] : [p, P(NaN, p.y), P(p.x, -Infinity)]))]).pixels;
    expect(meanAbsDiff(clean, doubled)).toBeLessThan(1e-6);
    expect(meanAbsDiff(clean, noisy)).toBeLessThan(1e-6);
  });

  it('combines overlapping ink with max: a stroke drawn twice looks like one, crossings are no darker', () => {
    const once = rasterizeStrokes([line(10, 10, 200, 150)]);
    const twice = rasterizeStrokes([line(10, 10, 200, 150), line(200, 150, 10, 10, 17)]);
    expect(Array.from(twice.values)).toEqual(Array.from(once.values));
    const cross = rasterizeStrokes([line(0, 100, 200, 100), line(100, 0, 100, 200)]);
    expect(Math.max(...cross.values)).toBe(1);
  });

  it('makes the stroke thicker with pressure; pressure 0 thins it without erasing it', () => {
    const widthAt = (pressure: number) => {
      const r = prepareStrokes([line(140, 40, 140, 240, 40, pressure)]);
      return sum(r.pixels.subarray(14 * MNIST_SIZE, 15 * MNIST_SIZE));
    };
    const [none, light, mouse, hard] = [widthAt(0), widthAt(0.25), widthAt(0.5), widthAt(1)];
    expect(none).toBeGreaterThan(0.3 * mouse);
    expect(none).toBeLessThan(light);
    expect(light).toBeLessThan(mouse);
    expect(mouse).toBeLessThan(hard);
    expect(widthAt(NaN)).toBeCloseTo(mouse, 6);
    expect(widthAt(7)).toBeCloseTo(hard, 6);
  });
});

describe('rasterizeStrokes: the working raster', () => {
  it('scales the skeleton so that its longer side is WORKING_SKELETON_PX, whatever the drawn size', () => {
    for (const k of [60, 250]) {
      const raster = rasterizeStrokes(place(SHAPES.zero, 10, 10, k));
      const inkRows = new Set<number>();
      raster.values.forEach((v, i) => v >= 0.5 && inkRows.add(Math.floor(i / raster.width)));
      expect(Math.abs(inkRows.size - (WORKING_SKELETON_PX + PEN_WIDTH_PX))).toBeLessThanOrEqual(1.5);
    }
  });

  it('draws the pen PEN_WIDTH_PX wide with a soft edge of about one pixel', () => {
    const raster = rasterizeStrokes([line(50, 0, 50, 200)]);
    const y = Math.floor(raster.height / 2);
    const row = raster.values.subarray(y * raster.width, (y + 1) * raster.width);
    expect(sum(row)).toBeCloseTo(PEN_WIDTH_PX, 1);
    const partial = Array.from(row).filter((v) => v > 0 && v < 1);
    expect(partial.length).toBeLessThanOrEqual(4);
  });
});

const pointArb = fc.record({
  x: fc.oneof(fc.double({ min: -50, max: 330, noNaN: true }), fc.constant(NaN), fc.constant(Infinity)),
  y: fc.double({ min: -50, max: 330, noNaN: true }),
  pressure: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(0.5), fc.constant(NaN)),
});
const strokesArb = fc.array(fc.array(pointArb, { maxLength: 30 }), { maxLength: 4 });

describe('prepareStrokes properties', () => {
  it('has ink exactly when some point is finite, every value in [0, 1]', () => {
    fc.assert(
      fc.property(strokesArb, (strokes) => {
        const r = prepareStrokes(strokes);
        const drawable = strokes.some((s) => s.some((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
        expect(sum(r.pixels) > 0).toBe(drawable);
        for (const v of r.pixels) expect(v >= 0 && v <= 1).toBe(true);
      }),
    );
  });

  it('centres the centre of mass within half a pixel whenever the frame cuts nothing off', () => {
    fc.assert(
      fc.property(strokesArb, (strokes) => {
        const raster: GrayImage = rasterizeStrokes(strokes);
        const r = prepareStrokes(strokes);
        const expectedMass = sum(raster.values) * r.scale * r.scale;
        fc.pre(expectedMass > 0 && Math.abs(sum(r.pixels) - expectedMass) < 1e-6 * expectedMass);
        expectCentred(r, 0.5);
      }),
    );
  });
});
