/**
 * Turns what the user dropped or picked into kept images, class by class: the ImageFolder plan,
 * then each file's header judged, decoded, its centred square resized to 64x64 and kept as a PNG.
 * A file that fails says why and the rest go on; exact copies are kept once. Runs in the import
 * worker, so the page stays responsive through thousands of files.
 */
import { decodeSquare, encodePng, ImageFileError, KEPT_SIDE } from './decode';
import { planImageFolder, type SkippedFile } from './imageFolder';
import { imageHash } from '../stratifiedSplit';
import { isGreyRgba } from './pixels';
import { isZipPath, readZip } from './zipInput';

export interface ImportInput {
  files: readonly { file: Blob; path: string }[];
  /** Every folder seen (relative, as the paths are), so that an empty class folder is noted. */
  folders?: readonly string[];
}

export interface ImportedImage {
  source: string;
  png: Blob;
  /** Every pixel grey (R = G = B). */
  grey: boolean;
  /** The shorter side of the original picture, in pixels. */
  shortSide: number;
}

export interface ImportResult {
  classes: { name: string; images: ImportedImage[] }[];
  skipped: SkippedFile[];
  /** What stops these images becoming a dataset (fewer than two classes with images). */
  problems: string[];
  notes: string[];
}

export interface ImportProgress {
  done: number;
  total: number;
}

/** Files decoded at once: createImageBitmap decodes off the worker's own thread, so a few overlap. */
const CONCURRENT_DECODES = 4;
const PROGRESS_INTERVAL_MS = 100;

/** One image kept, or why not. */
export type Kept = { ok: true; rgba: Uint8ClampedArray; png: Blob; shortSide: number } | { ok: false; reason: string };

/** Decodes one file into what is kept of it: here, or in a helper worker (a decode is mostly one core's work). */
export type Keeper = (file: Blob) => Promise<Kept>;

export const keepHere: Keeper = async (file) => {
  try {
    const { rgba, width, height } = await decodeSquare(file, KEPT_SIDE);
    return { ok: true, rgba, png: await encodePng(rgba, KEPT_SIDE), shortSide: Math.min(width, height) };
  } catch (error) {
    if (!(error instanceof ImageFileError)) throw error;
    return { ok: false, reason: error.message };
  }
};

/** The input with every .zip among its files opened: its entries instead of it (a refused zip is skipped with its reason). */
async function openZips(input: ImportInput): Promise<{ input: ImportInput; skipped: SkippedFile[] }> {
  if (!input.files.some((f) => isZipPath(f.path))) return { input, skipped: [] };
  const files: { file: Blob; path: string }[] = [];
  const folders = [...(input.folders ?? [])];
  const skipped: SkippedFile[] = [];
  for (const entry of input.files) {
    if (!isZipPath(entry.path)) {
      files.push(entry);
      continue;
    }
    const opened = await readZip(entry.file, entry.path);
    files.push(...opened.files);
    folders.push(...opened.folders);
    skipped.push(...opened.skipped);
  }
  return { input: { files, folders }, skipped };
}

/**
 * `keepers` share the decoding (a few files at a time each): the import worker itself, and helper
 * workers on machines with cores to spare.
 */
export async function importFiles(given: ImportInput, onProgress?: (progress: ImportProgress) => void, keepers: readonly Keeper[] = [keepHere]): Promise<ImportResult> {
  const { input, skipped: zipsRefused } = await openZips(given);
  const plan = planImageFolder(input.files.map((f) => ({ path: f.path, bytes: f.file.size })), input.folders);
  const skipped = [...zipsRefused, ...plan.skipped];
  const notes = [...plan.notes];
  const jobs = plan.classes.flatMap((c, label) => c.files.map((index) => ({ label, index })));
  const kept: ({ label: number; image: ImportedImage; rgba: Uint8ClampedArray } | null)[] = new Array(jobs.length).fill(null);
  let next = 0;
  let done = 0;
  let lastReport = -Infinity;
  const report = () => {
    const now = performance.now();
    if (now - lastReport < PROGRESS_INTERVAL_MS && done < jobs.length) return;
    lastReport = now;
    onProgress?.({ done, total: jobs.length });
  };
  const failures = new Map<number, string>();
  const work = async (keeper: Keeper) => {
    while (next < jobs.length) {
      const at = next++;
      const job = jobs[at];
      const entry = job && input.files[job.index];
      if (!job || !entry) continue;
      const result = await keeper(entry.file);
      if (result.ok) kept[at] = { label: job.label, rgba: result.rgba, image: { source: entry.path, png: result.png, grey: isGreyRgba(result.rgba), shortSide: result.shortSide } };
      else failures.set(at, result.reason);
      done += 1;
      report();
    }
  };
  await Promise.all(keepers.flatMap((keeper) => Array.from({ length: CONCURRENT_DECODES }, () => work(keeper))));

  // Exact copies (the same kept pixels), in file order: the first stays, later ones are skipped.
  const seen = new Map<number, { rgba: Uint8ClampedArray; source: string }[]>();
  const classes = plan.classes.map((c) => ({ name: c.name, images: [] as ImportedImage[] }));
  jobs.forEach((job, at) => {
    const path = input.files[job.index]?.path ?? '';
    const failure = failures.get(at);
    if (failure !== undefined) return skipped.push({ path, reason: failure });
    const item = kept[at];
    if (!item) return;
    const hash = imageHash(item.rgba);
    const same = seen.get(hash)?.find((s) => s.rgba.every((v, i) => v === item.rgba[i]));
    if (same) return skipped.push({ path, reason: `it is the same picture as ${same.source} (a copy would land in two splits)` });
    seen.set(hash, [...(seen.get(hash) ?? []), { rgba: item.rgba, source: path }]);
    classes[item.label]?.images.push(item.image);
  });
  for (const c of classes) if (c.images.length === 0 && plan.classes.length > 0) notes.push(`The folder "${c.name}" holds no images the page can read: it is left out.`);
  const withImages = classes.filter((c) => c.images.length > 0);
  const readable = withImages.length === 1 ? `Only one class ("${withImages[0]?.name}") has` : 'No class has';
  const problems = plan.problems.length > 0 ? [...plan.problems] : withImages.length < 2 ? [`${readable} images the page can read: a classifier needs at least two.`] : [];
  return { classes: withImages, skipped, problems, notes };
}
