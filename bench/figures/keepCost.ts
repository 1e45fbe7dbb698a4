/**
 * Figure 14: keeping the work, on the classic CNN. What one checkpoint costs (reading the weights
 * from the engine, writing them to IndexedDB), taken at each Pause between timed training spans;
 * training speed from those spans, so the cost per epoch is a ratio against a rate measured in the
 * same run; and, after a reload, how long the restore takes once the engine is up.
 */
import type { Browser, Page } from '@playwright/test';
import { EPOCHS_RANGE } from '../../src/core/training/training';
import { chooseSettings, openApp, pauseTraining, READY_TEXT, readBackend, startTraining, stopTraining } from '../lib/appDriver';
import { newContext } from '../lib/browser';
import { pool, timeEngineSpan } from '../lib/engineSpans';
import { log } from '../lib/log';
import type { BenchPlan } from '../lib/plan';
import { quantile } from '../lib/stats';
import { recordSteps, waitForSpan } from '../lib/stepRecorder';

const PRESET = 'mnist-cnn';
const TRAIN_EXAMPLES = 55_000;

export interface KeepCostFigure {
  preset: string;
  backend: string;
  batchSize: number;
  checkpoints: number;
  weightBytes: number;
  captureMs: { median: number; max: number };
  writeMs: { median: number; max: number };
  examplesPerSecond: number;
  /** One epoch's training time at that rate. */
  epochMs: number;
  /** Training speed with one checkpoint per epoch over without: epoch / (epoch + checkpoint). */
  ratio: number;
  restore: { readMs: number; applyMs: number };
}

type Timing = { captureMs: number; writeMs: number; bytes: number };

const timings = (page: Page) => page.evaluate(() => (window.kernelscopeCheckpoints?.timings ?? []) as Timing[]);

async function waitForCheckpoints(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => (window.kernelscopeCheckpoints?.timings.length ?? 0) >= n, count, { timeout: 60_000 });
}

export async function measureKeepCost(browser: Browser, origin: string, plan: BenchPlan): Promise<KeepCostFigure> {
  const context = await newContext(browser);
  try {
    const page = await openApp(context, origin, plan.appBackend ?? undefined);
    const { name: backend } = await readBackend(page);
    await chooseSettings(page, PRESET, plan.batchSize, EPOCHS_RANGE.max);
    await recordSteps(page);
    await startTraining(page);
    const goal = plan.speed[PRESET];
    await waitForSpan(page, { fromStep: goal.warmupBatches, minSteps: 0, minMs: 0, timeoutMs: goal.timeoutMs });
    await pauseTraining(page);
    await waitForCheckpoints(page, 1);
    const rates = [];
    for (let i = 0; i < plan.keep.checkpoints; i++) {
      rates.push((await timeEngineSpan(page, plan.batchSize, goal)).rate);
      // Each span ends with a Pause, which writes a checkpoint.
      await waitForCheckpoints(page, i + 2);
    }
    const taken = await timings(page);
    await stopTraining(page);
    // Stop after a Pause has the same weights: nothing new to write, but let any write finish before the reload.
    await page.evaluate(() => window.kernelscopeCheckpoints?.flush());

    await page.reload();
    await page.getByText(READY_TEXT).waitFor({ timeout: 90_000 });
    await page.getByText(/^Restored the trained model/).waitFor({ timeout: 60_000 });
    const restore = await page.evaluate(() => window.kernelscopeCheckpoints?.restoreTimings ?? null);
    if (!restore) throw new Error('The page restored no checkpoint timings.');

    const median = (values: number[]) => quantile(values, 0.5);
    const capture = taken.map((t) => t.captureMs);
    const write = taken.map((t) => t.writeMs);
    const { examplesPerSecond } = pool(rates, plan.batchSize);
    const epochMs = (TRAIN_EXAMPLES / examplesPerSecond) * 1000;
    const checkpointMs = median(capture) + median(write);
    const figure: KeepCostFigure = {
      preset: PRESET,
      backend,
      batchSize: plan.batchSize,
      checkpoints: taken.length,
      weightBytes: taken[0]?.bytes ?? 0,
      captureMs: { median: median(capture), max: Math.max(...capture) },
      writeMs: { median: median(write), max: Math.max(...write) },
      examplesPerSecond,
      epochMs,
      ratio: epochMs / (epochMs + checkpointMs),
      restore,
    };
    log(`checkpoint: ${(figure.weightBytes / 1e6).toFixed(2)} MB, capture ${figure.captureMs.median.toFixed(1)} ms, write ${figure.writeMs.median.toFixed(1)} ms; restore ${restore.readMs.toFixed(1)} + ${restore.applyMs.toFixed(1)} ms`);
    return figure;
  } finally {
    await context.close();
  }
}
