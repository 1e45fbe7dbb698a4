/**
 * Drives the real Kernelscope page the way a person does (controls found by role) and reads its
 * state from the status bar: the figures a user sees, with no hooks into the app.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { DatasetDescription } from '../../src/core/dataset/description';
import { log } from './log';

export const READY_TEXT = /MNIST ready: [\d,]+ train/;
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 120_000;

/** The Training panel: its Pause is not the convolution animation's. */
export const trainingControls = (page: Page) => page.getByRole('region', { name: 'Training' });

/** Opens the app (optionally `?backend=`) and waits until MNIST is loaded and the engine is ready. */
export async function openApp(context: BrowserContext, origin: string, backend?: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(backend ? `${origin}/?backend=${backend}` : `${origin}/`);
  await page.getByText(READY_TEXT).or(page.getByRole('alert')).first().waitFor({ timeout: READY_TIMEOUT_MS });
  const problem = await readEngineProblem(page);
  if (problem) throw new Error(problem);
  await trainingControls(page).getByRole('button', { name: 'Train' }).waitFor();
  return page;
}

/** The backend the engine reports running, and the reason it gives (the status bar's hint). */
export async function readBackend(page: Page): Promise<{ name: string; reason: string }> {
  await page.waitForFunction(() => (document.querySelector('output[aria-label="Backend"]')?.textContent ?? '…') !== '…');
  const output = page.getByRole('status', { name: 'Backend' });
  const name = ((await output.textContent()) ?? '').trim();
  const reason = ((await output.locator('xpath=..').getAttribute('title')) ?? '').trim();
  return { name, reason };
}

/** What the status bar says went wrong (a failed or diverged engine), or null. */
export function readEngineProblem(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const state = document.querySelector('footer[aria-label="Status"] strong')?.textContent ?? '';
    const alert = document.querySelector('footer[aria-label="Status"] [role="alert"]')?.textContent ?? '';
    return state === 'Failed' || state === 'Diverged' ? `${state}: ${alert}` : null;
  });
}

/** What the status bar says once `dataset` is loaded (or drawn) and the engine has it. */
export const readyTextOf = (dataset: DatasetDescription) => new RegExp(`${dataset.name} ready: [\\d,]+ train`);

/**
 * Chooses `dataset` in Dataset and waits until the engine has it; then takes the quick fix that
 * gives the classifier one unit per class, where the network needs it.
 */
export async function chooseDataset(page: Page, dataset: DatasetDescription): Promise<void> {
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: dataset.name });
  await page.getByText(readyTextOf(dataset)).waitFor({ timeout: READY_TIMEOUT_MS });
  const fix = page.getByRole('button', { name: `Set the last Dense layer to ${dataset.classNames.length} units` }).first();
  if (await fix.isVisible()) await fix.click();
}

export async function chooseSettings(page: Page, presetId: string, batchSize: number, epochs?: number): Promise<void> {
  await page.getByRole('combobox', { name: 'Preset' }).selectOption(presetId);
  await page.getByRole('combobox', { name: 'Batch size' }).selectOption(String(batchSize));
  if (epochs !== undefined) await page.getByRole('spinbutton', { name: 'Epochs' }).fill(String(epochs));
}

/** Presses Train and waits until the engine trains (Pause enabled) or fails. */
export async function startTraining(page: Page): Promise<void> {
  await trainingControls(page).getByRole('button', { name: 'Train' }).click();
  await trainingControls(page).getByRole('button', { name: 'Pause' })
    .and(page.locator(':enabled'))
    .or(page.getByRole('alert'))
    .first()
    .waitFor();
  const problem = await readEngineProblem(page);
  if (problem) throw new Error(problem);
}

/** A pause this late is not the engine finishing queued batches: Pause is pressed once more, and said. */
const PAUSE_RETRY_MS = 30_000;

/** Presses Pause and waits for Resume, which shows once the engine has paused and reported its last batches. */
export async function pauseTraining(page: Page, timeoutMs = STOP_TIMEOUT_MS): Promise<void> {
  const pause = trainingControls(page).getByRole('button', { name: 'Pause' });
  const resume = trainingControls(page).getByRole('button', { name: 'Resume' });
  await pause.click();
  // On software WebGL the engine may have a dozen slow batches queued, all finished before it pauses.
  // Once in three full runs of figure 9 (2026-12-02) Resume never came; pressing again tells a lost
  // click from an engine that does not pause, and the log says it happened.
  const first = Math.min(PAUSE_RETRY_MS, timeoutMs);
  try {
    await resume.waitFor({ timeout: first });
    return;
  } catch {
    const status = (await page.locator('footer[aria-label="Status"]').textContent()) ?? '';
    log(`Resume did not show ${first / 1000} s after Pause (status: ${status.replace(/\s+/g, ' ').trim()}); pressing Pause again`);
  }
  if (await pause.isEnabled()) await pause.click();
  await resume.waitFor({ timeout: Math.max(1, timeoutMs - first) });
}

