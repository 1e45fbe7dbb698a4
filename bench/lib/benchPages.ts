/** Opens the benchmark's own pages (built from bench/pages) and runs them. */
import type { BrowserContext, Page } from '@playwright/test';
import type {
  BareOpened,
  BareOpenOptions,
  BareSpanOptions,
  BareSpanResult,
  ConvnetDemoCrops,
  ConvnetDemoOpened,
  ConvnetDemoOpenOptions,
  ConvnetDemoTested,
  ConvnetDemoTrained,
  ConvnetRunOptions,
  ConvnetRunResult,
} from '../pages/protocol';

async function openBenchPage(context: BrowserContext, origin: string, name: 'bare' | 'convnet'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/bench/${name}.html`);
  await page.waitForFunction((n) => window.kernelscopeBench?.[n] !== undefined, name);
  return page;
}

/** A bare tfjs loop in its own page, warmed up and ready to time spans of batches. */
export interface BareSession extends BareOpened {
  train(span: BareSpanOptions): Promise<BareSpanResult>;
  close(): Promise<void>;
}

export async function openBare(context: BrowserContext, origin: string, options: BareOpenOptions): Promise<BareSession> {
  const page = await openBenchPage(context, origin, 'bare');
  try {
    const opened = await page.evaluate((o) => {
      const bare = window.kernelscopeBench?.bare;
      if (!bare) throw new Error('The bare page has no API.');
      return bare.open(o);
    }, options);
    return {
      ...opened,
      train: (span) =>
        page.evaluate((s) => {
          const bare = window.kernelscopeBench?.bare;
          if (!bare) throw new Error('The bare page has no API.');
          return bare.train(s);
        }, span),
      close: () => page.close(),
    };
  } catch (error) {
    await page.close();
    throw error;
  }
}

/** Runs ConvNetJS in a fresh page. */
export async function runConvnet(context: BrowserContext, origin: string, options: ConvnetRunOptions): Promise<ConvnetRunResult> {
  const page = await openBenchPage(context, origin, 'convnet');
  try {
    return await page.evaluate(async (o) => {
      const convnet = window.kernelscopeBench?.convnet;
      if (!convnet) throw new Error('The ConvNetJS page has no API.');
      return convnet.run(o);
    }, options);
  } finally {
    await page.close();
  }
}

/** ConvNetJS's MNIST demo in its own page, built and ready to train on its clock and be tested (figure 15). */
export interface ConvnetDemoSession extends ConvnetDemoOpened {
  trainUntil(untilMs: number): Promise<ConvnetDemoTrained>;
  test(crops: ConvnetDemoCrops): Promise<ConvnetDemoTested>;
  close(): Promise<void>;
}

export async function openConvnetDemo(context: BrowserContext, origin: string, options: ConvnetDemoOpenOptions): Promise<ConvnetDemoSession> {
  const page = await openBenchPage(context, origin, 'convnet');
  try {
    const opened = await page.evaluate((o) => {
      const demo = window.kernelscopeBench?.convnetDemo;
      if (!demo) throw new Error('The ConvNetJS page has no demo API.');
      return demo.open(o);
    }, options);
    return {
      ...opened,
      trainUntil: (untilMs) =>
        page.evaluate((ms) => {
          const demo = window.kernelscopeBench?.convnetDemo;
          if (!demo) throw new Error('The ConvNetJS page has no demo API.');
          return demo.trainUntil(ms);
        }, untilMs),
      test: (crops) =>
        page.evaluate((c) => {
          const demo = window.kernelscopeBench?.convnetDemo;
          if (!demo) throw new Error('The ConvNetJS page has no demo API.');
          return demo.test(c);
        }, crops),
      close: () => page.close(),
    };
  } catch (error) {
    await page.close();
    throw error;
  }
}
