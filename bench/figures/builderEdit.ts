/**
 * Figure 8: how fluid the builder stays on a big network. Builds a 30-layer network through the
 * palette, then changes the first layer's stride back and forth (which changes every later shape and
 * the classifier's parameter count) and times each edit from the input event to (a) the last layer
 * in the list showing its new parameter count and (b) the next animation frame after that.
 */
import type { Browser, Page } from '@playwright/test';
import { openApp } from '../lib/appDriver';
import { newContext } from '../lib/browser';
import type { BenchPlan } from '../lib/plan';
import { summarizeLatencies, type LatencySummary } from '../lib/stats';

export interface BuilderEditFigure {
  layers: number;
  edits: number;
  /** Input event to the last layer's updated text. */
  toUpdatedShapes: LatencySummary;
  /** Input event to the first animation frame after the update (what a person sees). */
  toNextFrame: LatencySummary;
}

/** 3 conv blocks (15 layers), 13 shape-keeping layers, Flatten and Dense: 30 layers, all valid. */
async function buildThirtyLayers(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'New empty network' }).click();
  const palette = page.getByRole('region', { name: 'Layer palette' });
  const add = (name: string) => palette.getByRole('button', { name, exact: true }).click();
  for (let i = 0; i < 3; i++) await add('Conv block');
  for (let i = 0; i < 13; i++) await add(['BatchNorm', 'Activation', 'Dropout'][i % 3] ?? 'Dropout');
  await add('Flatten');
  await add('Dense');
  const items = page.getByRole('list', { name: 'Network' }).getByRole('listitem');
  return items.count();
}

/** One stride edit on the selected layer, timed inside the page. */
function timeEdit(page: Page, stride: number): Promise<{ updatedMs: number; frameMs: number }> {
  return page.evaluate(
    (value) =>
      new Promise<{ updatedMs: number; frameMs: number }>((resolve, reject) => {
        const input = [...document.querySelectorAll<HTMLInputElement>('input[type="number"]')].find((el) => el.labels?.[0]?.textContent === 'Stride');
        const list = document.querySelector('ol[aria-label="Network"]');
        const last = () => list?.lastElementChild?.getAttribute('aria-label') ?? '';
        if (!input || !list) return reject(new Error('No Stride input or Network list.'));
        const before = last();
        const observer = new MutationObserver(() => {
          if (last() === before) return;
          const updatedMs = performance.now() - start;
          observer.disconnect();
          requestAnimationFrame(() => resolve({ updatedMs, frameMs: performance.now() - start }));
        });
        observer.observe(list, { subtree: true, attributes: true, attributeFilter: ['aria-label'] });
        setTimeout(() => reject(new Error('The network did not update within 10 s.')), 10_000);
        // React listens for 'input' and reads the value through the native setter.
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
        const start = performance.now();
        setValue?.call(input, String(value));
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    stride,
  );
}

export async function measureBuilderEdit(browser: Browser, origin: string, plan: BenchPlan): Promise<BuilderEditFigure> {
  const context = await newContext(browser);
  try {
    const page = await openApp(context, origin);
    const layers = await buildThirtyLayers(page);
    await page.getByRole('list', { name: 'Network' }).getByRole('button', { name: /^1\. Conv2D/ }).click();
    const updated: number[] = [];
    const frames: number[] = [];
    for (let i = 0; i < plan.builderEdits; i++) {
      const { updatedMs, frameMs } = await timeEdit(page, i % 2 === 0 ? 2 : 1);
      updated.push(updatedMs);
      frames.push(frameMs);
    }
    return { layers, edits: plan.builderEdits, toUpdatedShapes: summarizeLatencies(updated), toNextFrame: summarizeLatencies(frames) };
  } finally {
    await context.close();
  }
}
