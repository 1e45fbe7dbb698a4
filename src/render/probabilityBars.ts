import * as d3 from 'd3';
import { theme } from './theme';

export interface ProbabilityBarsOptions {
  width: number;
  height: number;
}

export interface ProbabilityBarsData {
  /** One probability per class (softmax output); missing or non-finite entries count as 0. */
  probabilities: Float32Array;
  /** The true class, when known. */
  label?: number | null;
  /** One name per class ("7", "Sneaker"); the bars follow its length. */
  classNames: readonly string[];
}

export interface ProbabilityBarsRenderer {
  update(data: ProbabilityBarsData): void;
  destroy(): void;
}

/** Columns with the name underneath fit names this short ("7"); longer names get a row each. */
const COLUMN_NAME_LENGTH = 2;
const COLUMN_MARGIN = { top: 18, right: 4, bottom: 20, left: 4 };
const ROW_HEIGHT = 13;
const ROW_MARGIN = { top: 2, right: 34, bottom: 2, left: 66 };
/** Roughly how wide one character of a 10 px row label is, so the longest name fits left of the bars. */
const ROW_CHAR_WIDTH = 5.6;

/** The row layout's margins: the left one as wide as the longest name needs, up to half the picture. */
function rowMargin(names: readonly string[], width: number): typeof ROW_MARGIN {
  const longest = Math.max(0, ...names.map((name) => name.length));
  return { ...ROW_MARGIN, left: Math.round(Math.min(width / 2, Math.max(ROW_MARGIN.left, longest * ROW_CHAR_WIDTH + 6))) };
}

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

/** What one layout draws: the shared update, given the class probabilities and the marked classes. */
interface Layout {
  draw(p: (c: number) => number, predicted: number, marked: number | null): void;
}

/** Ten short names: a column per class, the name underneath (the digit pad's familiar picture). */
function columnLayout(root: d3.Selection<SVGGElement, unknown, null, undefined>, classes: number[], names: readonly string[], width: number, height: number): Layout {
  const innerWidth = Math.max(1, width - COLUMN_MARGIN.left - COLUMN_MARGIN.right);
  const innerHeight = Math.max(1, height - COLUMN_MARGIN.top - COLUMN_MARGIN.bottom);
  const x = d3.scaleBand<number>().domain(classes).range([0, innerWidth]).padding(0.2);
  const y = d3.scaleLinear().domain([0, 1]).range([innerHeight, 0]).clamp(true);
  const colors = theme.probability;
  root.append('line').attr('x1', 0).attr('x2', innerWidth).attr('y1', innerHeight).attr('y2', innerHeight).attr('stroke', theme.axis);
  // The true-class marker: an outline around the whole column, visible even when its bar is tiny.
  const marker = root.append('rect').attr('y', -2).attr('width', x.step()).attr('height', innerHeight + COLUMN_MARGIN.bottom)
    .attr('fill', 'none').attr('stroke', colors.label).attr('stroke-width', 2).attr('rx', 3).attr('display', 'none');
  const bars = root.append('g').selectAll('rect').data(classes).join('rect')
    .attr('x', (c) => x(c) ?? 0).attr('width', x.bandwidth()).attr('y', innerHeight).attr('height', 0).attr('data-class', (c) => c);
  const titles = bars.append('title');
  const labels = root.append('g').selectAll('text').data(classes).join('text')
    .attr('x', (c) => (x(c) ?? 0) + x.bandwidth() / 2).attr('y', innerHeight + 14).attr('text-anchor', 'middle').text((c) => names[c] ?? String(c));
  const percent = root.append('text').attr('text-anchor', 'middle').attr('fill', theme.text);
  return {
    draw(p, predicted, marked) {
      bars.attr('y', (c) => y(p(c))).attr('height', (c) => innerHeight - y(p(c))).attr('fill', (c) => (c === predicted ? colors.predicted : colors.other));
      titles.text((c) => `${names[c] ?? c}: ${formatPercent(p(c))}`);
      labels.attr('fill', (c) => (c === predicted ? theme.text : theme.mutedText)).attr('font-weight', (c) => (c === predicted ? 'bold' : null));
      if (predicted >= 0) {
        percent.attr('display', null).attr('x', (x(predicted) ?? 0) + x.bandwidth() / 2).attr('y', y(p(predicted)) - 4).text(formatPercent(p(predicted)));
      } else percent.attr('display', 'none');
      marker.attr('display', marked === null ? 'none' : null);
      if (marked !== null) marker.attr('x', (x(marked) ?? 0) - (x.step() - x.bandwidth()) / 2);
    },
  };
}

