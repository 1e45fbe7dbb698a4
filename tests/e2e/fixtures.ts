import { test as base, expect, type Browser, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';

/** The console message types that fail a test: console.error, console.warn and failed console.assert. */
const FAILING_TYPES = new Set(['error', 'warning', 'assert']);

/**
 * Messages outside the app's control, each with the reason it may be ignored. Anything else the
 * page or its workers log as an error or warning is the app's to fix.
 */
const OUTSIDE_THE_APP: { why: string; matches(msg: ConsoleMessage): boolean }[] = [
  {
    // Chromium warns once a canvas has been read back a few times. The app never reads its canvases
    // back (no getImageData in src/); the specs do, polling a canvas' pixels from page.evaluate. Such
    // code has no script URL, so a readback by the app's own scripts still fails the test.
    why: 'a spec reading the pixels of an app canvas',
    matches: (msg) => msg.text().startsWith('Canvas2D: Multiple readback operations using getImageData') && msg.location().url === '',
  },
];

function describe(source: string, msg: ConsoleMessage): string {
  const { url, lineNumber } = msg.location();
  return `${source} ${msg.type()}: ${msg.text()}${url ? ` (${url}:${lineNumber})` : ''}`;
}

/**
 * Records every failing console message and uncaught error of a page. The page's console and
 * pageerror events carry its workers' too (the engine's worker and the wasm threads it starts).
 */
function watchPage(page: Page, problems: string[]): void {
  page.on('console', (msg) => {
    if (!FAILING_TYPES.has(msg.type())) return;
    if (OUTSIDE_THE_APP.some((known) => known.matches(msg))) return;
    const worker = msg.worker();
    problems.push(describe(worker ? `[worker ${worker.url()}]` : '[page]', msg));
  });
  page.on('pageerror', (error) => problems.push(`[page] uncaught: ${error.message}`));
}

function watchContext(context: BrowserContext, problems: string[]): void {
  context.pages().forEach((page) => watchPage(page, problems));
  context.on('page', (page) => watchPage(page, problems));
}

/**
 * Fails the test on any console error, warning or failed assertion, or uncaught page error, from
 * the page, its workers, or any other page the test opens (in its own context or a new one).
 */
export const test = base.extend<{ consoleProblems: string[] }>({
  consoleProblems: [
    async ({ context, browser }, use) => {
      const problems: string[] = [];
      watchContext(context, problems);
      // Contexts the test makes itself (a "fresh browser" opening a link) are watched too.
      const newContext = browser.newContext;
      browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
        const made = await newContext.apply(browser, args);
        watchContext(made, problems);
        return made;
      };
      try {
        await use(problems);
      } finally {
        browser.newContext = newContext;
      }
      expect(problems, 'console errors and warnings').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens the app (a path on the project's baseURL, or a full URL) and waits until MNIST is loaded and the engine is ready. */
export async function openReadyApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'Kernelscope' })).toBeVisible();
  await expect(page.getByText(/MNIST ready: 55,000 train, 5,000 validation, 10,000 test/)).toBeVisible({ timeout: 60_000 });
}

/** Reads a numeric status output such as "Training accuracy" ("87.5%") or "Batch" ("12 / 1719"). */
export async function readOutput(page: Page, name: string): Promise<number> {
  const text = (await page.getByRole('status', { name, exact: true }).textContent()) ?? '';
  return Number.parseFloat(text);
}
