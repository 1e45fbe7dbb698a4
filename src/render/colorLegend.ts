import * as d3 from 'd3';
import type { ColorScale } from './colorScale';
import { theme } from './theme';

export interface ColorLegendOptions {
  width: number;
  /** Defaults to 48 with a label, 34 without. */
  height?: number;
  label?: string;
}

export interface ColorLegendRenderer {
  update(scale: ColorScale): void;
  destroy(): void;
}

const MARGIN_X = 16;
const BAR_HEIGHT = 10;
const LABEL_HEIGHT = 16;
const GRADIENT_STOPS = 16;
let instances = 0;

/**
 * Tick values for a legend over `domain`: both ends, plus round ticks between them that are not too
 * close to an end to be read. A symmetric (diverging) domain always gets 0 in the middle.
 */
export function legendTicks(domain: readonly [number, number], count = 3): number[] {
  const [lo, hi] = domain;
  if (!(hi > lo)) return Number.isFinite(lo) ? [lo] : [];
  // End labels such as "0.723" take about a fifth of a 150 px legend.
  const minGap = (hi - lo) * 0.22;
  const inner = d3.ticks(lo, hi, count).filter((t) => t - lo > minGap && hi - t > minGap);
  return [lo, ...inner, hi];
}

const fixed = d3.format('.3~r');
const exponent = d3.format('.2~e');

/** A short label for a value: 3 significant digits, exponent notation for very large or small ones. */
export function formatLegendValue(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? exponent(v) : fixed(v);
}

/** Draws a horizontal gradient bar for a ColorScale, with its numeric range on an axis under it. */
export function createColorLegendRenderer(svgElement: SVGSVGElement, options: ColorLegendOptions): ColorLegendRenderer {
  const { width, label } = options;
  const height = options.height ?? (label ? 48 : 34);
  const barWidth = Math.max(1, width - 2 * MARGIN_X);
  const barTop = label ? LABEL_HEIGHT : 2;
  const gradientId = `ks-color-legend-${++instances}`;

  const svg = d3.select(svgElement).attr('viewBox', `0 0 ${width} ${height}`).style('font', theme.font);
  const gradient = svg
    .append('defs')
    .append('linearGradient')
    .attr('id', gradientId)
    .attr('x1', '0%')
    .attr('x2', '100%')
    .attr('y1', '0%')
    .attr('y2', '0%');
  const stops = gradient
    .selectAll('stop')
    .data(d3.range(GRADIENT_STOPS))
    .join('stop')
    .attr('offset', (i) => `${(100 * i) / (GRADIENT_STOPS - 1)}%`);
  const root = svg.append('g').attr('transform', `translate(${MARGIN_X},0)`);
  if (label) {
    root.append('text').attr('x', 0).attr('y', 12).attr('fill', theme.text).text(label);
  }
  root
    .append('rect')
    .attr('y', barTop)
    .attr('width', barWidth)
    .attr('height', BAR_HEIGHT)
    .attr('fill', `url(#${gradientId})`)
    .attr('stroke', theme.grid);
  const axis = root.append('g').attr('transform', `translate(0,${barTop + BAR_HEIGHT})`);
  const x = d3.scaleLinear().range([0, barWidth]);
  let drawn = '';

  return {
    update(scale) {
      // Keyed by what the legend shows, not the exact domain: while training, ranges drift every
      // refresh, and redrawing an axis whose labels read the same only costs paint.
      const ticks = legendTicks(scale.domain);
      const key = `${scale.kind};${ticks.map(formatLegendValue).join()}`;
      if (key === drawn) return;
      drawn = key;
      const lut = scale.lut;
      stops.attr('stop-color', (i) => {
        const j = Math.round((i * 255) / (GRADIENT_STOPS - 1)) * 4;
        return d3.rgb(lut[j] ?? 0, lut[j + 1] ?? 0, lut[j + 2] ?? 0).formatHex();
      });
      x.domain(scale.domain);
      axis.call(d3.axisBottom(x).tickValues(ticks).tickFormat((v) => formatLegendValue(+v)).tickSizeOuter(0));
      axis.select('.domain').remove();
      axis.selectAll('text').attr('fill', theme.mutedText);
      axis.selectAll('line').attr('stroke', theme.axis);
    },
    destroy() {
      svg.selectAll('*').remove();
    },
  };
}
