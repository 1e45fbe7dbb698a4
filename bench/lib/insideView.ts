/**
 * Drives and watches the app's inside view: its Refresh select, and the feature-map list's
 * `data-draws` counter, which goes up each time the maps are drawn from a new snapshot.
 */
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    /** Page times (performance.now()) of each feature-map draw since recordDraws. */
    __benchDraws?: number[];
  }
}

/** The Refresh select's value: '0' (off while training), '1', '4' (the default) or '10' per second. */
export async function setRefresh(page: Page, perSecond: number): Promise<void> {
  await page.getByRole('combobox', { name: 'Refresh' }).selectOption(String(perSecond));
}

/** Starts logging the page time of every feature-map draw. */
export async function recordDraws(page: Page): Promise<void> {
  await page.getByRole('region', { name: 'Feature maps' }).scrollIntoViewIfNeeded();
  await page.evaluate(() => {
    window.__benchDraws = [];
    const list = document.querySelector('ol.layer-maps-list');
    if (!list) throw new Error('No feature-map list on the page.');
    new MutationObserver(() => window.__benchDraws?.push(performance.now())).observe(list, { attributes: true, attributeFilter: ['data-draws'] });
  });
}

/** Feature-map draws logged between two page times. */
export async function drawsBetween(page: Page, from: number, to: number): Promise<number> {
  return page.evaluate(([a, b]) => (window.__benchDraws ?? []).filter((t) => t >= a && t <= b).length, [from, to] as const);
}
