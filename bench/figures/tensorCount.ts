/**
 * Figure 6 (a correctness check): live tensors in the engine's worker must not grow with training.
 * Counted while paused (pending metrics flushed), after a warm-up and again after N more steps of the
 * same session, so the model, its optimizer slots and the checkpoints are alive both times.
 */
import type { Browser, Page } from '@playwright/test';
import { chooseSettings, openApp, readBackend, startTraining, stopTraining, trainingControls } from '../lib/appDriver';
import { newContext } from '../lib/browser';
import type { BenchPlan } from '../lib/plan';
import { readMarks, recordSteps, waitForSpan } from '../lib/stepRecorder';

export interface TensorFigure {
  backend: string;
  preset: string;
  batchSize: number;
  /** Before Train was pressed (no model yet): for reference only. */
  idle: number;
  before: { step: number; tensors: number };
  after: { step: number; tensors: number };
  equal: boolean;
}

const WARMUP_STEPS = 5;

function tensorCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const controller = window.kernelscope;
    if (!controller) throw new Error('window.kernelscope is missing.');
    return (await controller.handle).api.tensorCount();
  });
}

/** Pauses through the UI and returns the step the engine paused at. */
async function pauseAndReadStep(page: Page): Promise<number> {
  await trainingControls(page).getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 60_000 });
  return (await readMarks(page)).at(-1)?.step ?? 0;
}

export async function measureTensorCount(browser: Browser, origin: string, plan: BenchPlan): Promise<TensorFigure> {
  const { batchSize, steps, timeoutMs } = plan.tensors;
  const preset = 'small-cnn';
  const context = await newContext(browser);
  try {
    const page = await openApp(context, origin, plan.appBackend ?? undefined);
    const { name: backend } = await readBackend(page);
    await chooseSettings(page, preset, batchSize);
    const idle = await tensorCount(page);
    await recordSteps(page);
    await startTraining(page);
    await waitForSpan(page, { fromStep: WARMUP_STEPS, minSteps: 0, minMs: 0, timeoutMs });
    const beforeStep = await pauseAndReadStep(page);
    const before = await tensorCount(page);
    await page.getByRole('button', { name: 'Resume' }).click();
    await waitForSpan(page, { fromStep: beforeStep + steps, minSteps: 0, minMs: 0, timeoutMs });
    const afterStep = await pauseAndReadStep(page);
    const after = await tensorCount(page);
    await stopTraining(page);
    return {
      backend,
      preset,
      batchSize,
      idle,
      before: { step: beforeStep, tensors: before },
      after: { step: afterStep, tensors: after },
      equal: before === after,
    };
  } finally {
    await context.close();
  }
}
