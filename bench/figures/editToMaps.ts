/**
 * Figure 10: from an edit of the untrained network to its feature maps redrawn. On the classic MNIST
 * CNN, the first conv layer's Filters is set to 33 and back; each edit is timed in the page from the
 * input event until the feature-map list shows the new network (its data-network-version changes,
 * after the worker built the model and ran one predict of every layer) and the next animation frame,
 * when the canvases have drawn. Budget: median <= 100 ms.
 */
import type { Browser, Page } from '@playwright/test';
import { openApp } from '../lib/appDriver';
import { newContext } from '../lib/browser';
import type { BenchPlan } from '../lib/plan';
import { summarizeLatencies, type LatencySummary } from '../lib/stats';

export interface EditToMapsFigure {
  preset: string;
  edits: number;
  toMapsDrawn: LatencySummary;
}

function timeEdit(page: Page, filters: number): Promise<number> {
  return page.evaluate(
    (value) =>
      new Promise<number>((resolve, reject) => {
        const input = [...document.querySelectorAll<HTMLInputElement>('input[type="number"]')].find((el) => el.labels?.[0]?.textContent === 'Filters');
        const list = document.querySelector('ol.layer-maps-list');
        if (!input || !list) return reject(new Error('No Filters input or feature-map list.'));
        const before = list.getAttribute('data-network-version');
        const observer = new MutationObserver(() => {
          if (list.getAttribute('data-network-version') === before) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - start));
        });
        observer.observe(list, { attributes: true, attributeFilter: ['data-network-version'] });
        setTimeout(() => reject(new Error('The feature maps did not follow the edit within 10 s.')), 10_000);
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
        const start = performance.now();
        setValue?.call(input, String(value));
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    filters,
  );
}

export async function measureEditToMaps(browser: Browser, origin: string, plan: BenchPlan): Promise<EditToMapsFigure> {
  const context = await newContext(browser);
  try {
    const page = await openApp(context, origin, plan.appBackend ?? undefined);
    await page.getByRole('combobox', { name: 'Preset' }).selectOption('mnist-cnn');
    await page.getByRole('region', { name: 'Feature maps' }).getByRole('group', { name: /^Layer 1, Conv2D: 32 feature maps/ }).waitFor();
    await page.getByRole('list', { name: 'Network' }).getByRole('button', { name: /^1\. Conv2D/ }).click();
    const samples: number[] = [];
    // The first edit builds a model of each new size; later ones alternate between two warmed sizes.
    await timeEdit(page, 33);
    for (let i = 0; i < plan.mapEdits; i++) samples.push(await timeEdit(page, i % 2 === 0 ? 32 : 33));
    return { preset: 'mnist-cnn', edits: plan.mapEdits, toMapsDrawn: summarizeLatencies(samples) };
  } finally {
    await context.close();
  }
}
