import { test as base, expect, type Browser, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';

/** The console message types that fail a test: console.error, console.warn and failed console.assert. */
const FAILING_TYPES = new Set(['error', 'warning', 'assert']);

/**
 * Messages outside the app's control, with the reason each may be ignored. None so far: every
 * error and warning the page or its workers have logged in these tests was the app's to fix.
 */
const OUTSIDE_THE_APP: { pattern: RegExp; why: string }[] = [];

function describe(source: string, msg: ConsoleMessage): string {
  const { url, lineNumber } = msg.location();
  return `${source} ${msg.type()}: ${msg.text()}${url ? ` (${url}:${lineNumber})` : ''}`;
}

/** Records every failing console message and uncaught error of a page and of each worker it starts. */
function watchPage(page: Page, problems: string[]): void {
  const record = (source: string) => (msg: ConsoleMessage) => {
    if (!FAILING_TYPES.has(msg.type())) return;
    if (OUTSIDE_THE_APP.some(({ pattern }) => pattern.test(msg.text()))) return;
    problems.push(describe(source, msg));
  };
  page.on('console', record('[page]'));
  page.on('pageerror', (error) => problems.push(`[page] uncaught: ${error.message}`));
  page.on('worker', (worker) => worker.on('console', record(`[worker ${worker.url()}]`)));
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
