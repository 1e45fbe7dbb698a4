import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { getPreset } from '../../src/core/editing/presets';
import { expect, openReadyApp, test } from './fixtures';

/**
 * The workspace's layout promises, as boxes in the viewport: what a student sees on load, without
 * scrolling, at the common laptop sizes; and one sensible column on a phone and a tablet.
 */

const featureMaps = (page: Page) => page.getByRole('region', { name: 'Feature maps' });

/** How many distinct colours a canvas holds: more than one means it is drawn, not a flat fill. */
function canvasColours(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) colours.add(((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0));
    return colours.size;
  });
}

async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

const spec = getPreset('small-cnn')?.spec;

for (const size of [
  { width: 1440, height: 900 },
  { width: 1280, height: 800 },
]) {
  test.describe(`at ${size.width}x${size.height}`, () => {
    test.use({ viewport: size });

    test('on load, without scrolling: every layer of the network, Train, the status, the curves, and the first three layers’ maps drawn', async ({ page }) => {
      if (!spec) throw new Error('small-cnn preset missing');
      await openReadyApp(page);
      const whole = { ratio: 1 };
      // Every layer row of the default network, whole.
      const rows = page.getByRole('list', { name: 'Network' }).getByRole('listitem');
      await expect(rows).toHaveCount(spec.layers.length);
      for (let i = 0; i < spec.layers.length; i++) await expect(rows.nth(i), `layer row ${i + 1}`).toBeInViewport(whole);
      await expect(page.getByRole('region', { name: 'Training' }).getByRole('button', { name: 'Train' })).toBeInViewport(whole);
      await expect(page.getByRole('status', { name: 'Training accuracy' })).toBeInViewport(whole);
      await expect(page.getByRole('img', { name: 'Loss chart' })).toBeInViewport(whole);
      await expect(page.getByRole('img', { name: 'Accuracy chart' })).toBeInViewport(whole);
      // The probe and its answer beside the maps.
      await expect(page.getByRole('region', { name: 'Probe image' }).getByRole('img', { name: /^Test image 1, a handwritten 7/ })).toBeInViewport(whole);
      await expect(page.getByRole('region', { name: 'Prediction' }).getByText(/^Prediction: \d/)).toBeInViewport(whole);
      // Layers 1 to 3: every channel on screen (the whole canvas), and drawn.
      for (const [index, name] of ['Layer 1, Conv2D', 'Layer 2, MaxPool2D', 'Layer 3, Conv2D'].entries()) {
        const canvas = featureMaps(page).getByRole('img', { name: new RegExp(`^${name}: `) });
        await expect(canvas, `${name}'s maps`).toBeInViewport(whole);
        await expect.poll(() => canvasColours(canvas), { message: `layer ${index + 1} holds a picture` }).toBeGreaterThan(2);
      }
      // The preset select shows its preset's name (a parenthesis after it may be cut), beside Empty.
      await expect(page.getByRole('button', { name: 'New empty network' })).toBeInViewport(whole);
      const preset = await page.getByRole('combobox', { name: 'Preset' }).evaluate((element) => {
        const select = element as HTMLSelectElement;
        const name = (select.selectedOptions[0]?.textContent ?? '').split(' (')[0] ?? '';
        const context = document.createElement('canvas').getContext('2d');
        if (!context) throw new Error('no 2D context');
        context.font = getComputedStyle(select).font;
        // The arrow takes about 1.5em of the select's inside.
        const room = select.clientWidth - parseFloat(getComputedStyle(select).paddingLeft) - 1.5 * parseFloat(getComputedStyle(select).fontSize);
        return { name, needed: context.measureText(name).width, room };
      });
      expect(preset.name).toBe('Small CNN');
      expect(preset.needed, `"${preset.name}" fits its select`).toBeLessThanOrEqual(preset.room);
      // Test set, Filters and Compare runs are a click away.
      await expect(page.getByRole('tab', { name: /^Test set/ })).toBeInViewport(whole);
      await expect(page.getByRole('tab', { name: 'Filters' })).toBeInViewport(whole);
      await expect(page.getByRole('button', { name: 'Compare runs' })).toBeInViewport(whole);
      // The page itself does not scroll: every panel scrolls inside itself.
      const heights = await page.evaluate(() => [document.documentElement.scrollHeight, window.innerHeight, document.documentElement.scrollWidth, window.innerWidth]);
      expect(heights[0], 'the page is as tall as the window').toBeLessThanOrEqual(heights[1] ?? 0);
      expect(heights[2], 'nor wider').toBeLessThanOrEqual(heights[3] ?? 0);
      // After a scroll inside a panel the promise holds again on reload: nothing was scrolled to get here.
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      await expectNoSeriousAxeViolations(page);
    });

    test('training moves nothing: the status bar stays one line and every panel keeps its box', async ({ page }) => {
      await openReadyApp(page);
      const status = page.getByRole('contentinfo', { name: 'Status' });
      const panels = [status, page.getByRole('region', { name: 'Inside the network' }), page.getByRole('region', { name: 'Training' })];
      const boxes = () => Promise.all(panels.map((p) => p.boundingBox()));
      const before = await boxes();
      await page.getByRole('region', { name: 'Training' }).getByRole('button', { name: 'Train' }).click();
      await expect(page.getByRole('status', { name: 'Training accuracy' })).toHaveText(/%$/, { timeout: 60_000 });
      await page.getByRole('button', { name: 'Pause' }).click();
      await expect(status.getByText('Paused')).toBeVisible();
      expect(await boxes()).toEqual(before);
      // Its data figures gave way, not the training ones, and the whole sentence is in its title.
      await expect(status.getByTitle(/^MNIST: 55,000 train, 5,000 validation, 10,000 test$/)).toBeVisible();
    });
  });
}

test.describe('on a phone and a tablet', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('one column in reading order (inside the network, training, results, the network), no sideways scrolling, no serious accessibility problems', async ({ page }) => {
    await openReadyApp(page);
    const top = async (locator: Locator) => (await locator.boundingBox())?.y ?? Infinity;
    const tops = [
      await top(page.getByRole('heading', { name: 'Inside the network' })),
      await top(page.getByRole('region', { name: 'Training' }).getByRole('button', { name: 'Train' })),
      await top(page.getByRole('tab', { name: 'Learning curves' })),
      await top(page.getByRole('heading', { name: 'Network', exact: true })),
    ];
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    // The probe and the first maps are on the first screen.
    await expect(page.getByRole('region', { name: 'Probe image' }).getByRole('radio', { name: 'My drawing' })).toBeInViewport();
    await expect(featureMaps(page).getByRole('img', { name: /^Input: / })).toBeInViewport();
    for (const size of [
      { width: 390, height: 844 },
      { width: 820, height: 1180 },
    ]) {
      await page.setViewportSize(size);
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(widths[0], `no horizontal scroll at ${size.width}px`).toBeLessThanOrEqual(widths[1] ?? 0);
      await expectNoSeriousAxeViolations(page);
    }
  });
});
