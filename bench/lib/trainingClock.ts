/**
 * The app's training clock as a person would keep it with a stopwatch, read from the page: it runs
 * from the Train click until the run ends, and stops while the app is paused (from the status bar
 * showing "Paused" until the Resume click). The page logs every change of the status bar's state
 * (Training, Checking validation set, Paused, Done, ...) and every click on the Training panel's
 * Train and Resume buttons, each with its time on the page's clock (performance.now()).
 */
import type { Page } from '@playwright/test';

export interface ClockEntry {
  /** performance.now() in the page, ms. */
  t: number;
  /** The status bar's state ('Training', 'Paused', ...), or the button clicked ('Train', 'Resume'). */
  what: string;
}

interface ClockLog {
  states: ClockEntry[];
  clicks: ClockEntry[];
}

declare global {
  interface Window {
    __benchClock?: ClockLog;
  }
}

/** The status bar says the engine validates: an epoch has just ended. */
export const VALIDATING = 'Checking validation set';
const ENDED = ['Done', 'Stopped', 'Failed', 'Diverged'];

/** Starts logging; call before pressing Train. */
export async function recordClock(page: Page): Promise<void> {
  await page.evaluate(() => {
    const log: ClockLog = { states: [], clicks: [] };
    window.__benchClock = log;
    const footer = document.querySelector('footer[aria-label="Status"]');
    const panel = document.getElementById('training-heading')?.closest('section');
    if (!footer || !panel) throw new Error('The page has no status bar or no Training panel.');
    const state = () => footer.querySelector('strong')?.textContent ?? '';
    let last = state();
    log.states.push({ t: performance.now(), what: last });
    new MutationObserver(() => {
      const now = state();
      if (now === last) return;
      last = now;
      log.states.push({ t: performance.now(), what: now });
    }).observe(footer, { subtree: true, childList: true, characterData: true });
    // Capture phase, so the time is the event's own, before the app handles it.
    document.addEventListener(
      'click',
      (event) => {
        const button = event.target instanceof Element ? event.target.closest('button') : null;
        const name = button?.textContent?.trim() ?? '';
        if (button && panel.contains(button) && (name === 'Train' || name === 'Resume')) log.clicks.push({ t: event.timeStamp, what: name });
      },
      true,
    );
  });
}

export async function readClock(page: Page): Promise<ClockLog> {
  return page.evaluate(() => window.__benchClock ?? { states: [], clicks: [] });
}

export type EpochEnd = { kind: 'epoch'; index: number } | { kind: 'ended'; state: string; t: number };

/**
 * Waits until the state log shows an epoch ended after the `after`-th entry: a validation pass
 * followed by Training again (returns the index of that Training entry), or the run ended (Done,
 * Stopped, Failed, Diverged: its state and time).
 */
export async function waitForEpochEnd(page: Page, after: number, timeoutMs: number): Promise<EpochEnd> {
  const handle = await page.waitForFunction(
    ({ from, validating, ended }) => {
      const states = window.__benchClock?.states ?? [];
      for (let i = Math.max(from + 1, 1); i < states.length; i++) {
        const entry = states[i];
        if (!entry) continue;
        if (ended.includes(entry.what)) return { kind: 'ended' as const, state: entry.what, t: entry.t };
        if (entry.what === 'Training' && states[i - 1]?.what === validating) return { kind: 'epoch' as const, index: i };
      }
      return false;
    },
    { from: after, validating: VALIDATING, ended: ENDED },
    { timeout: timeoutMs, polling: 50 },
  );
  const result = await handle.jsonValue();
  if (!result) throw new Error('The page stopped waiting without a result.');
  return result;
}

export interface ClockReading {
  /** Page time of the Train click. */
  startedAt: number;
  /** Time off the clock so far (paused, until each Resume click), ms. */
  pausedMs: number;
  /** Time the status bar said "Checking validation set" (on the clock), ms. */
  validatingMs: number;
}

/**
 * Training time at page time `t`: since the Train click, less every pause before `t` (from the
 * "Paused" state to the next Resume click; a pause still open at `t` counts up to `t`).
 */
export function trainingMsAt(log: ClockLog, t: number): number {
  const start = log.clicks.find((c) => c.what === 'Train');
  if (!start) throw new Error('The page logged no click on Train.');
  return t - start.t - offClockMs(log, start.t, t);
}

function offClockMs(log: ClockLog, from: number, to: number): number {
  const resumes = log.clicks.filter((c) => c.what === 'Resume' && c.t >= from).map((c) => c.t);
  let off = 0;
  let next = 0;
  for (const paused of log.states) {
    if (paused.what !== 'Paused' || paused.t < from || paused.t >= to) continue;
    // Each pause lasts until the first Resume click after it; one click ends one pause.
    while (next < resumes.length && (resumes[next] ?? Infinity) < paused.t) next++;
    const resumed = resumes[next] ?? Infinity;
    if (resumed !== Infinity) next++;
    off += Math.min(resumed, to) - paused.t;
  }
  return off;
}

/** The clock's parts up to page time `t`: when it started, time paused and time validating. */
export function readingAt(log: ClockLog, t: number): ClockReading {
  const start = log.clicks.find((c) => c.what === 'Train');
  if (!start) throw new Error('The page logged no click on Train.');
  let validatingMs = 0;
  log.states.forEach((s, i) => {
    if (s.what !== VALIDATING || s.t < start.t || s.t >= t) return;
    validatingMs += Math.min(log.states[i + 1]?.t ?? t, t) - s.t;
  });
  return { startedAt: start.t, pausedMs: offClockMs(log, start.t, t), validatingMs };
}

/** The newest "Paused" entry's time, or throws. */
export function lastPausedAt(log: ClockLog): number {
  const paused = log.states.filter((s) => s.what === 'Paused').at(-1);
  if (!paused) throw new Error('The page logged no pause.');
  return paused.t;
}