/** Presses Resume and waits until Pause can be pressed again. */
export async function resumeTraining(page: Page): Promise<void> {
  await trainingControls(page).getByRole('button', { name: 'Resume' }).click();
  await trainingControls(page).getByRole('button', { name: 'Pause' }).and(page.locator(':enabled')).waitFor();
}

/** Presses Stop (when training) and waits until Train can be pressed again. */
export async function stopTraining(page: Page): Promise<void> {
  const stop = trainingControls(page).getByRole('button', { name: 'Stop' });
  if (await stop.isEnabled()) await stop.click();
  await trainingControls(page).getByRole('button', { name: 'Train' }).and(page.locator(':enabled')).waitFor({ timeout: STOP_TIMEOUT_MS });
}

/** The Test set panel (its Evaluate button and its "Test result" status). */
export const testSetPanel = (page: Page) => page.getByRole('region', { name: 'Test set' });

/** A test-set result as the panel's status says it: "Test accuracy 98.12% (9,812 of 10,000), loss 0.0612, after 3,438 steps." */
export interface TestSetResult {
  correct: number;
  count: number;
  /** correct / count. */
  accuracy: number;
  loss: number;
  /** The training step the model had reached. */
  step: number;
}

const EVALUATE_TIMEOUT_MS = 180_000;

/**
 * Waits until the Test result status shows a result of the model as it is now (not "(the model has
 * trained since)"): after more than `afterStep` steps, or after exactly `step` steps. Throws with
 * the panel's alert when the evaluation failed.
 */
export async function waitForTestResult(page: Page, want: { afterStep: number } | { step: number }, timeoutMs = EVALUATE_TIMEOUT_MS): Promise<TestSetResult> {
  const handle = await page.waitForFunction(
    (w) => {
      const status = document.querySelector('[role="status"][aria-label="Test result"]');
      const problem = status?.closest('section')?.querySelector('[role="alert"]')?.textContent;
      if (problem) return { error: problem };
      const match = /^Test accuracy [\d.]+% \(([\d,]+) of ([\d,]+)\), loss (\S+), after ([\d,]+) steps\.$/.exec(status?.textContent?.trim() ?? '');
      if (!match) return false;
      const [correct, count, loss, step] = match.slice(1).map((s) => Number(s.replaceAll(',', '')));
      if (correct === undefined || count === undefined || loss === undefined || step === undefined) return false;
      if ('step' in w ? step !== w.step : step <= w.afterStep) return false;
      return { correct, count, accuracy: correct / count, loss, step };
    },
    want,
    { timeout: timeoutMs, polling: 50 },
  );
  const result = await handle.jsonValue();
  if (!result) throw new Error('The page stopped waiting without a result.');
  if ('error' in result) throw new Error(`The test set could not be evaluated: ${result.error}`);
  return result;
}

/** Presses the Test set panel's Evaluate (training paused, stopped or done) and waits for the result past `afterStep`. */
export async function evaluateTestSet(page: Page, afterStep: number): Promise<TestSetResult> {
  await page.getByRole('tab', { name: /^Test set/ }).click();
  await testSetPanel(page).getByRole('button', { name: 'Evaluate' }).click();
  return waitForTestResult(page, { afterStep });
}

/**
 * The Training settings form as it shows them (label: value); controls that are not there are left
 * out. What it shows, not what the engine trains with: on 2026-12-02 the Learning rate field (an
 * uncontrolled input) still showed 0.001 after the Preset select chose "Best accuracy" (0.003).
 */
export async function readTrainingSettings(page: Page): Promise<Record<string, string>> {
  const shown: Record<string, string> = {};
  for (const label of ['Preset', 'Optimizer', 'Learning rate', 'Learning-rate schedule', 'Batch size', 'Epochs', 'Augmentation']) {
    const control = page.getByLabel(label, { exact: true });
    if ((await control.count()) === 1) shown[label] = await control.inputValue();
  }
  return shown;
}
