/**
 * Figure 9: what the live inside view costs training. The app trains on wasm with the feature maps
 * on screen; between spans it is paused and its Refresh select switched between 4 per second (the
 * default: every layer's outputs for the probe image fetched from the worker and drawn) and off, so
 * "on" and "off" spans interleave in one page and the machine's drift hits both alike. The spans are
 * figure 1's (lib/engineSpans). Budget: on / off >= 0.95.
 *
 * Before each span, while paused, the maps of the paused weights (which the app fetches on pausing)
 * must have been drawn, so no snapshot is on its way into an "off" span; an "on" span opens only
 * after a live snapshot has been drawn since Resume.
 */
import type { Browser, Page } from '@playwright/test';
import { stopTraining } from '../lib/appDriver';
import { newContext } from '../lib/browser';
import { openPausedAfterWarmup, pool, timeEngineSpan, Unavailable, type Rate } from '../lib/engineSpans';
import {
  CONVOLUTION_ANIMATION,
  DEFAULT_REFRESH_PER_SECOND,
  drawsBetween,
  FEATURE_MAPS,
  INSIDE_VIEW_VIEWPORT,
  openAnimation,
  recordDraws,
  setAnimationPlaying,
  setRefresh,
  waitForDrawAfterStep,
  waitForSettledDraws,
  type DrawnView,
} from '../lib/insideView';
import { describeError, log } from '../lib/log';
import type { BenchPlan, BenchPresetId, SpanPlan } from '../lib/plan';
import { lastStep } from '../lib/stepRecorder';

const BACKEND = 'wasm';
/** While paused, no draw for this long after the paused weights' maps: nothing is still on its way. */
const QUIET_MS = 150;
const SNAPSHOT_TIMEOUT_MS = 30_000;

export interface ViewSpan extends Rate {
  view: 'on' | 'off';
  /** The step the span opened at. */
  fromStep: number;
  /** Feature-map draws during the span (none expected when off). */
  draws: number;
}

export interface InsideViewCostRound {
  order: 'on-off' | 'off-on';
  on: ViewSpan;
  off: ViewSpan;
  /** on / off examples per second. */
  ratio: number;
}

export interface InsideViewCostRow {
  preset: BenchPresetId;
  backend: string;
  batchSize: number;
  /** Snapshots per second with the view on (the Refresh select's value). */
  refreshPerSecond: number;
  /** 'unavailable': wasm does not run here. */
  status: 'ok' | 'unavailable' | 'failed';
  reason?: string;
  /** Pooled over the rounds. */
  on?: Rate;
  off?: Rate;
  ratio?: number;
  /** Feature-map draws per second during "on" spans; draws during "off" spans (0 expected). */
  drawsPerSecond?: number;
  offDraws?: number;
  rounds?: InsideViewCostRound[];
}

/**
 * What "on" means; the default is figure 9. Other values are for looking into a result: another rate
 * or window size, or 0, an A/A check of the method (both spans off; on this 2-core VM it came out
 * 0.91 and 0.995 over 4 rounds of small-cnn, the noise floor of a 4-round run).
 */
export interface InsideViewSetup {
  refreshPerSecond: number;
  viewport: { width: number; height: number };
  /** What draws the snapshots; with the animation, "on" also plays it (at its default speed) and "off" pauses it. */
  view: DrawnView;
}

const FIGURE_9: InsideViewSetup = { refreshPerSecond: DEFAULT_REFRESH_PER_SECOND, viewport: INSIDE_VIEW_VIEWPORT, view: FEATURE_MAPS };
/** Figure 12: the convolution animation of layer 1 playing while the network trains. */
export const FIGURE_12: InsideViewSetup = { ...FIGURE_9, view: CONVOLUTION_ANIMATION };

