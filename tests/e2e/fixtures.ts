import { test as base, expect, type Page } from '@playwright/test';

/** Fails the test on any console error or uncaught page error, from the page or its worker. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('worker', (worker) => worker.on('console', (msg) => msg.type() === 'error' && errors.push(`[worker] ${msg.text()}`)));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens the app and waits until MNIST is loaded and the engine is ready. */
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
