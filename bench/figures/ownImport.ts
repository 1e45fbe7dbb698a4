/**
 * Figure 18: importing the user's own images. Photos of 640x480 (JPEG, made by Chromium's own
 * encoder in a page, with texture so they do not compress to nothing) in three class folders are
 * picked as a folder in the real app, as a person picks one; timed from the pick to the dialog's
 * summary ("3 classes, N images: ..."), with the page's long tasks counted meanwhile (decoding runs
 * in the import worker: the page must stay responsive). Target: 1,000 photos in <= 3 s, no long
 * task over 50 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { openApp } from '../lib/appDriver';
import { newContext } from '../lib/browser';
import type { BenchPlan } from '../lib/plan';

export const IMPORT_TARGETS = { msPer1000: 3000, longTaskMs: 50 };

export interface OwnImportFigure {
  photos: number;
  width: number;
  height: number;
  /** Bytes of all the JPEG files. */
  bytes: number;
  /** From the pick to the summary, in the page's clock. */
  ms: number;
  photosPerSecond: number;
  /** Long tasks on the page from the pick to the summary. */
  longTasks: number;
  longestTaskMs: number;
  /** The longest task before the pick's change event: the browser making the FileList of the folder. */
  beforePickMs: number;
  summary: string;
}

const CLASSES = ['red', 'green', 'blue'];

/** `count` JPEGs of `width` x `height` made in the page (a gradient, noise and a disc of the class's colour), written into class folders. */
async function writePhotos(page: Page, count: number, width: number, height: number): Promise<{ root: string; bytes: number }> {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kernelscope-photos-')), 'photos');
  let bytes = 0;
  const batch = 50;
  for (let start = 0; start < count; start += batch) {
    const made = await page.evaluate(
      async ({ start, n, width, height }) => {
        const canvas = new OffscreenCanvas(width, height);
        const context = canvas.getContext('2d');
        if (!context) throw new Error('no 2D canvas');
        const out: string[] = [];
        for (let i = start; i < start + n; i++) {
          const gradient = context.createLinearGradient(0, 0, width, height);
          gradient.addColorStop(0, `hsl(${(i * 37) % 360} 60% 55%)`);
          gradient.addColorStop(1, `hsl(${(i * 91) % 360} 50% 35%)`);
          context.fillStyle = gradient;
          context.fillRect(0, 0, width, height);
          const noise = context.getImageData(0, 0, width, height);
          for (let p = 0; p < noise.data.length; p += 4) noise.data[p] = (noise.data[p] ?? 0) + ((p * 2654435761 + i) % 40) - 20;
          context.putImageData(noise, 0, 0);
          context.fillStyle = ['#d22', '#2b2', '#22d'][i % 3] ?? '#000';
          context.beginPath();
          context.arc(((i * 53) % (width - 200)) + 100, ((i * 29) % (height - 200)) + 100, 60 + (i % 40), 0, Math.PI * 2);
          context.fill();
          const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
          const data = new Uint8Array(await blob.arrayBuffer());
          let text = '';
          for (let k = 0; k < data.length; k += 0x8000) text += String.fromCharCode(...data.subarray(k, k + 0x8000));
          out.push(btoa(text));
        }
        return out;
      },
      { start, n: Math.min(batch, count - start), width, height },
    );
    made.forEach((base64, k) => {
      const i = start + k;
      const folder = path.join(root, CLASSES[i % 3] ?? 'x');
      fs.mkdirSync(folder, { recursive: true });
      const data = Buffer.from(base64, 'base64');
      bytes += data.length;
      fs.writeFileSync(path.join(folder, `${String(i).padStart(4, '0')}.jpg`), data);
    });
  }
  return { root, bytes };
}

export async function measureOwnImport(browser: Browser, origin: string, plan: BenchPlan): Promise<OwnImportFigure> {
  const { photos, width, height } = plan.ownImport;
  const context = await newContext(browser);
  let root: string | null = null;
  try {
    const page = await openApp(context, origin);
    const written = await writePhotos(page, photos, width, height);
    root = written.root;
    await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'Add or manage my images…' });
    const dialog = page.getByRole('dialog', { name: 'Your own images' });
    await page.evaluate(() => {
      const probe = { longTasks: [] as { start: number; ms: number }[], started: 0 };
      (window as unknown as { __importProbe: typeof probe }).__importProbe = probe;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, ms: entry.duration });
      }).observe({ type: 'longtask' });
      document.addEventListener('change', () => (probe.started = performance.now()), { capture: true, once: true });
    });
    await dialog.getByLabel('Choose a folder…').setInputFiles(root);
    const done = await page.waitForFunction(
      () => {
        const summary = [...document.querySelectorAll('.own-summary')].map((e) => e.textContent ?? '').find((t) => /classes, [\d,]+ images/.test(t));
        return summary ? { at: performance.now(), summary } : false;
      },
      undefined,
      { polling: 'raf', timeout: 120_000 },
    );
    const { at, summary } = (await done.jsonValue()) as { at: number; summary: string };
    const probe = await page.evaluate(() => (window as unknown as { __importProbe: { longTasks: { start: number; ms: number }[]; started: number } }).__importProbe);
    const ms = at - probe.started;
    // From the pick on: the browser's own work of making the FileList (before the change event) is not the page's.
    const during = probe.longTasks.filter((t) => t.start >= probe.started).map((t) => t.ms);
    return {
      photos,
      width,
      height,
      bytes: written.bytes,
      ms,
      photosPerSecond: (photos * 1000) / ms,
      longTasks: during.filter((d) => d > IMPORT_TARGETS.longTaskMs).length,
      longestTaskMs: Math.max(0, ...during),
      beforePickMs: Math.max(0, ...probe.longTasks.filter((t) => t.start < probe.started).map((t) => t.ms)),
      summary,
    };
  } finally {
    await context.close();
    if (root) fs.rmSync(path.dirname(root), { recursive: true, force: true });
  }
}
