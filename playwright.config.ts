import { defineConfig } from '@playwright/test';

/** Debian's Chromium (apt-get install chromium), or CHROME_PATH; Playwright never downloads a browser here. */
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // A camera for the own-images camera test: Chromium's generated test pattern, allowed without a prompt.
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];
/** The built app (`vite preview`), which every spec but the dev-server smoke test runs against. */
const PREVIEW_PORT = 4173;
/**
 * Vite's dev server, for devServer.spec.ts: React's development-only checks (invalid nesting,
 * missing keys) run there. Not 5173, which `npm start` takes for a developer's own server.
 */
const DEV_PORT = 5174;
const DEV_SPEC = /devServer\.spec\.ts$/;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 240_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PREVIEW_PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'built', testIgnore: DEV_SPEC },
    { name: 'dev-server', testMatch: DEV_SPEC, use: { baseURL: `http://127.0.0.1:${DEV_PORT}` } },
  ],
  // Both send the cross-origin isolation headers (vite.config.ts: preview.headers, server.headers).
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${PREVIEW_PORT} --strictPort`,
      url: `http://127.0.0.1:${PREVIEW_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: `npx vite --host 127.0.0.1 --port ${DEV_PORT} --strictPort`,
      url: `http://127.0.0.1:${DEV_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
