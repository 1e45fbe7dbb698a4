/**
 * Figure 16: the drawing drives the inside view. On the classic CNN, with every layer's maps on
 * screen (a tall window), from a pen move (the event's time stamp) to the frame that shows every
 * layer's maps and the answer painted, with the page idle and while the engine trains; and how many
 * of the moves each redrew the maps (one snapshot per move, from the page's copy of the network).
 */
import type { Browser, Page } from '@playwright/test';
import { EPOCHS_RANGE } from '../../src/core/training/training';
import { chooseSettings, openApp, readBackend, startTraining, stopTraining } from '../lib/appDriver';
import { newContext } from '../lib/browser';
import { readyPad } from '../lib/drawing';
import { log } from '../lib/log';
import type { BenchPlan } from '../lib/plan';
import type { LatencySummary } from '../lib/stats';
import { lastStep, recordSteps, waitForSpan } from '../lib/stepRecorder';
import { timedDrawing } from './drawLatency';

const PRESET = 'mnist-cnn';
/** Tall enough that every layer of the classic CNN is on screen at once. */
const TALL_VIEWPORT = { width: 1440, height: 2000 } as const;

export interface DrawToMapsPhase {
  /** Pen move to the frame that shows every layer's maps painted. */
  toPainted: LatencySummary;
  /** Pen move to every layer's maps computed and waiting for the frame (the page's part). */
  toReady: LatencySummary;
  /** Feature-map redraws per pen move (1: every move redrew every layer). */
  drawsPerMove: number;
}

export interface DrawToMapsFigure {
  preset: string;
  backend: string;
  /** Map canvases on screen, and of how many: all of them, or the figure says so. */
  canvasesOnScreen: number;
  canvases: number;
  idle: DrawToMapsPhase;
  training: DrawToMapsPhase & { steps: number };
}

const mapDraws = (page: Page) => page.evaluate(() => Number(document.querySelector('ol.layer-maps-list')?.getAttribute('data-draws') ?? 0));

async function phase(page: Page, moves: number): Promise<DrawToMapsPhase> {
  const before = await mapDraws(page);
  const drawn = await timedDrawing(page, moves);
  const draws = (await mapDraws(page)) - before;
  return { toPainted: drawn.toPaint, toReady: drawn.toReady, drawsPerMove: draws / Math.max(1, drawn.toPaint.calls) };
}

export async function measureDrawToMaps(browser: Browser, origin: string, plan: BenchPlan): Promise<DrawToMapsFigure> {
  const context = await newContext(browser, { viewport: TALL_VIEWPORT });
  try {
    const page = await openApp(context, origin, plan.appBackend ?? undefined);
    const { name: backend } = await readBackend(page);
    await chooseSettings(page, PRESET, plan.batchSize, EPOCHS_RANGE.max);
    await readyPad(page);
    const [canvasesOnScreen, canvases] = await page.evaluate(() => {
      const all = Array.from(document.querySelectorAll('ol.layer-maps-list canvas'));
      const seen = all.filter((c) => {
        const r = c.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
      });
      return [seen.length, all.length];
    });
    const idle = await phase(page, plan.drawing.moves);
    log(`drawing to maps idle: painted p95 ${idle.toPainted.p95Ms.toFixed(1)} ms, ${idle.drawsPerMove.toFixed(2)} draws a move`);
    await recordSteps(page);
    await startTraining(page);
    await waitForSpan(page, { fromStep: plan.speed[PRESET].warmupBatches, minSteps: 0, minMs: 0, timeoutMs: plan.speed[PRESET].timeoutMs });
    const stepBefore = await lastStep(page);
    const training = { ...(await phase(page, plan.drawing.moves)), steps: (await lastStep(page)) - stepBefore };
    log(`drawing to maps while training: painted p95 ${training.toPainted.p95Ms.toFixed(1)} ms`);
    await stopTraining(page);
    return { preset: PRESET, backend, canvasesOnScreen, canvases, idle, training };
  } finally {
    await context.close();
  }
}
