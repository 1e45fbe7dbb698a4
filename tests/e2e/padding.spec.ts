import type { Page } from '@playwright/test';
import { expect, openReadyApp, test } from './fixtures';

const network = (page: Page) => page.getByRole('list', { name: 'Network' });
const settings = (page: Page) => page.getByRole('region', { name: 'Layer settings' });

test('sets explicit padding and a padding mode from the keyboard, each edit one undo step', async ({ page }) => {
  await openReadyApp(page);
  // The default small CNN starts with Conv2D 8 filters 5x5, valid: 24x24x8.
  const first = network(page).getByRole('listitem').first();
  await first.locator('button.layer-select').focus();
  await page.keyboard.press('Enter');
  await expect(settings(page).getByRole('status', { name: 'Output shape' })).toHaveText('24x24x8');

  const padding = settings(page).getByRole('combobox', { name: 'Padding', exact: true });
  await padding.focus();
  await padding.selectOption('explicit');
  // Explicit sizes start at 1 on every side: 28 + 2 - 5 + 1 = 26.
  await expect(settings(page).getByRole('status', { name: 'Output shape' })).toHaveText('26x26x8');
  await settings(page).getByRole('spinbutton', { name: 'Padding cells on each side' }).fill('2');
  await expect(settings(page).getByRole('status', { name: 'Output shape' })).toHaveText('28x28x8');

  await settings(page).getByRole('checkbox', { name: 'Different rows and columns' }).check();
  await settings(page).getByRole('spinbutton', { name: 'Padding columns (left and right)' }).fill('0');
  await expect(settings(page).getByRole('status', { name: 'Output shape' })).toHaveText('28x24x8');

  const mode = settings(page).getByRole('combobox', { name: 'Padding mode' });
  await mode.focus();
  await page.keyboard.press('ArrowDown');
  await expect(mode).toHaveValue('reflect');
  await expect(first).toContainText('padding 2×0 reflect');

  // One undo step per edit: the mode, then the columns, then the size.
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(mode).toHaveValue('zeros');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(settings(page).getByRole('status', { name: 'Output shape' })).toHaveText('28x28x8');
  await expect(first).toContainText('padding 2,');
});
