/**
 * Drives and watches the app's inside view: its Refresh select, and the feature-map list
 * (`ol.layer-maps-list` in the "Feature maps" region), which sets `data-network-version`, `data-step`
 * and a `data-draws` counter each time the maps are drawn from a new snapshot.
 */
import type { Page } from '@playwright/test';

/** The page fits one screen at this size, the inside view on it (figures 9-11 use it). */
export const INSIDE_VIEW_VIEWPORT = { width: 1440, height: 900 } as const;

/** The Refresh select's values: '0' (off while training), '1', '4' (the default) or '10' per second. */
export const DEFAULT_REFRESH_PER_SECOND = 4;

/** The animation's Speed select's default (positions a second). */
export const DEFAULT_ANIMATION_SPEED = 5;

export interface DrawMark {
  /** performance.now() in the page, ms. */
  t: number;
  /** Training steps behind the weights drawn (data-step). */
  step: number;
  /** The engine's network the maps show (data-network-version). */
  version: number;
}

declare global {
  interface Window {
    /** Each feature-map draw since recordDraws. */
    __benchDraws?: DrawMark[];
  }
}

export async function setRefresh(page: Page, perSecond: number): Promise<void> {
  await page.getByRole('combobox', { name: 'Refresh' }).selectOption(String(perSecond));
}

/** The Refresh select's value (a number of snapshots per second; 0 is off while training). */
export async function readRefresh(page: Page): Promise<number> {
  return Number(await page.getByRole('combobox', { name: 'Refresh' }).inputValue());
}

/** What draws the snapshots: the feature-map list, or the convolution animation's stage. */
export interface DrawnView {
  region: string;
  /** The element that counts its draws in `data-draws` (and says its `data-step`). */
  selector: string;
}

export const FEATURE_MAPS: DrawnView = { region: 'Feature maps', selector: 'ol.layer-maps-list' };
export const CONVOLUTION_ANIMATION: DrawnView = { region: 'Convolution animation', selector: '.window-stage' };

/**
 * Scrolls the view into sight (it fetches only while it is on screen) and starts logging every
 * draw, with the page's clock.
 */
export async function recordDraws(page: Page, view: DrawnView = FEATURE_MAPS): Promise<void> {
  await page.getByRole('region', { name: view.region }).scrollIntoViewIfNeeded();
  await page.evaluate((selector) => {
    const fresh = window.__benchDraws === undefined;
    window.__benchDraws = [];
    if (!fresh) return;
    const list = document.querySelector(selector);
    if (!list) throw new Error(`No ${selector} on the page.`);
    new MutationObserver(() => {
      window.__benchDraws?.push({ t: performance.now(), step: Number(list.getAttribute('data-step')), version: Number(list.getAttribute('data-network-version')) });
    }).observe(list, { attributes: true, attributeFilter: ['data-draws'] });
  }, view.selector);
}

/**
 * Opens the convolution animation on the first layer at its default speed (5 positions a second),
 * as a student watching it while the network trains.
 */
export async function openAnimation(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Convolution' }).click();
  const region = page.getByRole('region', { name: 'Convolution animation' });
  const layer = region.getByRole('combobox', { name: 'Layer', exact: true });
  await layer.selectOption({ index: (await layer.locator('option[value=""]').count()) > 0 ? 1 : 0 });
  await region.getByRole('combobox', { name: 'Speed' }).selectOption(String(DEFAULT_ANIMATION_SPEED));
}

/** Plays the animation (from the start once it has reached the end), or pauses it. */
export async function setAnimationPlaying(page: Page, playing: boolean): Promise<void> {
  const region = page.getByRole('region', { name: 'Convolution animation' });
  const button = region.getByRole('button', { name: playing ? 'Play' : 'Pause' });
  if ((await button.count()) > 0) await button.click();
}

export async function readDraws(page: Page): Promise<DrawMark[]> {
  return page.evaluate(() => window.__benchDraws ?? []);
}

/** Feature-map draws logged between two page times. */
export async function drawsBetween(page: Page, from: number, to: number): Promise<number> {
  return page.evaluate(([a, b]) => (window.__benchDraws ?? []).filter((d) => d.t >= a && d.t <= b).length, [from, to] as const);
}

/** Waits for a draw of weights trained past `step` (a live snapshot while training). */
export async function waitForDrawAfterStep(page: Page, step: number, timeoutMs: number): Promise<DrawMark> {
  const handle = await page
    .waitForFunction((s) => (window.__benchDraws ?? []).find((d) => d.step > s) ?? false, step, { timeout: timeoutMs, polling: 50 })
    .catch(() => {
      throw new Error(`No feature-map snapshot past step ${step} was drawn within ${timeoutMs / 1000} s.`);
    });
  return (await handle.jsonValue()) as DrawMark;
}

/**
 * While paused: waits until the maps show the paused weights (a draw at `step` or later) and no draw
 * came for `quietMs`, so no snapshot is still on its way.
 */
export async function waitForSettledDraws(page: Page, step: number, quietMs: number, timeoutMs: number): Promise<void> {
  await page
    .waitForFunction(
      ([s, quiet]) => {
        const last = window.__benchDraws?.at(-1);
        return last !== undefined && last.step >= s && performance.now() - last.t >= quiet;
      },
      [step, quietMs] as const,
      { timeout: timeoutMs, polling: 50 },
    )
    .catch(() => {
      throw new Error(`The paused network's feature maps (step ${step}) were not drawn within ${timeoutMs / 1000} s.`);
    });
}
