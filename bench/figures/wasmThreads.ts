/**
 * Figure 7: what wasm's threads buy on this machine. The bare loop (no UI) trains the same model
 * with one XNNPACK thread and with the app's count (one per core), both pages open and warmed up,
 * timed in alternating spans (one-many, many-one, ...) so drift hits both alike.
 */
import type { Browser } from '@playwright/test';
import { openBare, type BareSession } from '../lib/benchPages';
import { newContext } from '../lib/browser';
import { PRESET_IDS, type BenchPlan, type BenchPresetId } from '../lib/plan';

export interface ThreadsRow {
  preset: BenchPresetId;
  /** Threads the app's setting really ran (1 where the page is not cross-origin isolated). */
  threads: number;
  oneThreadExamplesPerSecond: number;
  manyThreadsExamplesPerSecond: number;
  /** many / one. */
  speedup: number;
  rounds: { one: number; many: number }[];
}

export interface ThreadsFigure {
  batchSize: number;
  rows: ThreadsRow[];
}

interface SpanCounts {
  warmupBatches: number;
  batches: number;
  rounds: number;
}

async function measurePreset(browser: Browser, origin: string, preset: BenchPresetId, plan: BenchPlan, counts: SpanCounts): Promise<ThreadsRow> {
  const { warmupBatches, batches, rounds } = counts;
  const context = await newContext(browser);
  const sessions: BareSession[] = [];
  try {
    const open = async (wasmThreads?: number) => {
      const session = await openBare(context, origin, { backend: 'wasm', presetId: preset, batchSize: plan.batchSize, warmupBatches, wasmThreads });
      sessions.push(session);
      if (session.backend !== 'wasm') throw new Error(`wasm does not run here (${session.backendReason})`);
      return session;
    };
    const one = await open(1);
    const many = await open();
    const timed: ThreadsRow['rounds'] = [];
    let step = warmupBatches;
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [one, many] : [many, one];
      const rates = new Map<BareSession, number>();
      for (const session of order) rates.set(session, (await session.train({ fromStep: step, batches })).examplesPerSecond);
      step += batches;
      timed.push({ one: rates.get(one) ?? NaN, many: rates.get(many) ?? NaN });
    }
    // Equal batches per span, so the pooled rate is the harmonic mean of the span rates.
    const pooled = (rates: number[]) => rates.length / rates.reduce((a, r) => a + 1 / r, 0);
    const oneRate = pooled(timed.map((r) => r.one));
    const manyRate = pooled(timed.map((r) => r.many));
    return { preset, threads: many.threads, oneThreadExamplesPerSecond: oneRate, manyThreadsExamplesPerSecond: manyRate, speedup: manyRate / oneRate, rounds: timed };
  } finally {
    for (const session of sessions) await session.close();
    await context.close();
  }
}

export async function measureWasmThreads(browser: Browser, origin: string, plan: BenchPlan): Promise<ThreadsFigure> {
  const rows: ThreadsRow[] = [];
  for (const preset of PRESET_IDS) {
    const counts = plan.threads[preset];
    if (counts) rows.push(await measurePreset(browser, origin, preset, plan, counts));
  }
  return { batchSize: plan.batchSize, rows };
}
