import { cpus, loadavg } from 'node:os';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';

/** Debian's Chromium (or CHROME_PATH) with the e2e tests' flags; never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  chromium: string;
  node: string;
  platform: string;
  /** 1, 5 and 15-minute load averages when the run ended: other work on a shared machine skews spans. */
  loadAverage: number[];
}

export function describeMachine(browser: Browser): MachineInfo {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    chromium: browser.version(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/**
 * A fresh context (empty cache). tsx compiles this code with esbuild's keepNames, which wraps named
 * functions in a `__name(fn, "name")` helper; functions sent to the page (page.evaluate) keep those
 * calls, so the page gets a do-nothing `__name` of its own. `options`: a viewport, for instance.
 */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  return context;
}
