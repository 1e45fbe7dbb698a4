/**
 * Figure 1: examples/s of the Kernelscope engine (the real app, its worker, metrics streaming to the
 * UI) against a bare tfjs loop on the same model, batches and backend, per backend and preset.
 *
 * These machines are shared and drift by ±15% within seconds, so the two are interleaved in short
 * spans: the app trains and is paused between its spans (Pause, as a person would press it), the bare
 * loop sits warmed up in its own page, and each round times one span of each, in alternating order
 * (engine-bare, bare-engine, ...). Rates are pooled over the rounds.
 */
import type { Browser, Page } from '@playwright/test';
import { builtinDataset } from '../../src/core/dataset/builtin';
import type { BenchDatasetId } from '../pages/protocol';
import { stopTraining } from '../lib/appDriver';
import { openBare, type BareSession } from '../lib/benchPages';
import { newContext } from '../lib/browser';
import { openPausedAfterWarmup, pool, timeEngineSpan, Unavailable, type Rate } from '../lib/engineSpans';
import { setRefresh } from '../lib/insideView';
import { describeError, log } from '../lib/log';
import { BACKENDS, PRESET_IDS, type BenchBackend, type BenchPlan, type BenchPresetId, type SpanPlan } from '../lib/plan';
import { lastStep } from '../lib/stepRecorder';

export type { Rate } from '../lib/engineSpans';

export interface SpeedRound {
  /** Which ran first in this round. */
  order: 'engine-bare' | 'bare-engine';
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

type RowKey = Pick<SpeedRow, 'backend' | 'preset' | 'batchSize'>;

async function timeEngine(page: Page, row: RowKey, plan: SpanPlan, minBatches: number): Promise<SpeedRound['engine']> {
  return (await timeEngineSpan(page, row.batchSize, { minBatches, minMs: plan.minMs, timeoutMs: plan.timeoutMs })).rate;
}

async function timeBareSpan(bare: BareSession, fromStep: number, batches: number): Promise<SpeedRound['bare']> {
  const result = await bare.train({ fromStep, batches });
  return { examplesPerSecond: result.examplesPerSecond, batches, ms: result.ms, finalLoss: result.finalLoss };
}

async function timeRounds(page: Page, bare: BareSession, row: RowKey, plan: SpanPlan): Promise<SpeedRound[]> {
  const rounds: SpeedRound[] = [];
  for (let round = 0; round < plan.rounds; round++) {
    const previous = rounds.at(-1);
    let engine: SpeedRound['engine'];
    let bareRate: SpeedRound['bare'];
    if (!previous || round % 2 === 0) {
      engine = await timeEngine(page, row, plan, plan.minBatches);
      bareRate = await timeBareSpan(bare, engine.fromStep, engine.batches);
    } else {
      // The bare loop goes first over as many batches as the last span, then the engine matches it.
      bareRate = await timeBareSpan(bare, await lastStep(page), previous.engine.batches);
      engine = await timeEngine(page, row, { ...plan, minMs: 0 }, previous.engine.batches);
    }
    rounds.push({
      order: previous && round % 2 === 1 ? 'bare-engine' : 'engine-bare',
      engine,
      bare: bareRate,
      ratio: engine.examplesPerSecond / bareRate.examplesPerSecond,
    });
  }
  return rounds;
}

/**
 * One row: the app's engine and the bare loop on one backend, preset and batch size, in interleaved
 * rounds. On MNIST, or on the generated Colour shapes (figure 17), chosen in the app as a person would.
 */
export async function measureEngineAgainstBare(browser: Browser, origin: string, row: RowKey, plan: BenchPlan, datasetId?: BenchDatasetId): Promise<SpeedRow> {
  const spanPlan = plan.speed[row.preset];
  const dataset = datasetId === undefined ? undefined : (builtinDataset(datasetId) ?? undefined);
  const context = await newContext(browser);
  let bare: BareSession | null = null;
  try {
    const page = await openPausedAfterWarmup(context, origin, {
      backend: row.backend,
      preset: row.preset,
      batchSize: row.batchSize,
      warmupBatches: spanPlan.warmupBatches,
      timeoutMs: spanPlan.timeoutMs,
      ...(dataset ? { dataset } : {}),
      // The engine alone: the inside view's own cost is figure 9.
      prepare: (p) => setRefresh(p, 0),
    });
    bare = await openBare(context, origin, { backend: row.backend, presetId: row.preset, batchSize: row.batchSize, warmupBatches: spanPlan.warmupBatches, ...(datasetId ? { dataset: datasetId } : {}) });
    if (bare.backend !== row.backend) throw new Unavailable(`the bare loop ran on ${bare.backend}, not ${row.backend} (${bare.backendReason})`);
    const rounds = await timeRounds(page, bare, row, spanPlan);
    await stopTraining(page);
    const engine = pool(rounds.map((r) => r.engine), plan.batchSize);
    const bareRate = pool(rounds.map((r) => r.bare), plan.batchSize);
    return { ...row, status: 'ok', engine, bare: bareRate, ratio: engine.examplesPerSecond / bareRate.examplesPerSecond, rounds };
  } catch (error) {
    // A backend this browser cannot start is a fact to report, not a failure.
    const unavailable = error instanceof Unavailable;
    return { ...row, status: unavailable ? 'unavailable' : 'failed', reason: describeError(error) };
  } finally {
    await bare?.close();
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
            : await measureEngineAgainstBare(browser, origin, base, plan);
      const rates = row.ratio === undefined ? '' : ` engine ${row.engine?.examplesPerSecond.toFixed(1)} / bare ${row.bare?.examplesPerSecond.toFixed(1)} ex/s`;
      log(`speed ${backend} ${preset}: ${row.status}${rates}${row.reason ? ` (${row.reason})` : ''}`);
      rows.push(row);
    }
  }
  return rows;
}
