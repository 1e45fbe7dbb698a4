import type { Page } from '@playwright/test';
import { expect, openReadyApp, test } from './fixtures';

test('after one epoch the test set is evaluated by itself: the confusion matrix sums to 10,000 and agrees with the accuracy shown', async ({ page }) => {
  await openReadyApp(page);
  await page.getByRole('combobox', { name: 'Batch size' }).selectOption('128');
  await page.getByRole('spinbutton', { name: 'Epochs' }).fill('1');
  await page.getByRole('button', { name: 'Train' }).click();
  // The test set is a tab beside the learning curves; its label shows the accuracy once evaluated.
  const tab = page.getByRole('tab', { name: /^Test set/ });
  await expect(tab).toHaveText(/^Test set \d+\.\d%$/, { timeout: 180_000 });
  await tab.click();
  const panel = page.getByRole('region', { name: 'Test set' });
  const figures = panel.getByRole('status', { name: 'Test result' });
  await expect(figures).toHaveText(/^Test accuracy (\d+\.\d\d)% \(([\d,]+) of 10,000\), loss \d+\.\d{4}, after \d[\d,]* steps\.$/, { timeout: 180_000 });
  const [, percentText, correctText] = /Test accuracy (\d+\.\d\d)% \(([\d,]+) of/.exec((await figures.textContent()) ?? '') ?? [];
  const correct = Number(correctText?.replace(/,/g, ''));
  expect(Number(percentText)).toBeGreaterThan(80);

  const matrix = panel.getByRole('region', { name: 'Confusion matrix' });
  const counts = await matrix.locator('td.cell').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
  expect(counts).toHaveLength(100);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
  const diagonal = await matrix.locator('td.diagonal').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
  expect(diagonal.reduce((a, b) => a + b, 0)).toBe(correct);
  await expect(matrix.getByRole('columnheader', { name: 'right' })).toBeVisible();
  // Readable in the right column (about 350 px): all of it across, no text under 9 px.
  const fit = await matrix.evaluate((element) => {
    const holder = element.querySelector('.confusion-holder') ?? element;
    const cell = element.querySelector('td.cell button') ?? element;
    return { width: element.getBoundingClientRect().width, scroll: holder.scrollWidth - holder.clientWidth, font: Number.parseFloat(getComputedStyle(cell).fontSize) };
  });
  expect(fit.width).toBeLessThanOrEqual(360);
  expect(fit.scroll, 'no sideways scrolling in the matrix').toBeLessThanOrEqual(0);
  expect(fit.font).toBeGreaterThanOrEqual(9);

  // A cell opens its images: as many as its count, up to the gallery's 48.
  const cells = await matrix.locator('td.cell').evaluateAll((tds) => tds.map((td, i) => ({ t: Math.floor(i / 10), p: i % 10, n: Number(td.getAttribute('data-count')) })));
  const mistakeCell = cells.filter((c) => c.t !== c.p && c.n > 0).sort((a, b) => b.n - a.n)[0]!;
  const name = `true ${mistakeCell.t}, predicted ${mistakeCell.p}: ${mistakeCell.n} image${mistakeCell.n === 1 ? '' : 's'}`;
  await matrix.getByRole('button', { name, exact: true }).click();
  await expect(matrix.getByRole('button', { name, exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.getByRole('list', { name, exact: true }).getByRole('listitem')).toHaveCount(Math.min(mistakeCell.n, 48));
  // From the keyboard: the arrows move between the cells (one tab stop), Enter opens one.
  await page.keyboard.press(mistakeCell.t < 9 ? 'ArrowDown' : 'ArrowUp');
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('heading', { name: `True ${mistakeCell.t < 9 ? mistakeCell.t + 1 : mistakeCell.t - 1}, predicted ${mistakeCell.p}` })).toBeVisible();
  const diagonalCell = cells.find((c) => c.t === c.p && c.n > 48)!;
  await matrix.getByRole('button', { name: `true ${diagonalCell.t}, predicted ${diagonalCell.t}: ${diagonalCell.n.toLocaleString('en-US')} images` }).click();
  await expect(panel.getByText(`The 48 most confident of ${diagonalCell.n.toLocaleString('en-US')} images.`)).toBeVisible();
  await expect(panel.getByRole('list', { name: /^true \d, predicted \d/ }).getByRole('listitem')).toHaveCount(48);

  // A mistake becomes the probe image of the inside view.
  await panel.getByRole('button', { name: 'Show the most confident mistakes' }).click();
  const mistakes = panel.getByRole('list', { name: 'The most confident mistakes' }).getByRole('button');
  await expect(mistakes).toHaveCount(Math.min(48, 10_000 - correct));
  const mistake = mistakes.nth(2);
  const [, imageNumber, truth] = /^Test image ([\d,]+), a (\d), predicted (?!\2)\d/.exec((await mistake.getAttribute('aria-label')) ?? '') ?? [];
  expect(imageNumber).toBeDefined();
  await mistake.click();
  await expect(page.getByRole('status').filter({ hasText: `Test image ${imageNumber} is the probe image` })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Probe index' })).toHaveText(imageNumber!);
  await expect(page.getByRole('status', { name: 'Probe label' })).toHaveText(truth!);

  // Asked again: the same model gives the same answer.
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(figures).toHaveText(new RegExp(`\\(${correctText} of 10,000\\)`));
});

test('on a phone the results (learning curves, test set) come after training, in the one column', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openReadyApp(page);
  await page.getByRole('tab', { name: /^Test set/ }).click();
  // Where each starts on the page (the click scrolled it).
  const top = (locator: ReturnType<Page['getByRole']>) => locator.evaluate((element) => element.getBoundingClientRect().top + window.scrollY);
  const train = await top(page.getByRole('region', { name: 'Training' }));
  const testSet = await top(page.getByRole('region', { name: 'Test set' }));
  const network = await top(page.getByRole('region', { name: 'Network', exact: true }));
  expect(testSet).toBeGreaterThan(train);
  expect(network).toBeGreaterThan(testSet);
});
