import * as d3 from 'd3';
import { theme } from './theme';

export interface ProbabilityBarsOptions {
  width: number;
  height: number;
}

export interface ProbabilityBarsData {
  /** One probability per class 0..9 (softmax output); missing or non-finite entries count as 0. */
  probabilities: Float32Array;
  /** The true class, when known. */
  label?: number | null;
}

export interface ProbabilityBarsRenderer {
  update(data: ProbabilityBarsData): void;
  destroy(): void;
}

const CLASSES = d3.range(10);
const MARGIN = { top: 18, right: 4, bottom: 20, left: 4 };

/** Index of the largest finite entry (the first on ties); -1 when there is none. */
export function argmax(values: ArrayLike<number>): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? NaN;
    if (Number.isFinite(v) && (best < 0 || v > bestValue)) {
      best = i;
      bestValue = v;
    }
  }
  return best;
}

/** A probability as a percentage: "93.4%", "100%", "0.2%". */
export function formatPercent(p: number): string {
  const pct = Math.min(100, Math.max(0, Number.isFinite(p) ? p * 100 : 0));
  return `${Number(pct.toFixed(1))}%`;
}

/** Draws the 10 class probabilities as bars, the predicted class highlighted, into an SVG element the caller owns. */
export function createProbabilityBarsRenderer(svgElement: SVGSVGElement, options: ProbabilityBarsOptions): ProbabilityBarsRenderer {
  const { width, height } = options;
  const innerWidth = Math.max(1, width - MARGIN.left - MARGIN.right);
  const innerHeight = Math.max(1, height - MARGIN.top - MARGIN.bottom);
  const svg = d3.select(svgElement).attr('viewBox', `0 0 ${width} ${height}`).style('font', theme.font);
  const root = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const x = d3.scaleBand<number>().domain(CLASSES).range([0, innerWidth]).padding(0.2);
  const y = d3.scaleLinear().domain([0, 1]).range([innerHeight, 0]).clamp(true);
  const colors = theme.probability;

  root
    .append('line')
    .attr('x1', 0)
    .attr('x2', innerWidth)
    .attr('y1', innerHeight)
    .attr('y2', innerHeight)
    .attr('stroke', theme.axis);
  // The true-class marker: an outline around the whole column, visible even when its bar is tiny.
  const marker = root
    .append('rect')
    .attr('y', -2)
    .attr('width', x.step())
    .attr('height', innerHeight + MARGIN.bottom)
    .attr('fill', 'none')
    .attr('stroke', colors.label)
    .attr('stroke-width', 2)
    .attr('rx', 3)
    .attr('display', 'none');
  const bars = root
    .append('g')
    .selectAll('rect')
    .data(CLASSES)
    .join('rect')
    .attr('x', (c) => x(c) ?? 0)
    .attr('width', x.bandwidth())
    .attr('y', innerHeight)
    .attr('height', 0)
    .attr('data-class', (c) => c);
  const titles = bars.append('title');
  const digits = root
    .append('g')
    .selectAll('text')
    .data(CLASSES)
    .join('text')
    .attr('x', (c) => (x(c) ?? 0) + x.bandwidth() / 2)
    .attr('y', innerHeight + 14)
    .attr('text-anchor', 'middle')
    .text((c) => c);
  const percent = root.append('text').attr('text-anchor', 'middle').attr('fill', theme.text);

  return {
    update({ probabilities, label }) {
      const p = (c: number) => {
        const v = probabilities[c] ?? 0;
        return Number.isFinite(v) ? v : 0;
      };
      const predicted = argmax(probabilities.subarray(0, CLASSES.length));
      bars
        .attr('y', (c) => y(p(c)))
        .attr('height', (c) => innerHeight - y(p(c)))
        .attr('fill', (c) => (c === predicted ? colors.predicted : colors.other));
      titles.text((c) => `${c}: ${formatPercent(p(c))}`);
      digits
        .attr('fill', (c) => (c === predicted ? theme.text : theme.mutedText))
        .attr('font-weight', (c) => (c === predicted ? 'bold' : null));
      if (predicted >= 0) {
        percent
          .attr('display', null)
          .attr('x', (x(predicted) ?? 0) + x.bandwidth() / 2)
          .attr('y', y(p(predicted)) - 4)
          .text(formatPercent(p(predicted)));
      } else percent.attr('display', 'none');
      const marked = label != null && label !== predicted && CLASSES.includes(label);
      marker.attr('display', marked ? null : 'none');
      if (marked) marker.attr('x', (x(label) ?? 0) - (x.step() - x.bandwidth()) / 2);
      svgElement.dataset.predicted = String(predicted);
    },
    destroy() {
      svg.selectAll('*').remove();
      delete svgElement.dataset.predicted;
    },
  };
}
