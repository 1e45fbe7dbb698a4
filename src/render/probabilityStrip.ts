/**
 * A thumbnail-sized version of the probability bars: ten bars, no text, the predicted class in
 * the bars' blue and the true class (when the answer is wrong) in their orange, so a gallery of
 * mistakes shows at a glance how sure the network was and what it should have said.
 */
import * as d3 from 'd3';
import { argmax } from './probabilityBars';
import { theme } from './theme';

export interface ProbabilityStripData {
  /** The classes' probabilities. */
  probabilities: ArrayLike<number>;
  label: number;
}

export interface ProbabilityStripRenderer {
  update(data: ProbabilityStripData): void;
  destroy(): void;
}

export function createProbabilityStripRenderer(svgElement: SVGSVGElement, size: { width: number; height: number }): ProbabilityStripRenderer {
  const svg = d3.select(svgElement).attr('viewBox', `0 0 ${size.width} ${size.height}`).attr('width', size.width).attr('height', size.height);
  const base = svg.append('line').attr('x1', 0).attr('x2', size.width).attr('y1', size.height - 0.5).attr('y2', size.height - 0.5).attr('stroke', theme.axis);
  const bars = svg.append('g');
  return {
    update({ probabilities, label }) {
      const classes = d3.range(probabilities.length);
      const x = d3.scaleBand<number>().domain(classes).range([0, size.width]).padding(0.15);
      const y = d3.scaleLinear().domain([0, 1]).range([size.height - 1, 0]).clamp(true);
      const p = (c: number) => {
        const v = probabilities[c] ?? 0;
        return Number.isFinite(v) ? v : 0;
      };
      const predicted = argmax(probabilities);
      const colour = theme.probability;
      bars
        .selectAll('rect')
        .data(classes)
        .join('rect')
        .attr('x', (c) => x(c) ?? 0)
        .attr('width', x.bandwidth())
        // At least a sliver, so the true class shows even when the network gave it nothing.
        .attr('y', (c) => Math.min(y(p(c)), size.height - 2.5))
        .attr('height', (c) => Math.max(size.height - 1 - y(p(c)), 1.5))
        .attr('fill', (c) => (c === predicted ? colour.predicted : c === label ? colour.label : colour.other));
      base.raise();
    },
    destroy() {
      svg.selectAll('*').remove();
    },
  };
}
