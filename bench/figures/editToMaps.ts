/**
 * Figure 11: from an edit of the untrained network to its feature maps redrawn. On the classic MNIST
 * CNN (the Preset "Classic MNIST CNN", no training), the first Conv2D's Filters is set to 32 and 33
 * in turn; each edit is timed in the page, as figure 8 times its edits, from the input event until
 * the feature-map list shows the new network (its data-network-version changes, after the worker
 * built the model and ran every layer on the probe image) and to the next animation frame, when the
 * canvases have drawn. Budget: median <= 100 ms to the frame.
 */
import type { Browser, Page } from '@playwright/test';
import { openApp, readBackend } from '../lib/appDriver';
import { newContext } from '../lib/browser';
import { INSIDE_VIEW_VIEWPORT, recordDraws } from '../lib/insideView';
import type { BenchPlan } from '../lib/plan';
import { summarizeLatencies, type LatencySummary } from '../lib/stats';

const PRESET = 'mnist-cnn';
const FILTERS = [32, 33] as const;

export interface EditToMapsFigure {
  preset: string;
  backend: string;
  edits: number;
  /** Input event to data-network-version changing on the feature-map list (the new maps' data drawn). */
  toNewMaps: LatencySummary;
  /** Input event to the first animation frame after that (what a person sees). */
  toMapsDrawn: LatencySummary;
}

/** One Filters edit of the selected layer, timed inside the page. */
function timeEdit(page: Page, filters: number): Promise<{ versionMs: number; frameMs: number }> {
  return page.evaluate(
    (value) =>
      new Promise<{ versionMs: number; frameMs: number }>((resolve, reject) => {
        const input = [...document.querySelectorAll<HTMLInputElement>('input[type="number"]')].find((el) => el.labels?.[0]?.textContent === 'Filters');
        const list = document.querySelector('ol.layer-maps-list');
        if (!input || !list) return reject(new Error('No Filters input or feature-map list.'));
        const before = list.getAttribute('data-network-version');
        const timeout = setTimeout(() => reject(new Error(`The feature maps did not follow the edit to ${value} filters within 10 s.`)), 10_000);
        const observer = new MutationObserver(() => {
          if (list.getAttribute('data-network-version') === before) return;
          const versionMs = performance.now() - start;
          observer.disconnect();
          requestAnimationFrame(() => {
            clearTimeout(timeout);
            resolve({ versionMs, frameMs: performance.now() - start });
          });
        });
        observer.observe(list, { attributes: true, attributeFilter: ['data-network-version'] });
        // React listens for 'input' and reads the value through the native setter.
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
        const start = performance.now();
        setValue?.call(input, String(value));
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    filters,
  );
}

export async function measureEditToMaps(browser: Browser, origin: string, plan: BenchPlan): Promise<EditToMapsFigure> {
  const context = await newContext(browser, { viewport: INSIDE_VIEW_VIEWPORT });
  try {
    const page = await openApp(context, origin, plan.appBackend ?? undefined);
    const { name: backend } = await readBackend(page);
    await page.getByRole('combobox', { name: 'Preset' }).selectOption(PRESET);
    await recordDraws(page);
    const maps = page.getByRole('region', { name: 'Feature maps' });
    await maps.getByRole('group', { name: new RegExp(`^Layer 1, Conv2D: ${FILTERS[0]} feature maps`) }).waitFor();
    await page.getByRole('list', { name: 'Network' }).getByRole('button', { name: /^1\. Conv2D/ }).click();
    const filters = page.getByRole('spinbutton', { name: 'Filters' });
    if ((await filters.inputValue()) !== String(FILTERS[0])) throw new Error(`The first Conv2D has ${await filters.inputValue()} filters, not ${FILTERS[0]}.`);
    // Untimed: the first edit to each size builds that model for the first time.
    await timeEdit(page, FILTERS[1]);
    const versions: number[] = [];
    const frames: number[] = [];
    for (let i = 0; i < plan.mapEdits; i++) {
      const { versionMs, frameMs } = await timeEdit(page, FILTERS[i % 2] ?? FILTERS[0]);
      versions.push(versionMs);
      frames.push(frameMs);
    }
    return { preset: PRESET, backend, edits: plan.mapEdits, toNewMaps: summarizeLatencies(versions), toMapsDrawn: summarizeLatencies(frames) };
  } finally {
    await context.close();
  }
}
