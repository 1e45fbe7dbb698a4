import { expect, openReadyApp, readOutput, test } from './fixtures';

test('picks the fastest backend by itself, says why, and lets the user switch', async ({ page }) => {
  await openReadyApp(page);
  const backend = page.getByRole('status', { name: 'Backend' });
  const renderer = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    return info && gl ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
  });
  // Without a hardware GPU (SwiftShader here), WebAssembly beats software WebGL.
  if (/swiftshader|llvmpipe/i.test(renderer)) {
    await expect(backend).toHaveText('wasm');
    await page.getByText('why?').click();
    await expect(page.getByText(/software renderer here/)).toBeVisible();
    await expect(page.getByText(/\d+ threads?/)).toBeVisible();
  } else {
    await expect(backend).toHaveText(/webgl|wasm/);
  }

  const choice = page.getByRole('combobox', { name: 'Backend' });
  await expect(choice).toHaveValue('auto');
  await choice.selectOption({ label: 'Plain JavaScript (CPU)' });
  await expect(backend).toHaveText('cpu');
  await expect(page.getByText('chosen in settings')).toBeVisible();

  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => readOutput(page, 'Batch'), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  await expect(choice).toBeDisabled();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByText('Stopped', { exact: true })).toBeVisible();
  await expect(choice).toBeEnabled();
});