/** Names longer than a digit ("Ankle boot"): a row per class, the name on the left and the percentage after the bar. */
function rowLayout(root: d3.Selection<SVGGElement, unknown, null, undefined>, classes: number[], names: readonly string[], width: number, margin: typeof ROW_MARGIN): Layout {
  const innerWidth = Math.max(1, width - margin.left - margin.right);
  const y = d3.scaleBand<number>().domain(classes).range([0, classes.length * ROW_HEIGHT]).padding(0.18);
  const x = d3.scaleLinear().domain([0, 1]).range([0, innerWidth]).clamp(true);
  const colors = theme.probability;
  const marker = root.append('rect').attr('x', -margin.left + 1).attr('width', width - 2).attr('height', y.step())
    .attr('fill', 'none').attr('stroke', colors.label).attr('stroke-width', 1.5).attr('rx', 3).attr('display', 'none');
  root.append('line').attr('x1', 0).attr('x2', 0).attr('y1', 0).attr('y2', classes.length * ROW_HEIGHT).attr('stroke', theme.axis);
  const bars = root.append('g').selectAll('rect').data(classes).join('rect')
    .attr('x', 0).attr('y', (c) => y(c) ?? 0).attr('height', y.bandwidth()).attr('width', 0).attr('data-class', (c) => c);
  const titles = bars.append('title');
  const rowText = (anchor: 'end' | 'start') => root.append('g').selectAll('text').data(classes).join('text')
    .attr('y', (c) => (y(c) ?? 0) + y.bandwidth() / 2).attr('dominant-baseline', 'central').attr('text-anchor', anchor).attr('font-size', 10);
  const labels = rowText('end').attr('x', -4).text((c) => names[c] ?? String(c));
  const percents = rowText('start');
  return {
    draw(p, predicted, marked) {
      bars.attr('width', (c) => x(p(c))).attr('fill', (c) => (c === predicted ? colors.predicted : colors.other));
      titles.text((c) => `${names[c] ?? c}: ${formatPercent(p(c))}`);
      labels.attr('fill', (c) => (c === predicted ? theme.text : theme.mutedText)).attr('font-weight', (c) => (c === predicted ? 'bold' : null));
      percents.attr('x', (c) => x(p(c)) + 3).attr('fill', (c) => (c === predicted ? theme.text : theme.mutedText)).text((c) => (p(c) >= 0.005 ? formatPercent(p(c)) : ''));
      marker.attr('display', marked === null ? 'none' : null);
      if (marked !== null) marker.attr('y', (y(marked) ?? 0) - (y.step() - y.bandwidth()) / 2);
    },
  };
}

/**
 * Draws the class probabilities as bars, the predicted class highlighted and a wrong answer's true
 * class outlined, into an SVG element the caller owns. Short class names (digits) stand under a
 * column each within `width` x `height`; longer ones get a row each, and the picture grows to fit
 * them (the element's aspect ratio follows).
 */
export function createProbabilityBarsRenderer(svgElement: SVGSVGElement, options: ProbabilityBarsOptions): ProbabilityBarsRenderer {
  const svg = d3.select(svgElement).style('font', theme.font);
  let layout: Layout | null = null;
  let namesKey: string | null = null;
  const build = (names: readonly string[]) => {
    svg.selectAll('*').remove();
    const classes = d3.range(names.length);
    const columns = names.every((name) => name.length <= COLUMN_NAME_LENGTH);
    const { width } = options;
    const height = columns ? options.height : names.length * ROW_HEIGHT + ROW_MARGIN.top + ROW_MARGIN.bottom;
    const margin = columns ? COLUMN_MARGIN : rowMargin(names, width);
    svg.attr('viewBox', `0 0 ${width} ${height}`).style('aspect-ratio', `${width} / ${height}`);
    svgElement.dataset.layout = columns ? 'columns' : 'rows';
    const root = svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`);
    layout = columns ? columnLayout(root, classes, names, width, height) : rowLayout(root, classes, names, width, margin);
  };

  return {
    update({ probabilities, label, classNames }) {
      const key = classNames.join('\n');
      if (key !== namesKey || !layout) {
        namesKey = key;
        build(classNames);
      }
      const classes = classNames.length;
      const p = (c: number) => {
        const v = probabilities[c] ?? 0;
        return Number.isFinite(v) ? v : 0;
      };
      const predicted = argmax(probabilities.subarray(0, classes));
      const marked = label != null && label !== predicted && label >= 0 && label < classes ? label : null;
      layout?.draw(p, predicted, marked);
      svgElement.dataset.predicted = String(predicted);
    },
    destroy() {
      svg.selectAll('*').remove();
      delete svgElement.dataset.predicted;
      delete svgElement.dataset.layout;
    },
  };
}
