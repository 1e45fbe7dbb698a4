/** Small statistics over samples (ms). */

/** The q-quantile (0..1) by linear interpolation between order statistics; NaN when empty. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] ?? NaN;
  const b = sorted[upper] ?? NaN;
  return a + (b - a) * (position - lower);
}

export interface LatencySummary {
  calls: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

export function summarizeLatencies(samples: readonly number[]): LatencySummary {
  return {
    calls: samples.length,
    medianMs: quantile(samples, 0.5),
    p95Ms: quantile(samples, 0.95),
    maxMs: samples.length ? Math.max(...samples) : NaN,
  };
}
