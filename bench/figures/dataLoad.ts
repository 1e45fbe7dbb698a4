/**
 * Figure 5: what loading MNIST costs a first visit (empty cache): bytes of /mnist/ responses as the
 * server sent them, and the time from navigation to the status bar's "MNIST ready" text.
 */
import type { Browser } from '@playwright/test';
import { READY_TEXT } from '../lib/appDriver';
import { newContext } from '../lib/browser';
import type { StaticServer } from '../lib/server';

export interface DataLoadFigure {
  /** Response bodies under /mnist/ (manifest and both splits) sent for one page load. */
  networkBytes: number;
  files: string[];
  /** From navigation start to the "MNIST ready" text, in the page's clock. */
  navigationToReadyMs: number;
  /** The app's own report, e.g. "8.9 MB in 0.9 s". */
  appReport: string;
}

export async function measureDataLoad(browser: Browser, server: StaticServer): Promise<DataLoadFigure> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    server.clearTraffic();
    await page.goto(`${server.origin}/`);
    const ready = await page.waitForFunction(
      (pattern) => (new RegExp(pattern).test(document.body.textContent ?? '') ? performance.now() : false),
      READY_TEXT.source,
      { polling: 'raf', timeout: 90_000 },
    );
    const navigationToReadyMs = await ready.jsonValue();
    if (navigationToReadyMs === false) throw new Error('MNIST never became ready.');
    const statusText = (await page.getByText(READY_TEXT).textContent()) ?? '';
    const mnist = server.traffic().filter((s) => s.path.startsWith('/mnist/'));
    if (mnist.length === 0) throw new Error('The server sent nothing under /mnist/.');
    return {
      networkBytes: mnist.reduce((a, s) => a + s.bytes, 0),
      files: mnist.map((s) => s.path),
      navigationToReadyMs,
      appReport: /\(([^)]*)\)\s*$/.exec(statusText)?.[1] ?? statusText,
    };
  } finally {
    await context.close();
  }
}
