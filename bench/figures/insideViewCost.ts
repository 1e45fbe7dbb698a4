/**
 * Figure 9: what the live inside view costs training. The app trains on wasm; between spans it is
 * paused and its Refresh select switched between 4 per second (the default: every layer's feature
 * maps fetched from the worker and drawn) and off, so "on" and "off" spans interleave in one page and
 * the machine's drift cancels. Budget: on / off >= 0.95.
 */
import type { Browser, Page } from '@playwright/test';
import { EPOCHS_RANGE } from '../../src/core/training';
import { chooseSettings, openApp, pauseTraining, readBackend, resumeTraining, startTraining, stopTraining } from '../lib/appDriver';
import { newContext } from '../lib/browser';
import { drawsBetween, recordDraws, setRefresh } from '../lib/insideView';
import { log } from '../lib/log';
import type { BenchPlan, BenchPresetId, SpanPlan } from '../lib/plan';
import { lastStep, recordSteps, waitForSpan } from '../lib/stepRecorder';

const ON_RATE = 4;
const BACKEND = 'wasm';

export interface ViewSpan {
  view: 'on' | 'off';
  batches: number;
  ms: number;
  examplesPerSecond: number;
  /** Feature-map draws during the span. */
  draws: number;
}

export interface InsideViewCostRow {
  preset: BenchPresetId;
  backend: string;
  batchSize: number;
  spans: ViewSpan[];
  /** Pooled examples/s with the view refreshing, and with it off. */
  onExamplesPerSecond: number;
  offExamplesPerSecond: number;
  ratio: number;
  /** Per round (one on span and one off span): on / off. */
  roundRatios: number[];
  drawsPerSecond: number;
}

async function timeSpan(page: Page, view: 'on' | 'off', plan: SpanPlan, batchSize: number): Promise<ViewSpan> {
  await setRefresh(page, view === 'on' ? ON_RATE : 0);
  const fromStep = (await lastStep(page)) + 1;
  await resumeTraining(page);
  const { start, end } = await waitForSpan(page, { fromStep, minSteps: plan.minBatches, minMs: plan.minMs, timeoutMs: plan.timeoutMs });
  await pauseTraining(page);
  const batches = end.step - start.step;
  const ms = end.t - start.t;
  return { view, batches, ms, examplesPerSecond: (batches * batchSize * 1000) / ms, draws: await drawsBetween(page, start.t, end.t) };
}

const pooled = (spans: readonly ViewSpan[], batchSize: number) => {
  const batches = spans.reduce((a, s) => a + s.batches, 0);
  const ms = spans.reduce((a, s) => a + s.ms, 0);
  return (batches * batchSize * 1000) / ms;
};

async function measurePreset(browser: Browser, origin: string, preset: BenchPresetId, plan: BenchPlan): Promise<InsideViewCostRow> {
  const spanPlan = plan.speed[preset];
  const rounds = plan.insideView[preset] ?? 0;
  const context = await newContext(browser);
  try {
    const page = await openApp(context, origin, BACKEND);
    const { name: backend } = await readBackend(page);
    await chooseSettings(page, preset, plan.batchSize, EPOCHS_RANGE.max);
    await recordSteps(page);
    await recordDraws(page);
    await startTraining(page);
    await waitForSpan(page, { fromStep: spanPlan.warmupBatches, minSteps: 0, minMs: 0, timeoutMs: spanPlan.timeoutMs });
    await pauseTraining(page);
    const spans: ViewSpan[] = [];
    for (let round = 0; round < rounds; round++) {
      // Alternate which goes first, so a drift within a round favours neither.
      const order: ('on' | 'off')[] = round % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
      for (const view of order) spans.push(await timeSpan(page, view, spanPlan, plan.batchSize));
    }
    await stopTraining(page);
    const on = spans.filter((s) => s.view === 'on');
    const off = spans.filter((s) => s.view === 'off');
    const onRate = pooled(on, plan.batchSize);
    const offRate = pooled(off, plan.batchSize);
    const onMs = on.reduce((a, s) => a + s.ms, 0);
    const row: InsideViewCostRow = {
      preset,
      backend,
      batchSize: plan.batchSize,
      spans,
      onExamplesPerSecond: onRate,
      offExamplesPerSecond: offRate,
      ratio: onRate / offRate,
      roundRatios: on.map((s, i) => s.examplesPerSecond / (off[i]?.examplesPerSecond ?? NaN)),
      drawsPerSecond: (on.reduce((a, s) => a + s.draws, 0) * 1000) / onMs,
    };
    log(`inside view ${preset}: on ${onRate.toFixed(0)} / off ${offRate.toFixed(0)} ex/s = ${row.ratio.toFixed(3)}, ${row.drawsPerSecond.toFixed(1)} draws/s`);
    return row;
  } finally {
    await context.close();
  }
}

export async function measureInsideViewCost(browser: Browser, origin: string, plan: BenchPlan): Promise<InsideViewCostRow[]> {
  const rows: InsideViewCostRow[] = [];
  for (const preset of Object.keys(plan.insideView) as BenchPresetId[]) rows.push(await measurePreset(browser, origin, preset, plan));
  return rows;
}
