import { useEffect, useRef } from 'react';
import { createLineChartRenderer, type LineSeries } from '../render/lineChart';
import { theme } from '../render/theme';
import type { AppState } from '../store/appStore';
import type { MetricsHistory } from '../store/metricsHistory';
import { CompareRuns } from './compare/CompareRuns';
import { useAppStoreApi } from './context';

interface ChartProps {
  title: string;
  yLabel: string;
  yDomain?: [number, number];
  toSeries(history: MetricsHistory): LineSeries[];
}

const lossSeries = (h: MetricsHistory): LineSeries[] => [
  { label: 'loss per batch', xs: h.steps, ys: h.loss, color: theme.series.raw, style: 'faint' },
  { label: 'loss (smoothed)', xs: h.steps, ys: h.smoothedLoss, color: theme.series.loss, style: 'line' },
  { label: 'validation loss', xs: h.validation.map((v) => v.step), ys: h.validation.map((v) => v.loss), color: theme.series.validation, style: 'points' },
];

const accuracySeries = (h: MetricsHistory): LineSeries[] => [
  { label: 'accuracy per batch', xs: h.steps, ys: h.accuracy, color: theme.series.raw, style: 'faint' },
  { label: 'accuracy (smoothed)', xs: h.steps, ys: h.smoothedAccuracy, color: theme.series.accuracy, style: 'line' },
  {
    label: 'validation accuracy',
    xs: h.validation.map((v) => v.step),
    ys: h.validation.map((v) => v.accuracy),
    color: theme.series.validation,
    style: 'points',
  },
];

/**
 * A d3 chart fed straight from the store's history: it subscribes outside React and redraws at
 * most once per animation frame, so per-batch data never re-renders a component.
 */
function MetricsChart({ title, yLabel, yDomain, toSeries }: ChartProps) {
  const store = useAppStoreApi();
  const svgRef = useRef<SVGSVGElement>(null);
  const summaryRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const renderer = createLineChartRenderer(svg, { width: 420, height: 160, xLabel: 'batch', yLabel, yDomain });
    let frame = 0;
    const draw = () => {
      frame = 0;
      const { history } = store.getState();
      const series = toSeries(history);
      renderer.update(series);
      svg.dataset.points = String(history.length);
      if (summaryRef.current) summaryRef.current.textContent = describe(series);
    };
    draw();
    const unsubscribe = store.subscribe((state: AppState, previous: AppState) => {
      if (state.historyVersion !== previous.historyVersion && frame === 0) frame = requestAnimationFrame(draw);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
      renderer.destroy();
    };
  }, [store, toSeries, yLabel, yDomain]);

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg ref={svgRef} role="img" aria-label={`${title} chart`} />
      <p ref={summaryRef} className="visually-hidden" aria-live="off" />
    </figure>
  );
}

function describe(series: readonly LineSeries[]): string {
  return series
    .map((s) => {
      const last = s.ys[s.ys.length - 1];
      return last === undefined ? `${s.label}: no data yet` : `${s.label}: ${last.toFixed(3)}`;
    })
    .join('; ');
}

const ACCURACY_DOMAIN: [number, number] = [0, 1];

export function MetricsCharts() {
  return (
    <section className="charts" aria-labelledby="charts-heading">
      <h2 id="charts-heading" className="visually-hidden">
        Learning curves
      </h2>
      <div className="compare-row">
        <CompareRuns />
      </div>
      <div className="chart-row">
        <MetricsChart title="Loss" yLabel="cross-entropy" toSeries={lossSeries} />
        <MetricsChart title="Accuracy" yLabel="accuracy" yDomain={ACCURACY_DOMAIN} toSeries={accuracySeries} />
      </div>
      <p className="legend">
        <span style={{ color: theme.series.raw }}>■</span> per batch <span style={{ color: theme.series.loss }}>■</span> smoothed loss{' '}
        <span style={{ color: theme.series.accuracy }}>■</span> smoothed accuracy <span style={{ color: theme.series.validation }}>●</span> validation
        (end of each epoch)
      </p>
    </section>
  );
}
