/**
 * Records the app's training progress from its status bar: every time the "Batch" output changes,
 * the step it shows and the page's clock. The engine reports a few times a second, each report
 * right after a batch, so two marks give an exact batch count over a wall-clock interval.
 */
import type { Page } from '@playwright/test';

export interface StepMark {
  /** performance.now() in the page, ms. */
  t: number;
  /** Batches trained since Train was pressed. */
  step: number;
  /** The epoch it belongs to (1-based, as shown); a validation pass runs between epochs. */
  epoch: number;
}

declare global {
  interface Window {
    __benchSteps?: StepMark[];
  }
}

/** Starts (or restarts) recording; call before pressing Train. */
export async function recordSteps(page: Page): Promise<void> {
  await page.evaluate(() => {
    const fresh = window.__benchSteps === undefined;
    window.__benchSteps = [];
    if (!fresh) return;
    const observer = new MutationObserver(() => {
      const log = window.__benchSteps;
      const batch = /^(\d+) \/ (\d+)$/.exec(document.querySelector('output[aria-label="Batch"]')?.textContent ?? '');
      const epoch = /^(\d+) \//.exec(document.querySelector('output[aria-label="Epoch"]')?.textContent ?? '');
      if (!log || !batch || !epoch) return;
      const step = (Number(epoch[1]) - 1) * Number(batch[2]) + Number(batch[1]);
      if (log.at(-1)?.step !== step) log.push({ t: performance.now(), step, epoch: Number(epoch[1]) });
    });
    const target = document.querySelector('footer[aria-label="Status"]') ?? document.body;
    observer.observe(target, { subtree: true, childList: true, characterData: true });
  });
}

export async function readMarks(page: Page): Promise<StepMark[]> {
  return page.evaluate(() => window.__benchSteps ?? []);
}

/** The newest mark's step (0 before the first report). */
export async function lastStep(page: Page): Promise<number> {
  return page.evaluate(() => window.__benchSteps?.at(-1)?.step ?? 0);
}

export interface StepGoal {
  /** Steps before the span starts. */
  fromStep: number;
  /**
   * The span ends at the first mark at least this many steps and this many ms after its start. A span
   * never holds a validation pass: when the epoch changes first, it starts again in the new epoch.
   */
  minSteps: number;
  minMs: number;
  timeoutMs: number;
}

/**
 * Waits until the recorded marks cover `goal` (or the engine fails, which throws with the status
 * bar's message). Returns the first mark at or after `fromStep` and the mark that closed the span.
 */
export async function waitForSpan(page: Page, goal: StepGoal): Promise<{ start: StepMark; end: StepMark }> {
  const handle = await page.waitForFunction(
    (g) => {
      const state = document.querySelector('footer[aria-label="Status"] strong')?.textContent ?? '';
      if (state === 'Failed' || state === 'Diverged' || state === 'Done') {
        const alert = document.querySelector('footer[aria-label="Status"] [role="alert"]')?.textContent ?? '';
        return { error: `${state}: ${alert}` };
      }
      let start: StepMark | undefined;
      for (const mark of window.__benchSteps ?? []) {
        if (mark.step < g.fromStep) continue;
        if (!start || mark.epoch !== start.epoch) start = mark;
        else if (mark.step - start.step >= g.minSteps && mark.t - start.t >= g.minMs) return { start, end: mark };
      }
      return false;
    },
    goal,
    { timeout: goal.timeoutMs, polling: 100 },
  );
  const result = await handle.jsonValue();
  if (!result) throw new Error('The page stopped waiting without a result.');
  if ('error' in result) throw new Error(result.error);
  return result;
}
