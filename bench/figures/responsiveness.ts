/**
 * Figure 3: how the page behaves while the engine trains (default backend and settings, the inside
 * view on screen at its default refresh, so its fetching and drawing are included): long tasks
 * (> 50 ms) on the main thread, animation frames per second, and how fast a click on Pause is
 * handled and answered (the "Resume" button appears once the engine has paused).
 *
 * Figure 10 is the same measurement with the inside view made sure of: a 1440x900 window (the page
 * on one screen), the feature maps scrolled into view, and the window opened only after a live
 * snapshot has been drawn.
 */
import type { Browser, Page } from '@playwright/test';
import { newContext } from '../lib/browser';
import { drawsBetween, INSIDE_VIEW_VIEWPORT, readRefresh, recordDraws, waitForDrawAfterStep } from '../lib/insideView';
import { openApp, readBackend, startTraining, stopTraining } from '../lib/appDriver';
import type { BenchPlan } from '../lib/plan';
import { recordSteps, waitForSpan } from '../lib/stepRecorder';

export interface ResponsivenessFigure {
  backend: string;
  /** The browser window, e.g. '1280x720'. */
  viewport: string;
  windowMs: number;
  /** The Refresh select during the window (snapshots per second; 0: off while training). */
  refreshPerSecond: number;
  /** Feature-map draws from live snapshots during the window. */
  insideViewDraws: number;
  longTasks: { count: number; longestMs: number; totalMs: number };
  frames: { count: number; perSecond: number; longestGapMs: number };
  pause: {
    /** From the click event to its handler running: main-thread input delay. */
    inputDelayMs: number;
    /** From the click event to the "Resume" button in the DOM: the engine's round trip. */
    clickToResumeMs: number;
  };
}

interface PageProbe {
  longTasks: number[];
  frames: number[];
  click?: { eventAt: number; handledAt: number };
  resumeAt?: number;
}

declare global {
  interface Window {
    __benchProbe?: PageProbe;
  }
}

/** Starts counting long tasks and frames in the page. */
async function startProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe: PageProbe = { longTasks: [], frames: [] };
    window.__benchProbe = probe;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
    const frame = (t: number) => {
      probe.frames.push(t);
      if (window.__benchProbe === probe) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

export interface ResponsivenessSetup {
  /** The browser window; Playwright's default (1280x720) when absent. */
  viewport?: { width: number; height: number };
  /** Open the window only once a live feature-map snapshot has been drawn (and fail without one). */
  awaitLiveSnapshot: boolean;
}

const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

export async function measureResponsiveness(
  browser: Browser,
  origin: string,
  plan: BenchPlan,
  setup: ResponsivenessSetup = { awaitLiveSnapshot: false },
): Promise<ResponsivenessFigure> {
  const viewport = setup.viewport ?? DEFAULT_VIEWPORT;
  const context = await newContext(browser, { viewport });
  try {
    const page = await openApp(context, origin, plan.appBackend ?? undefined);
    const { name: backend } = await readBackend(page);
    await recordSteps(page);
    await recordDraws(page);
    const refreshPerSecond = await readRefresh(page);
    await startTraining(page);
    // The window opens once batches flow, so it holds training, not model building.
    await waitForSpan(page, { fromStep: 1, minSteps: 0, minMs: 0, timeoutMs: 60_000 });
    if (setup.awaitLiveSnapshot) await waitForDrawAfterStep(page, 0, 30_000);
    await startProbe(page);
    const windowStart = await page.evaluate(() => performance.now());
    await page.waitForTimeout(plan.responsiveness.windowMs);
    const insideViewDraws = await drawsBetween(page, windowStart, await page.evaluate(() => performance.now()));
    const probe = await page.evaluate(() => {
      const p = window.__benchProbe;
      window.__benchProbe = undefined;
      return p ?? { longTasks: [], frames: [] };
    });
    const frameTimes = probe.frames;
    const spanMs = (frameTimes.at(-1) ?? 0) - (frameTimes[0] ?? 0);
    const gaps = frameTimes.slice(1).map((t, i) => t - (frameTimes[i] ?? t));

    // Pause: the click's timestamp, its handler, and the moment "Resume" appears.
    await page.evaluate(() => {
      const probe: PageProbe = { longTasks: [], frames: [] };
      window.__benchProbe = probe;
      document.addEventListener(
        'click',
        (event) => {
          probe.click ??= { eventAt: event.timeStamp, handledAt: performance.now() };
        },
        { capture: true },
      );
      const observer = new MutationObserver(() => {
        const resume = [...document.querySelectorAll('button')].some((b) => b.textContent === 'Resume');
        if (resume && probe.resumeAt === undefined) {
          probe.resumeAt = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 60_000 });
    const clicked = await page.evaluate(() => window.__benchProbe);
    if (!clicked?.click || clicked.resumeAt === undefined) throw new Error('The Pause click or the Resume button was not seen.');
    await stopTraining(page);

    return {
      backend,
      viewport: `${viewport.width}x${viewport.height}`,
      windowMs: plan.responsiveness.windowMs,
      refreshPerSecond,
      insideViewDraws,
      longTasks: {
        count: probe.longTasks.length,
        longestMs: Math.max(0, ...probe.longTasks),
        totalMs: probe.longTasks.reduce((a, b) => a + b, 0),
      },
      frames: { count: frameTimes.length, perSecond: spanMs > 0 ? ((frameTimes.length - 1) * 1000) / spanMs : 0, longestGapMs: Math.max(0, ...gaps) },
      pause: {
        inputDelayMs: clicked.click.handledAt - clicked.click.eventAt,
        clickToResumeMs: clicked.resumeAt - clicked.click.eventAt,
      },
    };
  } finally {
    await context.close();
  }
}

/** Figure 10: figure 3 with the inside view open on a 1440x900 screen at its default refresh. */
export function measureInsideViewResponsiveness(browser: Browser, origin: string, plan: BenchPlan): Promise<ResponsivenessFigure> {
  return measureResponsiveness(browser, origin, plan, { viewport: INSIDE_VIEW_VIEWPORT, awaitLiveSnapshot: true });
}
