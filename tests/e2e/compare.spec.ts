import { expect, openReadyApp, test } from './fixtures';

test('two runs compared show two curves against examples and time, and the legend names the change', async ({ page }) => {
  await openReadyApp(page);
  await page.getByRole('combobox', { name: 'Batch size' }).selectOption('128');
  await page.getByRole('spinbutton', { name: 'Epochs' }).fill('1');
  const compare = page.getByRole('button', { name: 'Compare runs' });
  await expect(compare).toBeDisabled();
  // The test set is evaluated by itself when training ends: its tab's label shows the accuracy.
  const testResult = page.getByRole('tab', { name: /^Test set/ });

  await page.getByRole('button', { name: 'Train' }).click();
  await expect(testResult).toHaveText(/^Test set \d+\.\d%$/, { timeout: 180_000 });
  const firstRate = await page.getByRole('spinbutton', { name: 'Learning rate' }).inputValue();
  const rate = page.getByRole('spinbutton', { name: 'Learning rate' });
  await rate.fill('0.01');
  await rate.blur();
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByText('2 runs this session.')).toBeVisible();

  // Opened while run 2 trains: its curve grows in the dialog until its epoch is validated.
  await compare.click();
  const dialog = page.getByRole('dialog', { name: 'Compare runs' });
  await expect(dialog.getByRole('checkbox', { name: /^Run 1 \(best validation \d+\.\d\d%\)$/ })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: /^Run 2 \(best validation \d+\.\d\d%\)$/ })).toBeChecked({ timeout: 180_000 });
  const accuracy = dialog.getByRole('img', { name: /^Validation accuracy against examples seen: Run 1: \d+\.\d\d%; Run 2: \d+\.\d\d%$/ });
  await expect(accuracy).toHaveAttribute('data-runs', '2');
  // One validation curve per run (one epoch: a single point, drawn as a dot) and a training curve each.
  await expect(accuracy.locator('path[data-series$="training"]')).toHaveCount(2);
  await expect(accuracy.locator('path[data-series$=" validation"]')).toHaveCount(2);
  await expect(accuracy.locator('circle')).toHaveCount(2);
  await expect(dialog.getByRole('list', { name: 'Runs compared' })).toContainText(`Run 2 vs Run 1: lr 0.01 vs ${firstRate}`);

  await dialog.getByRole('radio', { name: 'Training time' }).check();
  await expect(dialog.getByRole('img', { name: /^Validation loss against seconds of training: Run 1: \d\.\d{4}; Run 2: \d\.\d{4}$/ })).toHaveAttribute('data-runs', '2');
  await dialog.getByRole('checkbox', { name: /^Run 1/ }).uncheck();
  await expect(dialog.getByRole('img', { name: /^Validation accuracy/ })).toHaveAttribute('data-runs', '1');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // A saved model's run joins the comparison from My models.
  await page.getByText('My models', { exact: true }).click();
  const myModels = page.getByRole('region', { name: 'My models' });
  await myModels.getByRole('textbox', { name: 'Name' }).fill('Fast rate');
  await myModels.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(myModels.getByRole('status').filter({ hasText: 'Saved "Fast rate".' })).toBeVisible();
  await compare.click();
  await dialog.getByRole('combobox', { name: 'Add a saved model' }).selectOption({ label: 'Fast rate' });
  await expect(dialog.getByRole('checkbox', { name: /^Saved: Fast rate \(best validation \d+\.\d\d%\)$/ })).toBeChecked();
  await expect(dialog.getByRole('img', { name: /^Validation accuracy/ })).toHaveAttribute('data-runs', '2');
  await expect(dialog.getByRole('list', { name: 'Runs compared' })).toContainText('Saved: Fast rate vs Run 2: same network and settings');
});
