import * as d3 from 'd3';
import { valueRange } from './colorScale';
import { theme } from './theme';

export interface HistogramOptions {
  width: number;
  height: number;
  xLabel?: string;
}

export interface HistogramRenderer {
  update(values: Float32Array): void;
  destroy(): void;
}

export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
}

export interface Histogram {
  bins: HistogramBin[];
  /** How many finite values went into the bins. */
  count: number;
  /** [min, max] of the finite values; [0, 0] when there are none. */
  extent: [number, number];
}

/**
 * Bins the finite values (NaN and ±Infinity are left out) into about `thresholds` equal-width bins
 * over a rounded-out extent. All-equal values get one narrow range around them; no values, no bins.
 */
export function computeHistogram(values: Float32Array, thresholds = 30): Histogram {
  const extent = valueRange(values);
  let [lo, hi] = extent;
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.05 || 0.5;
    [lo, hi] = [lo - pad, hi + pad];
  }
  const [x0, x1] = d3.nice(lo, hi, thresholds);
  // The bins d3.bin makes for this niced domain (equal widths, edges on d3.ticks), counted in one
  // pass without d3.bin's per-bin arrays: a dense layer's weights are a few hundred thousand values.
  const edges = d3.ticks(x0, x1, thresholds);
  const m = Math.max(1, edges.length - 1);
  const counts = new Uint32Array(m);
  const perUnit = m / (x1 - x0);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? NaN;
    if (!(v >= x0 && v <= x1)) continue;
    count++;
    counts[Math.min(m - 1, Math.floor((v - x0) * perUnit))]++;
  }
  const out = Array.from(counts, (c, i) => ({ x0: edges[i] ?? x0, x1: edges[i + 1] ?? x1, count: c }));
  return count === 0 ? { bins: [], count: 0, extent: [0, 0] } : { bins: out, count, extent };
}

/**
 * The axis domain to draw for data spanning `needed`: `current` while it still holds the data and the
 * data fills at least `minFill` of it (so axes stay put while values drift), else a new rounded one.
 */
export function stickyDomain(current: readonly [number, number] | null, needed: readonly [number, number], minFill = 0.5, ticks = 6): [number, number] {
  let [a, b] = needed;
  if (!(b > a)) [a, b] = [a - 0.5, a + 0.5];
  if (current && current[0] <= a && b <= current[1] && b - a >= minFill * (current[1] - current[0])) return [current[0], current[1]];
  const [n0, n1] = d3.nice(a, b, ticks);
  return [n0, n1];
}

const MARGIN = { top: 8, right: 12, left: 40 };

/** Draws a histogram of values (e.g. a layer's weights) with d3 axes into an SVG element the caller owns. */
export function createHistogramRenderer(svgElement: SVGSVGElement, options: HistogramOptions): HistogramRenderer {
  const { width, height, xLabel } = options;
  const bottom = xLabel ? 34 : 22;
  const innerWidth = Math.max(1, width - MARGIN.left - MARGIN.right);
  const innerHeight = Math.max(1, height - MARGIN.top - bottom);
  const svg = d3.select(svgElement).attr('viewBox', `0 0 ${width} ${height}`).style('font', theme.font);
  const root = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const xAxis = root.append('g').attr('transform', `translate(0,${innerHeight})`);
  const yAxis = root.append('g');
  const bars = root.append('g').attr('class', 'bars').attr('fill', theme.histogram.bar);
  const zeroLine = root
    .append('line')
    .attr('y1', 0)
    .attr('y2', innerHeight)
    .attr('stroke', theme.histogram.zero)
    .attr('stroke-dasharray', '4 3')
    .attr('display', 'none');
  if (xLabel) {
    root
      .append('text')
      .attr('x', innerWidth / 2)
      .attr('y', innerHeight + 30)
      .attr('text-anchor', 'middle')
      .attr('fill', theme.mutedText)
      .text(xLabel);
  }

  const x = d3.scaleLinear().range([0, innerWidth]);
  const y = d3.scaleLinear().range([innerHeight, 0]);
  let xDomain: [number, number] | null = null;
  let yDomain: [number, number] | null = null;
  let drawnDomains = '';

  const drawAxes = () => {
    const domains = `${x.domain().join()};${y.domain().join()}`;
    if (domains === drawnDomains) return;
    drawnDomains = domains;
    xAxis.call(d3.axisBottom(x).ticks(5).tickSizeOuter(0));
    const yTicks = y.ticks(3).filter(Number.isInteger);
    yAxis.call(d3.axisLeft(y).tickValues(yTicks).tickFormat(d3.format('~s')).tickSizeOuter(0));
    for (const axis of [xAxis, yAxis]) {
      axis.selectAll('text').attr('fill', theme.mutedText);
      axis.selectAll('line,path').attr('stroke', theme.axis);
    }
  };

  return {
    update(values) {
      const { bins, count, extent } = computeHistogram(values);
      const first = bins[0];
      const last = bins[bins.length - 1];
      xDomain = first && last ? stickyDomain(xDomain, [first.x0, last.x1]) : [0, 1];
      const maxCount = d3.max(bins, (b) => b.count) ?? 0;
      yDomain = stickyDomain(yDomain, [0, Math.max(1, maxCount)], 0.5, 3);
      x.domain(xDomain);
      y.domain(yDomain);
      drawAxes();

      bars
        .selectAll<SVGRectElement, HistogramBin>('rect')
        .data(bins)
        .join('rect')
        .attr('x', (b) => x(b.x0) + 0.5)
        .attr('width', (b) => Math.max(0, x(b.x1) - x(b.x0) - 1))
        .attr('y', (b) => y(b.count))
        .attr('height', (b) => innerHeight - y(b.count));
      const showZero = count > 0 && extent[0] <= 0 && extent[1] >= 0;
      zeroLine.attr('display', showZero ? null : 'none');
      if (showZero) zeroLine.attr('x1', x(0)).attr('x2', x(0));
      svgElement.dataset.count = String(count);
    },
    destroy() {
      svg.selectAll('*').remove();
      delete svgElement.dataset.count;
    },
  };
}
