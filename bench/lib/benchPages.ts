/** Opens the benchmark's own pages (built from bench/pages) and runs them. */
import type { BrowserContext, Page } from '@playwright/test';
import type { BareRunOptions, BareRunResult, ConvnetRunOptions, ConvnetRunResult } from '../pages/protocol';

async function openBenchPage(context: BrowserContext, origin: string, name: 'bare' | 'convnet'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/bench/${name}.html`);
  await page.waitForFunction((n) => window.kernelscopeBench?.[n] !== undefined, name);
  return page;
}

/** Runs the bare tfjs loop in a fresh page. */
export async function runBare(context: BrowserContext, origin: string, options: BareRunOptions): Promise<BareRunResult> {
  const page = await openBenchPage(context, origin, 'bare');
  try {
    return await page.evaluate(async (o) => {
      const bare = window.kernelscopeBench?.bare;
      if (!bare) throw new Error('The bare page has no API.');
      return bare.run(o);
    }, options);
  } finally {
    await page.close();
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
