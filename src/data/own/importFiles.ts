/**
 * Turns what the user dropped or picked into kept images, class by class: the ImageFolder plan,
 * then each file's header judged, decoded, its centred square resized to 64x64 and kept as a PNG.
 * A file that fails says why and the rest go on; exact copies are kept once. Runs in the import
 * worker, so the page stays responsive through thousands of files.
 */
import { decodeSquare, encodePng, ImageFileError, KEPT_SIDE } from './decode';
import { fileProblem, planImageFolder, type SkippedFile } from './imageFolder';
import { isGreyRgba, pixelKey } from './pixels';
import { isZipPath, readZip } from './zipInput';

export interface ImportInput {
  files: readonly { file: Blob; path: string }[];
  /** Every folder seen (relative, as the paths are), so that an empty class folder is noted. */
  folders?: readonly string[];
}

/** Where an image came from: a file, the drawing pad, or the camera. */
export type ImageOrigin = 'file' | 'pad' | 'camera';

export interface ImportedImage {
  /** The file's path, or what made it ("drawing 3", "camera 12"). */
  source: string;
  /** The kept copy: a square PNG, KEPT_SIDE pixels a side (28 for a drawing, as the pad prepares it). */
  png: Blob;
  origin: ImageOrigin;
  /** Equal for two images only when their kept pixels are equal (pixelKey). */
  key: string;
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

/** What is kept of an image: `rgba` (`side` x `side`) as a PNG, with what the dialog and the copy check need. */
export async function importedImage(rgba: Uint8ClampedArray, png: Blob | number, source: string, shortSide: number, origin: ImageOrigin): Promise<ImportedImage> {
  const file = typeof png === 'number' ? await encodePng(rgba, png) : png;
  return { source, png: file, origin, key: pixelKey(rgba), grey: isGreyRgba(rgba), shortSide };
}

/** Finds exact copies among images as they are added: the first stays, a later one is left out. */
export class CopyFinder {
  private readonly firstByKey = new Map<string, string>();

  constructor(images: Iterable<ImportedImage> = []) {
    for (const image of images) this.firstByKey.set(image.key, image.source);
  }

  /** Null for a new picture (now known); for a copy, why it is left out. */
  check(image: ImportedImage): SkippedFile | null {
    const first = this.firstByKey.get(image.key);
    if (first !== undefined) return { path: image.source, reason: `it is the same picture as ${first} (a copy would land in two splits)` };
    this.firstByKey.set(image.key, image.source);
    return null;
  }
}

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

/** Decodes `files`, `keepers` sharing the work (a few files at a time each), in the files' order. */
async function keepAll(files: readonly { file: Blob; path: string }[], keepers: readonly Keeper[], onProgress?: (progress: ImportProgress) => void): Promise<(ImportedImage | SkippedFile)[]> {
  const results: (ImportedImage | SkippedFile)[] = new Array(files.length);
  let next = 0;
  let done = 0;
  let lastReport = -Infinity;
  const report = () => {
    const now = performance.now();
    if (now - lastReport < PROGRESS_INTERVAL_MS && done < files.length) return;
    lastReport = now;
    onProgress?.({ done, total: files.length });
  };
  const work = async (keeper: Keeper) => {
    while (next < files.length) {
      const at = next++;
      const entry = files[at];
      if (!entry) continue;
      const result = await keeper(entry.file);
      results[at] = result.ok ? await importedImage(result.rgba, result.png, entry.path, result.shortSide, 'file') : { path: entry.path, reason: result.reason };
      done += 1;
      report();
    }
  };
  await Promise.all(keepers.flatMap((keeper) => Array.from({ length: CONCURRENT_DECODES }, () => work(keeper))));
  return results;
}

const isSkipped = (item: ImportedImage | SkippedFile): item is SkippedFile => 'reason' in item;

/**
 * Reads an ImageFolder (or zips of one): `keepers` share the decoding, the import worker itself
 * and helper workers on machines with cores to spare.
 */
export async function importFiles(given: ImportInput, onProgress?: (progress: ImportProgress) => void, keepers: readonly Keeper[] = [keepHere]): Promise<ImportResult> {
  const { input, skipped: zipsRefused } = await openZips(given);
  const plan = planImageFolder(input.files.map((f) => ({ path: f.path, bytes: f.file.size })), input.folders);
  const skipped = [...zipsRefused, ...plan.skipped];
  const notes = [...plan.notes];
  const jobs = plan.classes.flatMap((c, label) => c.files.map((index) => ({ label, index })));
  const results = await keepAll(
    jobs.map((job) => input.files[job.index] ?? { file: new Blob(), path: '' }),
    keepers,
    onProgress,
  );
  const classes = plan.classes.map((c) => ({ name: c.name, images: [] as ImportedImage[] }));
  const copies = new CopyFinder();
  jobs.forEach((job, at) => {
    const item = results[at];
    if (!item) return;
    if (isSkipped(item)) return skipped.push(item);
    const copy = copies.check(item);
    if (copy) return skipped.push(copy);
    classes[job.label]?.images.push(item);
  });
  for (const c of classes) if (c.images.length === 0 && plan.classes.length > 0) notes.push(`The folder "${c.name}" holds no images the page can read: it is left out.`);
  const withImages = classes.filter((c) => c.images.length > 0);
  const readable = withImages.length === 1 ? `Only one class ("${withImages[0]?.name}") has` : 'No class has';
  const problems = plan.problems.length > 0 ? [...plan.problems] : withImages.length < 2 ? [`${readable} images the page can read: a classifier needs at least two.`] : [];
  return { classes: withImages, skipped, problems, notes };
}

/** Reads files picked for one class (no folder plan): the images, and what was left out and why. */
export async function importClassFiles(files: readonly { file: Blob; path: string }[], onProgress?: (progress: ImportProgress) => void, keepers: readonly Keeper[] = [keepHere]): Promise<{ images: ImportedImage[]; skipped: SkippedFile[] }> {
  const { input, skipped } = await openZips({ files });
  const judged = input.files.map((f) => ({ f, why: fileProblem(f.path, f.file.size) }));
  for (const { f, why } of judged) if (why) skipped.push({ path: f.path, reason: why });
  const results = await keepAll(judged.filter((j) => !j.why).map((j) => j.f), keepers, onProgress);
  const images: ImportedImage[] = [];
  for (const item of results) {
    if (!item) continue;
    if (isSkipped(item)) skipped.push(item);
    else images.push(item);
  }
  return { images, skipped };
}
