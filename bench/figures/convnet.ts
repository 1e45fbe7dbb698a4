/**
 * Figure 2: ConvNetJS on the same small CNN and MNIST batches (Adadelta, batch 64), in a worker of
 * a bench page; compared with Kernelscope's best small-CNN engine rate from figure 1.
 */
import type { Browser } from '@playwright/test';
import { newContext } from '../lib/browser';
import { runConvnet } from '../lib/benchPages';
import type { BenchPlan } from '../lib/plan';
import type { ConvnetRunResult } from '../pages/protocol';
import type { SpeedRow } from './trainingSpeed';

export interface ConvnetFigure {
  convnetjs: ConvnetRunResult & { trainer: string; batchSize: number };
  /** Kernelscope's fastest engine rate on 'small-cnn', or null when figure 1 has none. */
  kernelscope: { backend: string; examplesPerSecond: number } | null;
  /** Kernelscope / ConvNetJS examples per second. */
  ratio: number | null;
}

export async function measureConvnet(browser: Browser, origin: string, plan: BenchPlan, speed: readonly SpeedRow[]): Promise<ConvnetFigure> {
  const context = await newContext(browser);
  try {
    const result = await runConvnet(context, origin, { batchSize: plan.batchSize, ...plan.convnet });
    const best = speed
      .filter((r) => r.preset === 'small-cnn' && r.engine)
      .reduce<SpeedRow | null>((a, r) => ((r.engine?.examplesPerSecond ?? 0) > (a?.engine?.examplesPerSecond ?? 0) ? r : a), null);
    const kernelscope = best?.engine ? { backend: best.backend, examplesPerSecond: best.engine.examplesPerSecond } : null;
    return {
      convnetjs: { ...result, trainer: 'adadelta', batchSize: plan.batchSize },
      kernelscope,
      ratio: kernelscope ? kernelscope.examplesPerSecond / result.examplesPerSecond : null,
    };
  } finally {
    await context.close();
  }
}