async function timeViewSpan(page: Page, view: ViewSpan['view'], plan: SpanPlan, batchSize: number, setup: InsideViewSetup): Promise<ViewSpan> {
  const onRate = setup.refreshPerSecond;
  const pausedStep = await lastStep(page);
  await waitForSettledDraws(page, pausedStep, QUIET_MS, SNAPSHOT_TIMEOUT_MS);
  await setRefresh(page, view === 'on' ? onRate : 0);
  if (setup.view === CONVOLUTION_ANIMATION) await setAnimationPlaying(page, view === 'on');
  const goal = { minBatches: plan.minBatches, minMs: plan.minMs, timeoutMs: plan.timeoutMs };
  const firstSnapshot = view === 'on' && onRate > 0 ? async () => void (await waitForDrawAfterStep(page, pausedStep, SNAPSHOT_TIMEOUT_MS)) : undefined;
  const { rate, start, end } = await timeEngineSpan(page, batchSize, goal, firstSnapshot);
  return { view, ...rate, draws: await drawsBetween(page, start.t, end.t) };
}

async function timeRounds(page: Page, plan: SpanPlan, rounds: number, batchSize: number, setup: InsideViewSetup): Promise<InsideViewCostRound[]> {
  const timed: InsideViewCostRound[] = [];
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first, so a drift within a round favours neither.
    const order = round % 2 === 0 ? 'on-off' : 'off-on';
    const first = await timeViewSpan(page, order === 'on-off' ? 'on' : 'off', plan, batchSize, setup);
    const second = await timeViewSpan(page, order === 'on-off' ? 'off' : 'on', plan, batchSize, setup);
    const [on, off] = order === 'on-off' ? [first, second] : [second, first];
    timed.push({ order, on, off, ratio: on.examplesPerSecond / off.examplesPerSecond });
  }
  return timed;
}

async function measurePreset(browser: Browser, origin: string, preset: BenchPresetId, rounds: number, plan: BenchPlan, setup: InsideViewSetup): Promise<InsideViewCostRow> {
  const spanPlan = plan.speed[preset];
  const base = { preset, backend: BACKEND, batchSize: plan.batchSize, refreshPerSecond: setup.refreshPerSecond };
  const context = await newContext(browser, { viewport: setup.viewport });
  try {
    const page = await openPausedAfterWarmup(context, origin, {
      backend: BACKEND,
      preset,
      batchSize: plan.batchSize,
      warmupBatches: spanPlan.warmupBatches,
      timeoutMs: spanPlan.timeoutMs,
      prepare: async (p) => {
        if (setup.view === CONVOLUTION_ANIMATION) await openAnimation(p);
        await recordDraws(p, setup.view);
      },
    });
    const timed = await timeRounds(page, spanPlan, rounds, plan.batchSize, setup);
    await stopTraining(page);
    const on = pool(
      timed.map((r) => r.on),
      plan.batchSize,
    );
    const off = pool(
      timed.map((r) => r.off),
      plan.batchSize,
    );
    const onDraws = timed.reduce((a, r) => a + r.on.draws, 0);
    return {
      ...base,
      status: 'ok',
      on,
      off,
      ratio: on.examplesPerSecond / off.examplesPerSecond,
      drawsPerSecond: (onDraws * 1000) / on.ms,
      offDraws: timed.reduce((a, r) => a + r.off.draws, 0),
      rounds: timed,
    };
  } catch (error) {
    return { ...base, status: error instanceof Unavailable ? 'unavailable' : 'failed', reason: describeError(error) };
  } finally {
    await context.close();
  }
}

export async function measureInsideViewCost(browser: Browser, origin: string, plan: BenchPlan, setup = FIGURE_9): Promise<InsideViewCostRow[]> {
  const rows: InsideViewCostRow[] = [];
  for (const [preset, rounds] of Object.entries(plan.insideView) as [BenchPresetId, number][]) {
    const previous = rows.at(-1);
    const row: InsideViewCostRow =
      previous?.status === 'unavailable'
        ? { preset, backend: BACKEND, batchSize: plan.batchSize, refreshPerSecond: setup.refreshPerSecond, status: 'unavailable', reason: previous.reason }
        : await measurePreset(browser, origin, preset, rounds, plan, setup);
    const rates = row.ratio === undefined ? '' : `: on ${row.on?.examplesPerSecond.toFixed(0)} / off ${row.off?.examplesPerSecond.toFixed(0)} ex/s = ${row.ratio.toFixed(3)}, ${row.drawsPerSecond?.toFixed(1)} draws/s on, ${row.offDraws} off`;
    log(`${setup.view.region} ${preset}: ${row.status}${rates}${row.reason ? ` (${row.reason})` : ''}`);
    rows.push(row);
  }
  return rows;
}
