/**
 * Figure 5: what loading MNIST costs a first visit (empty cache): bytes of /mnist/ responses as the
 * server sent them, and the time from navigation to the status bar's "MNIST ready" text. Then, in
 * the same page, each other built-in dataset: from choosing it in Dataset to its "ready" text, and
 * the bytes under its folder (a generated dataset sends none: the time is its drawing).
 */
import type { Browser, Page } from '@playwright/test';
import { BUILTIN_DATASETS, MNIST } from '../../src/core/dataset';
import { READY_TEXT, readyTextOf } from '../lib/appDriver';
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
  /** Every other built-in dataset, chosen after MNIST was ready. */
  others: DatasetSwitchRow[];
}

export interface DatasetSwitchRow {
  dataset: string;
  /** Response bodies under the dataset's asset folder; 0 for a generated one. */
  networkBytes: number;
  files: number;
  /** From the choice in Dataset to its "<name> ready" text, in the page's clock. */
  choiceToReadyMs: number;
  appReport: string;
}

const reportOf = (statusText: string) => /\(([^)]*)\)\s*$/.exec(statusText)?.[1] ?? statusText;

async function switchTo(page: Page, server: StaticServer, dataset: (typeof BUILTIN_DATASETS)[number]): Promise<DatasetSwitchRow> {
  server.clearTraffic();
  const readyText = readyTextOf(dataset);
  const started = await page.evaluate(() => performance.now());
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: dataset.name });
  const ready = await page.waitForFunction((pattern) => (new RegExp(pattern).test(document.body.textContent ?? '') ? performance.now() : false), readyText.source, {
    polling: 'raf',
    timeout: 90_000,
  });
  const readyAt = await ready.jsonValue();
  if (readyAt === false) throw new Error(`${dataset.name} never became ready.`);
  const folder = dataset.source.kind === 'builtin' ? `/${dataset.source.assetFolder}/` : null;
  const sent = folder ? server.traffic().filter((s) => s.path.startsWith(folder)) : [];
  return {
    dataset: dataset.name,
    networkBytes: sent.reduce((a, s) => a + s.bytes, 0),
    files: sent.length,
    choiceToReadyMs: readyAt - started,
    appReport: reportOf((await page.getByText(readyText).textContent()) ?? ''),
  };
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
    const first = { networkBytes: mnist.reduce((a, s) => a + s.bytes, 0), files: mnist.map((s) => s.path), navigationToReadyMs, appReport: reportOf(statusText) };
    const others: DatasetSwitchRow[] = [];
    for (const dataset of BUILTIN_DATASETS.filter((d) => d.id !== MNIST.id)) others.push(await switchTo(page, server, dataset));
    return { ...first, others };
  } finally {
    await context.close();
  }
}
