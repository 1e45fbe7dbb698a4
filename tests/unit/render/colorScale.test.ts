import { describe, expect, it } from 'vitest';
import { createColorScale, valueRange } from '../../../src/render/colorScale';

function rgbAt(lut: Uint8ClampedArray, i: number): [number, number, number, number] {
  return [lut[i * 4]!, lut[i * 4 + 1]!, lut[i * 4 + 2]!, lut[i * 4 + 3]!];
}

function hex(rgb: readonly number[]): [number, number, number] {
  return [rgb[0]!, rgb[1]!, rgb[2]!];
}

describe('createColorScale', () => {
  it('is sequential for non-negative ranges and diverging when any value is negative', () => {
    expect(createColorScale(0, 5).kind).toBe('sequential');
    expect(createColorScale(2, 5).kind).toBe('sequential');
    expect(createColorScale(-0.1, 5).kind).toBe('diverging');
    expect(createColorScale(-3, -1).kind).toBe('diverging');
  });

  it('keeps the sequential range and makes the diverging one symmetric around 0', () => {
    expect(createColorScale(2, 5).domain).toEqual([2, 5]);
    expect(createColorScale(-0.5, 2).domain).toEqual([-2, 2]);
    expect(createColorScale(-3, 1).domain).toEqual([-3, 3]);
    expect(createColorScale(-3, -1).domain).toEqual([-3, 3]);
  });

  it('gives a usable scale for zero-width and non-finite ranges', () => {
    for (const [min, max] of [[0, 0], [4, 4], [-2, -2], [NaN, NaN], [-Infinity, Infinity]] as const) {
      const scale = createColorScale(min, max);
      const [lo, hi] = scale.domain;
      expect(hi).toBeGreaterThan(lo);
      expect(Number.isFinite(lo) && Number.isFinite(hi)).toBe(true);
      for (const v of [min, max, 0, 1, -1]) {
        const i = scale.index(v);
        expect(Number.isInteger(i) && i >= 0 && i <= 255).toBe(true);
      }
    }
    expect(createColorScale(0, 0).domain).toEqual([0, 1]);
    expect(createColorScale(0, 0).index(0)).toBe(0);
    expect(createColorScale(4, 4).domain).toEqual([0, 4]);
    expect(createColorScale(-2, -2).domain).toEqual([-2, 2]);
  });

  it('accepts the bounds in either order', () => {
    expect(createColorScale(5, 2).domain).toEqual([2, 5]);
  });

  it('maps the ends to 0 and 255, clamps outside values and sends NaN to 0', () => {
    const scale = createColorScale(0, 10);
    expect(scale.index(0)).toBe(0);
    expect(scale.index(10)).toBe(255);
    expect(scale.index(5)).toBe(128);
    expect(scale.index(-4)).toBe(0);
    expect(scale.index(99)).toBe(255);
    expect(scale.index(Infinity)).toBe(255);
    expect(scale.index(-Infinity)).toBe(0);
    expect(scale.index(NaN)).toBe(0);
    const diverging = createColorScale(-2, 1);
    expect(diverging.index(-2)).toBe(0);
    expect(diverging.index(2)).toBe(255);
    expect(Math.abs(diverging.index(0) - 127.5)).toBeLessThanOrEqual(0.5);
  });

  it('has a 256-entry RGBA LUT: viridis from dark purple to yellow', () => {
    const { lut } = createColorScale(0, 1);
    expect(lut).toBeInstanceOf(Uint8ClampedArray);
    expect(lut.length).toBe(1024);
    const near = (a: readonly number[], b: readonly number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= 3);
    expect(near(hex(rgbAt(lut, 0)), [0x44, 0x01, 0x54])).toBe(true);
    expect(near(hex(rgbAt(lut, 255)), [0xfd, 0xe7, 0x25])).toBe(true);
    for (let i = 0; i < 256; i++) expect(rgbAt(lut, i)[3]).toBe(255);
  });

  it('has a diverging LUT with blue negatives, a near-white centre and red positives', () => {
    const { lut } = createColorScale(-1, 1);
    const [r0, , b0] = rgbAt(lut, 0);
    expect(b0).toBeGreaterThan(r0);
    const [rc, gc, bc] = rgbAt(lut, 128);
    expect(Math.min(rc, gc, bc)).toBeGreaterThan(225);
    const [r1, , b1] = rgbAt(lut, 255);
    expect(r1).toBeGreaterThan(b1);
  });

  it('builds each LUT once and shares it between scales of the same kind', () => {
    expect(createColorScale(0, 1).lut).toBe(createColorScale(3, 7).lut);
    expect(createColorScale(-1, 1).lut).toBe(createColorScale(-5, 2).lut);
    expect(createColorScale(0, 1).lut).not.toBe(createColorScale(-1, 1).lut);
  });

  it('gives CSS colours that match the LUT', () => {
    const scale = createColorScale(0, 1);
    expect(scale.css(0)).toBe('#440154');
    expect(scale.css(1)).toMatch(/^#f[0-9a-f]e[0-9a-f]2[0-9a-f]$/);
    expect(scale.css(NaN)).toBe(scale.css(0));
    const i = scale.index(0.3);
    const expected = `#${[0, 1, 2].map((k) => scale.lut[i * 4 + k]!.toString(16).padStart(2, '0')).join('')}`;
    expect(scale.css(0.3)).toBe(expected);
  });
});

describe('valueRange', () => {
  it('is the min and max of the whole array by default', () => {
    expect(valueRange(new Float32Array([3, -1, 2]))).toEqual([-1, 3]);
    expect(valueRange(new Float32Array([7]))).toEqual([7, 7]);
  });

  it('reads one channel of a channels-last [h, w, c] array with offset and stride', () => {
    // [2, 2, 3]: channel k of pixel p is at p * 3 + k.
    const values = new Float32Array([
      1, -10, 100,
      2, -20, 200,
      3, -30, 300,
      4, -40, 400,
    ]);
    expect(valueRange(values, 0, 3, 4)).toEqual([1, 4]);
    expect(valueRange(values, 1, 3, 4)).toEqual([-40, -10]);
    expect(valueRange(values, 2, 3, 4)).toEqual([100, 400]);
    expect(valueRange(values, 2, 3)).toEqual([100, 400]);
    expect(valueRange(values, 1, 3, 2)).toEqual([-20, -10]);
  });

  it('never reads past the end of the array', () => {
    const values = new Float32Array([1, 2, 3, 4]);
    expect(valueRange(values, 1, 2, 100)).toEqual([2, 4]);
    expect(valueRange(values, 10)).toEqual([0, 0]);
  });

  it('skips NaN and ±Infinity, and returns [0, 0] when nothing is finite', () => {
    expect(valueRange(new Float32Array([NaN, 2, Infinity, -1, -Infinity]))).toEqual([-1, 2]);
    expect(valueRange(new Float32Array([NaN, 5]))).toEqual([5, 5]);
    expect(valueRange(new Float32Array([NaN, Infinity, -Infinity]))).toEqual([0, 0]);
    expect(valueRange(new Float32Array(0))).toEqual([0, 0]);
    const channel = new Float32Array([NaN, 0, 5, 0, -Infinity, 0]);
    expect(valueRange(channel, 0, 2)).toEqual([5, 5]);
  });
});
