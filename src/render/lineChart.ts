import * as d3 from 'd3';
import { theme } from './theme';

export interface LineSeries {
  label: string;
  xs: readonly number[];
  ys: readonly number[];
  color: string;
  /** 'faint': the noisy per-batch line; 'line': a main curve; 'points': markers (e.g. per epoch). */
  style: 'faint' | 'line' | 'points';
}

export interface LineChartOptions {
  width: number;
  height: number;
  yLabel: string;
  xLabel: string;
  /** Fixed y range (e.g. [0, 1] for accuracy); otherwise from the data. */
  yDomain?: [number, number];
}

export interface LineChartRenderer {
  update(series: readonly LineSeries[]): void;
  destroy(): void;
}

const MARGIN = { top: 10, right: 14, bottom: 34, left: 48 };
/** Steps of the x axis' end within each power of ten: the axis grows in jumps of at most 25%. */
const X_END_STEPS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/**
 * The x axis' end for data reaching `max`: the next round number at or above it. The axis (and its
 * ticks, the costly part of a redraw) stays put while training fills it, instead of moving with every
 * batch.
 */
export function roundUpAxisEnd(max: number): number {
  if (!(max > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = X_END_STEPS.find((s) => s * power >= max) ?? 10;
  // Rounding keeps 1.2 * 100 at 120, not 120.00000000000001.
  return Number((step * power).toPrecision(6));
}
/** More points than pixels only costs time: long series are thinned to about this many. */
const MAX_POINTS = 1500;

/** Draws line series with d3 axes into an SVG element the caller owns. */
export function createLineChartRenderer(svgElement: SVGSVGElement, options: LineChartOptions): LineChartRenderer {
  const { width, height } = options;
  const innerWidth = width - MARGIN.left - MARGIN.right;
  const innerHeight = height - MARGIN.top - MARGIN.bottom;
  const svg = d3.select(svgElement).attr('viewBox', `0 0 ${width} ${height}`).style('font', theme.font);
  const root = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const grid = root.append('g').attr('class', 'grid');
  const xAxis = root.append('g').attr('transform', `translate(0,${innerHeight})`);
  const yAxis = root.append('g');
  const plot = root.append('g').attr('class', 'plot');
  root
    .append('text')
    .attr('x', innerWidth / 2)
    .attr('y', innerHeight + 30)
    .attr('text-anchor', 'middle')
    .attr('fill', theme.mutedText)
    .text(options.xLabel);
  root
    .append('text')
    .attr('transform', `translate(-36,${innerHeight / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('fill', theme.mutedText)
    .text(options.yLabel);

  const x = d3.scaleLinear().range([0, innerWidth]);
  const y = d3.scaleLinear().range([innerHeight, 0]);
  let drawnDomains = '';

  /** Axes and grid: redrawn only when a domain changes, which is rare while training. */
  const drawAxes = () => {
    const domains = `${x.domain().join()};${y.domain().join()}`;
    if (domains === drawnDomains) return;
    drawnDomains = domains;
    xAxis.call(d3.axisBottom(x).ticks(6).tickSizeOuter(0));
    yAxis.call(d3.axisLeft(y).ticks(5).tickSizeOuter(0));
    for (const axis of [xAxis, yAxis]) {
      axis.selectAll('text').attr('fill', theme.mutedText);
      axis.selectAll('line,path').attr('stroke', theme.axis);
    }
    grid
      .selectAll('line')
      .data(y.ticks(5))
      .join('line')
      .attr('x1', 0)
      .attr('x2', innerWidth)
      .attr('y1', (d) => y(d))
      .attr('y2', (d) => y(d))
      .attr('stroke', theme.grid);
  };

  return {
    update(series) {
      const allX = series.flatMap((s) => [s.xs[0] ?? 0, s.xs[s.xs.length - 1] ?? 0]);
      x.domain([Math.min(0, ...allX), roundUpAxisEnd(Math.max(...allX))]);
      if (options.yDomain) y.domain(options.yDomain);
      else {
        const extent = d3.extent(series.flatMap((s) => s.ys.filter(Number.isFinite)));
        y.domain([Math.min(0, extent[0] ?? 0), extent[1] ?? 1]).nice();
      }
      drawAxes();

      const lines = series.filter((s) => s.style !== 'points');
      plot
        .selectAll<SVGPathElement, LineSeries>('path')
        .data(lines, (s) => s.label)
        .join('path')
        .attr('fill', 'none')
        .attr('stroke', (s) => s.color)
        .attr('stroke-width', (s) => (s.style === 'faint' ? 1 : 2))
        .attr('stroke-opacity', (s) => (s.style === 'faint' ? 0.6 : 1))
        .attr('data-series', (s) => s.label)
        .attr('d', (s) => pathFor(s, x, y));
      const points = series.filter((s) => s.style === 'points').flatMap((s) => s.xs.map((px, i) => ({ s, px, py: s.ys[i] ?? NaN })));
      plot
        .selectAll<SVGCircleElement, (typeof points)[number]>('circle')
        .data(points)
        .join('circle')
        .attr('r', 4)
        .attr('fill', (p) => p.s.color)
        .attr('cx', (p) => x(p.px))
        .attr('cy', (p) => y(p.py));
    },
    destroy() {
      svg.selectAll('*').remove();
    },
  };
}

function pathFor(series: LineSeries, x: d3.ScaleLinear<number, number>, y: d3.ScaleLinear<number, number>): string {
  const stride = Math.max(1, Math.ceil(series.xs.length / MAX_POINTS));
  const indices: number[] = [];
  for (let i = 0; i < series.xs.length; i += stride) indices.push(i);
  if (series.xs.length > 0 && indices[indices.length - 1] !== series.xs.length - 1) indices.push(series.xs.length - 1);
  return (
    d3
      .line<number>()
      .defined((i) => Number.isFinite(series.ys[i]))
      .x((i) => x(series.xs[i] ?? 0))
      .y((i) => y(series.ys[i] ?? 0))(indices) ?? ''
  );
}
