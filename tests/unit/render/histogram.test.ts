import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { computeHistogram, stickyDomain } from '../../../src/render/histogram';

describe('computeHistogram', () => {
  it('bins every finite value into about 30 contiguous equal-width bins', () => {
    const values = new Float32Array(1000).map((_, i) => Math.sin(i) * 0.3);
    const { bins, count, extent } = computeHistogram(values);
    expect(count).toBe(1000);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(1000);
    expect(bins.length).toBeGreaterThanOrEqual(15);
    expect(bins.length).toBeLessThanOrEqual(60);
    expect(bins[0]!.x0).toBeLessThanOrEqual(extent[0]);
    expect(bins[bins.length - 1]!.x1).toBeGreaterThanOrEqual(extent[1]);
    const width = bins[0]!.x1 - bins[0]!.x0;
    for (let i = 0; i < bins.length; i++) {
      expect(bins[i]!.x1 - bins[i]!.x0).toBeCloseTo(width, 9);
      if (i > 0) expect(bins[i]!.x0).toBe(bins[i - 1]!.x1);
    }
  });

  it('counts the same bins as d3.bin over the same domain', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    for (const scale of [0.05, 1, 300]) {
      const values = new Float32Array(5000).map(() => random() * scale + scale / 10);
      const { bins } = computeHistogram(values);
      const first = bins[0]!;
      const last = bins[bins.length - 1]!;
      const reference = d3.bin<number, number>().domain([first.x0, last.x1]).thresholds(30)(values);
      expect(bins.map((b) => b.count)).toEqual(reference.map((b) => b.length));
      expect(bins.map((b) => b.x0)).toEqual(reference.map((b) => b.x0));
    }
  });

  it('leaves out NaN and ±Infinity', () => {
    const { count, extent } = computeHistogram(new Float32Array([NaN, -1, 0, 1, Infinity, -Infinity]));
    expect(count).toBe(3);
    expect(extent).toEqual([-1, 1]);
  });

  it('handles empty and non-finite arrays', () => {
    for (const values of [new Float32Array(0), new Float32Array([NaN, Infinity])]) {
      expect(computeHistogram(values)).toEqual({ bins: [], count: 0, extent: [0, 0] });
    }
  });

  it('handles all-equal values (e.g. zero-initialised biases) with finite bins', () => {
    for (const v of [0, 3, -0.25]) {
      const { bins, count } = computeHistogram(new Float32Array(64).fill(v));
      expect(count).toBe(64);
      expect(bins.length).toBeGreaterThan(0);
      for (const b of bins) {
        expect(Number.isFinite(b.x0) && Number.isFinite(b.x1) && b.x1 > b.x0).toBe(true);
      }
      expect(bins.find((b) => b.count === 64)).toBeDefined();
    }
  });
});

describe('stickyDomain', () => {
  it('starts from a rounded domain that holds the data', () => {
    const [a, b] = stickyDomain(null, [-0.137, 0.142]);
    expect(a).toBeLessThanOrEqual(-0.137);
    expect(b).toBeGreaterThanOrEqual(0.142);
    expect(stickyDomain(null, [0, 97], 0.5, 3)).toEqual([0, 100]);
  });

  it('keeps the current domain while the data drifts a little inside it', () => {
    const current: [number, number] = [-0.2, 0.2];
    expect(stickyDomain(current, [-0.15, 0.17])).toEqual(current);
    expect(stickyDomain(current, [-0.1, 0.1])).toEqual(current);
  });

  it('moves when the data leaves the domain or fills too little of it', () => {
    const current: [number, number] = [-0.2, 0.2];
    const grown = stickyDomain(current, [-0.25, 0.1]);
    expect(grown[0]).toBeLessThanOrEqual(-0.25);
    expect(grown).not.toEqual(current);
    const shrunk = stickyDomain(current, [-0.02, 0.03]);
    expect(shrunk[1] - shrunk[0]).toBeLessThan(0.2);
  });

  it('never returns a zero-width domain', () => {
    const [a, b] = stickyDomain(null, [0, 0]);
    expect(b).toBeGreaterThan(a);
  });
});
