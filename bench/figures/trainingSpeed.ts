/**
 * Figure 1: examples/s of the Kernelscope engine (the real app, its worker, metrics streaming to the
 * UI) against a bare tfjs loop on the same model, batches and backend, per backend and preset.
 * Both time the same batches: the bare loop warms up on the batches the engine trained before its
 * timed span, then trains the span's batches. Rounds alternate the order (engine first, then bare
 * first) so drift on a shared machine does not favour either; rates are pooled over the rounds.
 */
import type { Browser, BrowserContext } from '@playwright/test';
import { chooseSettings, openApp, readBackend, startTraining, stopTraining } from '../lib/appDriver';
import { runBare } from '../lib/benchPages';
import { newContext } from '../lib/browser';
import { describeError, log } from '../lib/log';
import { BACKENDS, PRESET_IDS, type BenchBackend, type BenchPlan, type BenchPresetId } from '../lib/plan';
import { recordSteps, waitForSpan, type StepGoal } from '../lib/stepRecorder';

export interface Rate {
  examplesPerSecond: number;
  batches: number;
  ms: number;
}

/** The batches a round timed: steps after Train, from `fromStep` (exclusive) to `fromStep + batches`. */
interface Span {
  fromStep: number;
  batches: number;
}

export interface SpeedRound {
  engine: Rate & { fromStep: number };
  bare: Rate & { finalLoss: number };
  ratio: number;
}

export interface SpeedRow {
  backend: BenchBackend;
  preset: BenchPresetId;
  batchSize: number;
  /** 'unavailable': the backend does not run (or cannot train) here; 'skipped': not in this mode. */
  status: 'ok' | 'unavailable' | 'skipped' | 'failed';
  reason?: string;
  /** Pooled over the rounds. */
  engine?: Rate;
  bare?: Rate;
  /** engine / bare examples per second. */
  ratio?: number;
  rounds?: SpeedRound[];
}

/** The backend does not run here (another one runs instead). */
class Unavailable extends Error {}

/** Times the engine in the app: Train, wait for the span, Stop. */
async function timeEngine(
  context: BrowserContext,
  origin: string,
  row: Pick<SpeedRow, 'backend' | 'preset' | 'batchSize'>,
  goal: StepGoal,
): Promise<SpeedRound['engine']> {
  const page = await openApp(context, origin, row.backend);
  try {
    const running = await readBackend(page);
    if (running.name !== row.backend) throw new Unavailable(`asked for ${row.backend}, the engine runs ${running.name} (${running.reason})`);
    await chooseSettings(page, row.preset, row.batchSize);
    await recordSteps(page);
    await startTraining(page);
    const { start, end } = await waitForSpan(page, goal);
    await stopTraining(page);
    const batches = end.step - start.step;
    const ms = end.t - start.t;
    return { examplesPerSecond: (batches * row.batchSize * 1000) / ms, batches, ms, fromStep: start.step };
  } finally {
    await page.close();
  }
}

async function timeBare(context: BrowserContext, origin: string, row: Pick<SpeedRow, 'backend' | 'preset' | 'batchSize'>, span: Span): Promise<SpeedRound['bare']> {
  const bare = await runBare(context, origin, {
    backend: row.backend,
    presetId: row.preset,
    batchSize: row.batchSize,
    warmupBatches: span.fromStep,
    batches: span.batches,
  });
  if (bare.backend !== row.backend) throw new Unavailable(`the bare loop ran on ${bare.backend}, not ${row.backend} (${bare.backendReason})`);
  return { examplesPerSecond: bare.examplesPerSecond, batches: span.batches, ms: bare.ms, finalLoss: bare.finalLoss };
}

function pool(rates: readonly Rate[], batchSize: number): Rate {
  const batches = rates.reduce((a, r) => a + r.batches, 0);
  const ms = rates.reduce((a, r) => a + r.ms, 0);
  return { batches, ms, examplesPerSecond: (batches * batchSize * 1000) / ms };
}

async function measureOne(browser: Browser, origin: string, row: Pick<SpeedRow, 'backend' | 'preset' | 'batchSize'>, plan: BenchPlan): Promise<SpeedRow> {
  const spanPlan = plan.speed[row.preset];
  const context = await newContext(browser);
  try {
    const rounds: SpeedRound[] = [];
    // The first round lets the engine pick the span (enough batches and time); later rounds reuse it.
    let span: Span | null = null;
    for (let round = 0; round < spanPlan.rounds; round++) {
      let engine: SpeedRound['engine'];
      let bare: SpeedRound['bare'];
      if (span === null || round % 2 === 0) {
        const goal = span
          ? { fromStep: span.fromStep, minSteps: span.batches, minMs: 0, timeoutMs: spanPlan.timeoutMs }
          : { fromStep: spanPlan.warmupBatches, minSteps: spanPlan.minBatches, minMs: spanPlan.minMs, timeoutMs: spanPlan.timeoutMs };
        engine = await timeEngine(context, origin, row, goal);
        span ??= { fromStep: engine.fromStep, batches: engine.batches };
        bare = await timeBare(context, origin, row, span);
      } else {
        bare = await timeBare(context, origin, row, span);
        engine = await timeEngine(context, origin, row, { fromStep: span.fromStep, minSteps: span.batches, minMs: 0, timeoutMs: spanPlan.timeoutMs });
      }
      rounds.push({ engine, bare, ratio: engine.examplesPerSecond / bare.examplesPerSecond });
    }
    const engine = pool(rounds.map((r) => r.engine), plan.batchSize);
    const bare = pool(rounds.map((r) => r.bare), plan.batchSize);
    return { ...row, status: 'ok', engine, bare, ratio: engine.examplesPerSecond / bare.examplesPerSecond, rounds };
  } catch (error) {
    // A backend this browser cannot start is a fact to report, not a failure.
    const unavailable = error instanceof Unavailable;
    return { ...row, status: unavailable ? 'unavailable' : 'failed', reason: describeError(error) };
  } finally {
    await context.close();
  }
}

export async function measureTrainingSpeed(browser: Browser, origin: string, plan: BenchPlan): Promise<SpeedRow[]> {
  const rows: SpeedRow[] = [];
  for (const backend of BACKENDS) {
    for (const preset of PRESET_IDS) {
      const base = { backend, preset, batchSize: plan.batchSize };
      const smallCnn = rows.find((r) => r.backend === backend && r.preset === 'small-cnn');
      const smallRate = smallCnn?.engine?.examplesPerSecond ?? Infinity;
      const row: SpeedRow =
        smallCnn?.status === 'unavailable'
          ? { ...base, status: 'unavailable', reason: smallCnn.reason }
          : smallRate < plan.speed[preset].skipBelowSmallCnnRate
            ? { ...base, status: 'skipped', reason: `${plan.mode} mode: small-cnn ran at ${smallRate.toFixed(0)} examples/s here` }
            : await measureOne(browser, origin, base, plan);
      const rates = row.ratio === undefined ? '' : ` engine ${row.engine?.examplesPerSecond.toFixed(1)} / bare ${row.bare?.examplesPerSecond.toFixed(1)} ex/s`;
      log(`speed ${backend} ${preset}: ${row.status}${rates}${row.reason ? ` (${row.reason})` : ''}`);
      rows.push(row);
    }
  }
  return rows;
}
