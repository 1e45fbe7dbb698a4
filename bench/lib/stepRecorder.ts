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
      if (log.at(-1)?.step !== step) log.push({ t: performance.now(), step });
    });
    const target = document.querySelector('footer[aria-label="Status"]') ?? document.body;
    observer.observe(target, { subtree: true, childList: true, characterData: true });
  });
}

export async function readMarks(page: Page): Promise<StepMark[]> {
  return page.evaluate(() => window.__benchSteps ?? []);
}

export interface StepGoal {
  /** Steps before the span starts. */
  fromStep: number;
  /** The span ends at the first mark at least this many steps and this many ms after its start. */
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
      const marks = window.__benchSteps ?? [];
      const start = marks.find((m) => m.step >= g.fromStep);
      const end = start && marks.find((m) => m.step - start.step >= g.minSteps && m.t - start.t >= g.minMs);
      return start && end ? { start, end } : false;
    },
    goal,
    { timeout: goal.timeoutMs, polling: 100 },
  );
  const result = await handle.jsonValue();
  if (!result) throw new Error('The page stopped waiting without a result.');
  if ('error' in result) throw new Error(result.error);
  return result;
}
