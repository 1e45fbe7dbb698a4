/**
 * Timed spans of the real app's training (figures 1 and 9): the app trains through its warm-up and
 * is paused; each span resumes it (Resume, as a person would press it), waits until the status bar's
 * reports cover enough batches and milliseconds, and pauses it again. Between spans the caller
 * changes whatever it compares (the bare loop runs, the inside view's Refresh is switched).
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { DatasetDescription } from '../../src/core/dataset/description';
import { EPOCHS_RANGE } from '../../src/core/training/training';
import { chooseDataset, chooseSettings, openApp, pauseTraining, readBackend, resumeTraining, startTraining } from './appDriver';
import { lastStep, recordSteps, waitForSpan, type StepMark } from './stepRecorder';

export interface Rate {
  examplesPerSecond: number;
  batches: number;
  ms: number;
}

/** The backend does not run here (another one runs instead): a fact to report, not a failure. */
export class Unavailable extends Error {}

/** Pools spans: total examples over total time. */
export function pool(rates: readonly Rate[], batchSize: number): Rate {
  const batches = rates.reduce((a, r) => a + r.batches, 0);
  const ms = rates.reduce((a, r) => a + r.ms, 0);
  return { batches, ms, examplesPerSecond: (batches * batchSize * 1000) / ms };
}

export interface WarmSession {
  backend: string;
  preset: string;
  batchSize: number;
  warmupBatches: number;
  timeoutMs: number;
  /** Chosen in Dataset first; MNIST when absent. */
  dataset?: DatasetDescription;
  /** Runs on the open app before Train is pressed (after the preset and batch size are chosen). */
  prepare?: (page: Page) => Promise<void>;
}

/**
 * Opens the app on `backend` (throws Unavailable when another backend runs), chooses the dataset, the preset, the
 * batch size and enough epochs that training never ends between spans, trains `warmupBatches` and
 * pauses. Returns the paused page, its steps recorded.
 */
export async function openPausedAfterWarmup(context: BrowserContext, origin: string, session: WarmSession): Promise<Page> {
  const page = await openApp(context, origin, session.backend);
  const running = await readBackend(page);
  if (running.name !== session.backend) throw new Unavailable(`asked for ${session.backend}, the engine runs ${running.name} (${running.reason})`);
  if (session.dataset) await chooseDataset(page, session.dataset);
  // Spans skip the validation between epochs.
  await chooseSettings(page, session.preset, session.batchSize, EPOCHS_RANGE.max);
  await session.prepare?.(page);
  await recordSteps(page);
  await startTraining(page);
  await waitForSpan(page, { fromStep: session.warmupBatches, minSteps: 0, minMs: 0, timeoutMs: session.timeoutMs });
  await pauseTraining(page);
  return page;
}

export interface EngineSpan {
  /** `fromStep`: the step the span opened at. */
  rate: Rate & { fromStep: number };
  start: StepMark;
  end: StepMark;
}

export interface EngineSpanGoal {
  minBatches: number;
  minMs: number;
  timeoutMs: number;
}

/**
 * Resumes the paused app, times one span of at least `minBatches` batches and `minMs`, pauses again.
 * `afterResume` runs once training has resumed; the span then opens at the first report after it.
 * `beforePause` runs when the span has closed, before Pause is pressed (to free the mouse, say).
 */
export async function timeEngineSpan(
  page: Page,
  batchSize: number,
  goal: EngineSpanGoal,
  afterResume?: () => Promise<void>,
  beforePause?: () => Promise<void>,
): Promise<EngineSpan> {
  let fromStep = (await lastStep(page)) + 1;
  await resumeTraining(page);
  if (afterResume) {
    await afterResume();
    fromStep = (await lastStep(page)) + 1;
  }
  const { start, end } = await waitForSpan(page, { fromStep, minSteps: goal.minBatches, minMs: goal.minMs, timeoutMs: goal.timeoutMs });
  await beforePause?.();
  await pauseTraining(page);
  const batches = end.step - start.step;
  const ms = end.t - start.t;
  return { rate: { examplesPerSecond: (batches * batchSize * 1000) / ms, batches, ms, fromStep: start.step }, start, end };
}
