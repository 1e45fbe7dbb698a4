import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { COLOUR_SHAPES, MNIST } from '../../../src/core/dataset/builtin';
import { ImageDataset } from '../../../src/data/dataset';
import { splitSeeds } from '../../../src/core/dataset/colourShapesRecipe';
import { colourShapesSplit, generateDataset } from '../../../src/data/generated';
import { valuesPerImage, type ImageSplit } from '../../../src/data/types';

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Mean of channel `ch` over the pixels of image i whose own-colour channel is bright (the shape). */
function shapeColour(split: ImageSplit, i: number): [number, number, number] {
  const size = valuesPerImage(split);
  const sums = [0, 0, 0];
  let n = 0;
  for (let p = 0; p < split.rows * split.cols; p++) {
    const px = [0, 1, 2].map((ch) => split.images[i * size + p * 3 + ch] ?? 0);
    if (Math.max(...px) < 154) continue;
    px.forEach((v, ch) => (sums[ch] = (sums[ch] ?? 0) + v));
    n++;
  }
  return sums.map((s) => s / Math.max(1, n)) as [number, number, number];
}

describe('the Colour shapes generator', () => {
  const data = generateDataset(COLOUR_SHAPES);

  it('draws the splits the description asks for: 32x32 colour, nine balanced classes', () => {
    for (const [name, split] of Object.entries(data)) {
      const wanted = COLOUR_SHAPES.splits[name as keyof typeof COLOUR_SHAPES.splits];
      expect(split).toMatchObject({ count: wanted, rows: 32, cols: 32, channels: 3, classes: 9 });
      expect(split.images.length).toBe(wanted * 32 * 32 * 3);
      const perClass = new Array<number>(9).fill(0);
      for (const label of split.labels) perClass[label] = (perClass[label] ?? 0) + 1;
      expect(perClass).toEqual(new Array<number>(9).fill(wanted / 9));
    }
    expect(() => new ImageDataset(data)).not.toThrow();
  });

  it('is the same on every visit (seeded) and different for another seed', () => {
    const again = generateDataset(COLOUR_SHAPES);
    expect(digest(again.test.images)).toBe(digest(data.test.images));
    expect(digest(again.train.labels)).toBe(digest(data.train.labels));
    const other = colourShapesSplit(90, 32, 32, 12345);
    expect(digest(other.images)).not.toBe(digest(data.test.images.subarray(0, other.images.length)));
    const seeds = splitSeeds(0xffffffff);
    expect(new Set(Object.values(seeds)).size).toBe(3);
    for (const s of Object.values(seeds)) expect(s).toBeLessThan(2 ** 32);
  });

  it('puts no image in two splits', () => {
    const keys = (split: ImageSplit) => {
      const size = valuesPerImage(split);
      return Array.from({ length: split.count }, (_, i) => digest(split.images.subarray(i * size, (i + 1) * size)));
    };
    const train = new Set(keys(data.train));
    const others = [...keys(data.validation), ...keys(data.test)];
    expect(others.filter((k) => train.has(k))).toEqual([]);
    expect(new Set(others).size).toBe(others.length);
  });

  it('makes the class name true: the shape is the bright part, in the colour the name says', () => {
    for (let i = 0; i < 90; i++) {
      const label = data.test.labels[i] ?? 0;
      const [r, g, b] = shapeColour(data.test, i);
      const dominant = [r, g, b].indexOf(Math.max(r, g, b));
      expect(dominant, `${COLOUR_SHAPES.classNames[label]} (test image ${i})`).toBe(label % 3);
    }
  });

  it('tells circles, squares and triangles apart by area: a square fills the most of its box, a triangle the least', () => {
    const fillOfBox = (i: number) => {
      const size = valuesPerImage(data.test);
      let n = 0;
      let [top, bottom, left, right] = [32, -1, 32, -1];
      for (let p = 0; p < 32 * 32; p++) {
        const bright = [0, 1, 2].some((ch) => (data.test.images[i * size + p * 3 + ch] ?? 0) >= 154);
        if (!bright) continue;
        n++;
        const [y, x] = [Math.floor(p / 32), p % 32];
        [top, bottom, left, right] = [Math.min(top, y), Math.max(bottom, y), Math.min(left, x), Math.max(right, x)];
      }
      return n / ((bottom - top + 1) * (right - left + 1));
    };
    const mean = (shape: number) => {
      const fills = Array.from({ length: 30 }, (_, k) => fillOfBox(k * 9 + shape * 3));
      return fills.reduce((a, b) => a + b, 0) / fills.length;
    };
    const [circle, square, triangle] = [mean(0), mean(1), mean(2)];
    expect(square).toBeGreaterThan(0.95);
    expect(circle).toBeLessThan(0.85);
    expect(triangle).toBeLessThan(0.6);
    expect(circle).toBeGreaterThan(triangle + 0.1);
  });

  it('refuses a description it cannot draw', () => {
    expect(() => generateDataset(MNIST)).toThrow(/not a generated dataset/);
    expect(() => generateDataset({ ...COLOUR_SHAPES, source: { kind: 'generated', generator: 'stripes', seed: 1 } })).toThrow(/no generator called "stripes"/);
    expect(() => generateDataset({ ...COLOUR_SHAPES, inputShape: [32, 32, 1] })).toThrow(/3 channels/);
  });
});
