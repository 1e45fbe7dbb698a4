/**
 * Figure 4: latency of one-image predictions through the engine (window.kernelscope.predict, the
 * path the app's drawing pad takes), one call at a time, while the engine trains and when idle.
 */
import type { Browser, Page } from '@playwright/test';
import { openApp, readBackend, startTraining, stopTraining } from '../lib/appDriver';
import { newContext } from '../lib/browser';
import type { BenchPlan } from '../lib/plan';
import { summarizeLatencies, type LatencySummary } from '../lib/stats';
import { readMarks, recordSteps, waitForSpan } from '../lib/stepRecorder';

export interface PredictFigure {
  backend: string;
  training: LatencySummary & { stepsDuringCalls: number };
  idle: LatencySummary;
}

/** Steps trained before predictions start: "after some training". */
const TRAINED_FIRST = 10;

/** Calls predict on a blank image up to `calls` times (or until `maxMs` passes); returns each latency in ms. */
function timePredictions(page: Page, calls: number, maxMs: number): Promise<number[]> {
  return page.evaluate(
    async ({ calls, maxMs }) => {
      const controller = window.kernelscope;
      if (!controller) throw new Error('window.kernelscope is missing.');
      const latencies: number[] = [];
      const started = performance.now();
      while (latencies.length < calls && performance.now() - started < maxMs) {
        const t = performance.now();
        const probabilities = await controller.predict(new Float32Array(784));
        latencies.push(performance.now() - t);
        if (probabilities?.length !== 10) throw new Error(`predict returned ${probabilities ? probabilities.length : 'null'} values, not 10.`);
      }
      return latencies;
    },
    { calls, maxMs },
  );
}

export async function measurePredictLatency(browser: Browser, origin: string, plan: BenchPlan): Promise<PredictFigure> {
  const context = await newContext(browser);
  try {
    const page = await openApp(context, origin, plan.appBackend ?? undefined);
    const { name: backend } = await readBackend(page);
    await recordSteps(page);
    await startTraining(page);
    await waitForSpan(page, { fromStep: TRAINED_FIRST, minSteps: 0, minMs: 0, timeoutMs: 120_000 });
    const stepBefore = (await readMarks(page)).at(-1)?.step ?? 0;
    const training = await timePredictions(page, plan.predict.calls, plan.predict.maxMsPerPhase);
    const stepAfter = (await readMarks(page)).at(-1)?.step ?? 0;
    await stopTraining(page);
    const idle = await timePredictions(page, plan.predict.calls, plan.predict.maxMsPerPhase);
    return {
      backend,
      training: { ...summarizeLatencies(training), stepsDuringCalls: stepAfter - stepBefore },
      idle: summarizeLatencies(idle),
    };
  } finally {
    await context.close();
  }
}
