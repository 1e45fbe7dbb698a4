/**
 * Figure 13: the drawing pad on the classic CNN. From a pointer move (the event's time stamp) to its
 * prediction in the page, and to the frame that shows it painted, and the page's own work in
 * between, with the page idle and while the engine trains (the inside view on screen at its default
 * refresh); and what someone drawing costs training: interleaved spans in one page
 * (lib/engineSpans) with a hand drawing digits, with the same hand moving over the pad with the
 * button up (what moving the mouse costs by itself), and with no one at the mouse.
 */
import type { Browser, Page } from '@playwright/test';
import { EPOCHS_RANGE } from '../../src/core/training/training';
import { chooseSettings, openApp, pauseTraining, readBackend, startTraining, stopTraining } from '../lib/appDriver';
import { newContext } from '../lib/browser';
import { clearLatencies, drawDigits, readLatencies, readyPad } from '../lib/drawing';
import { pool, timeEngineSpan, type Rate } from '../lib/engineSpans';
import { INSIDE_VIEW_VIEWPORT } from '../lib/insideView';
import { log } from '../lib/log';
import type { BenchPlan } from '../lib/plan';
import { summarizeLatencies, type LatencySummary } from '../lib/stats';
import { lastStep, recordSteps, waitForSpan } from '../lib/stepRecorder';

const PRESET = 'mnist-cnn';

export interface DrawPhase {
  /** From the move's event to its prediction in the page: the browser's wait to hand the move over (up to a frame), any task ahead, the page's work. */
  toReady: LatencySummary;
  /** To the frame that shows it painted: adds the wait for that frame. */
  toPaint: LatencySummary;
  /** The page's own work: its handler starting to the prediction ready. */
  work: LatencySummary;
}

type Hand = 'drawing' | 'hovering' | 'still';
const HANDS: readonly Hand[] = ['drawing', 'hovering', 'still'];

export interface DrawSpanRound {
  /** The order the three spans ran in (rotated each round). */
  order: Hand[];
  drawing: Rate;
  hovering: Rate;
  still: Rate;
  /** drawing / still. */
  ratio: number;
}

export interface DrawLatencyFigure {
  preset: string;
  backend: string;
  batchSize: number;
  idle: DrawPhase;
  training: DrawPhase & { steps: number };
  /** Training speed with someone drawing over no one at the mouse (`ratio`), and with the mouse only moving (`hoverRatio`, the floor of any page): pooled, and per round. */
  cost: { drawing: Rate; hovering: Rate; still: Rate; ratio: number; hoverRatio: number; rounds: DrawSpanRound[] };
}

/** Draws `moves` pen moves and summarises the pad's latency log for them. */
export async function timedDrawing(page: Page, moves: number): Promise<DrawPhase> {
  await clearLatencies(page);
  await drawDigits(page, { moves });
  const latencies = await readLatencies(page);
  const summary = (key: keyof (typeof latencies)[number]) => summarizeLatencies(latencies.map((l) => l[key]));
  return { toReady: summary('toReady'), toPaint: summary('toPaint'), work: summary('work') };
}

async function timeSpan(page: Page, hand: Hand, plan: BenchPlan): Promise<Rate> {
  const goal = plan.speed[PRESET];
  let stop = false;
  let moving: Promise<number> | null = null;
  const startHand = async () => void (moving = drawDigits(page, { stopped: () => stop, hover: hand === 'hovering' }));
  // The hand lets go of the mouse before Pause is clicked.
  const stopHand = async () => {
    stop = true;
    await moving;
  };
  try {
    return (await timeEngineSpan(page, plan.batchSize, goal, hand === 'still' ? undefined : startHand, stopHand)).rate;
  } finally {
    await stopHand();
  }
}

export async function measureDrawLatency(browser: Browser, origin: string, plan: BenchPlan): Promise<DrawLatencyFigure> {
  const context = await newContext(browser, { viewport: INSIDE_VIEW_VIEWPORT });
  try {
    const page = await openApp(context, origin, plan.appBackend ?? undefined);
    const { name: backend } = await readBackend(page);
    await chooseSettings(page, PRESET, plan.batchSize, EPOCHS_RANGE.max);
    await readyPad(page);
    const idle = await timedDrawing(page, plan.drawing.moves);
    log(`drawing idle: to ready p95 ${idle.toReady.p95Ms.toFixed(1)} ms, painted p95 ${idle.toPaint.p95Ms.toFixed(1)} ms`);

    await recordSteps(page);
    await startTraining(page);
    await waitForSpan(page, { fromStep: plan.speed[PRESET].warmupBatches, minSteps: 0, minMs: 0, timeoutMs: plan.speed[PRESET].timeoutMs });
    const stepBefore = await lastStep(page);
    const training = { ...(await timedDrawing(page, plan.drawing.moves)), steps: (await lastStep(page)) - stepBefore };
    log(`drawing while training: to ready p95 ${training.toReady.p95Ms.toFixed(1)} ms, painted p95 ${training.toPaint.p95Ms.toFixed(1)} ms`);

    await pauseTraining(page);
    const rounds: DrawSpanRound[] = [];
    for (let round = 0; round < plan.drawing.rounds; round++) {
      // Rotated, so a drift within a round favours none of the three.
      const order = HANDS.map((_, i) => HANDS[(i + round) % HANDS.length] as Hand);
      const rates = {} as Record<Hand, Rate>;
      for (const hand of order) rates[hand] = await timeSpan(page, hand, plan);
      rounds.push({ order, ...rates, ratio: rates.drawing.examplesPerSecond / rates.still.examplesPerSecond });
    }
    await stopTraining(page);
    const pooled = (hand: Hand) =>
      pool(
        rounds.map((r) => r[hand]),
        plan.batchSize,
      );
    const [drawing, hovering, still] = [pooled('drawing'), pooled('hovering'), pooled('still')];
    const cost = {
      drawing,
      hovering,
      still,
      ratio: drawing.examplesPerSecond / still.examplesPerSecond,
      hoverRatio: hovering.examplesPerSecond / still.examplesPerSecond,
      rounds,
    };
    log(`drawing cost: drawing ${drawing.examplesPerSecond.toFixed(0)}, hovering ${hovering.examplesPerSecond.toFixed(0)}, still ${still.examplesPerSecond.toFixed(0)} ex/s: ${cost.ratio.toFixed(3)}, hovering ${cost.hoverRatio.toFixed(3)}`);
    return { preset: PRESET, backend, batchSize: plan.batchSize, idle, training, cost };
  } finally {
    await context.close();
  }
}
