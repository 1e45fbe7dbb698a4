import { expect, openReadyApp, test } from './fixtures';

test('after one epoch the test set is evaluated by itself: the confusion matrix sums to 10,000 and agrees with the accuracy shown', async ({ page }) => {
  await openReadyApp(page);
  await page.getByRole('combobox', { name: 'Batch size' }).selectOption('128');
  await page.getByRole('spinbutton', { name: 'Epochs' }).fill('1');
  await page.getByRole('button', { name: 'Train' }).click();
  const panel = page.getByRole('region', { name: 'Test set' });
  const figures = panel.getByRole('status');
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

  // Asked again: the same model gives the same answer.
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(figures).toHaveText(new RegExp(`\\(${correctText} of 10,000\\)`));
});

test('on a phone the test set comes after the learning curves, in the one column', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openReadyApp(page);
  const curves = await page.getByRole('region', { name: 'Learning curves' }).boundingBox();
  const testSet = await page.getByRole('region', { name: 'Test set' }).boundingBox();
  const network = await page.getByRole('region', { name: 'Network', exact: true }).boundingBox();
  expect(network!.y).toBeLessThan(curves!.y);
  expect(testSet!.y).toBeGreaterThan(curves!.y);
});
