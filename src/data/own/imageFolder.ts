/**
 * The ImageFolder layout that PyTorch users know: a folder whose sub-folders are the classes
 * (`leaves/oak/1.jpg`, `leaves/ash/2.png`). Given the relative paths of what was dropped or picked,
 * says which file belongs to which class, in torchvision's order (classes and files sorted by code
 * point, files in nested folders counted for their class folder), and why anything was left out.
 * Pure: paths in, a plan out; reading the files comes after.
 */

export interface FileEntry {
  /** Relative to what the user chose: "leaves/oak/1.jpg"; a lone file is just its name. */
  path: string;
  bytes: number;
}

export interface PlannedClass {
  name: string;
  /** Indices into the entries, in the order torchvision's ImageFolder lists them. */
  files: number[];
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface FolderPlan {
  classes: PlannedClass[];
  /** Files left out, each with the reason, in a sentence's second half ("it is not an image file"). */
  skipped: SkippedFile[];
  /** System files (.DS_Store, __MACOSX/, Thumbs.db) left out without a word. */
  ignored: number;
  /** Whether some class folder holds folders of its own (their images count for it, as in torchvision). */
  nested: boolean;
  /** What stops the plan becoming a dataset (fewer than two classes); empty when it can. */
  problems: string[];
  /** Worth knowing, not in the way (empty class folders, folders that differ only in case). */
  notes: string[];
}

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'bmp'] as const;
export const MAX_CLASS_NAME_LENGTH = 40;

const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini', 'icon\r']);

const isSystem = (segments: readonly string[]) =>
  segments.some((s) => s.startsWith('.') || s === '__MACOSX') || SYSTEM_FILES.has((segments.at(-1) ?? '').toLowerCase());

const extensionOf = (name: string) => {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
};

/** Python's default string order (by code point), which torchvision sorts classes and files by; not the locale's. */
export const byCodePoint = (a: string, b: string) => {
  const x = [...a], y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
};

/** A folder's name as a class name: control characters dropped, spaces collapsed, at most 40 characters. */
export function classNameOf(folder: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = folder.replace(/[\u0000-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim();
  return [...clean].slice(0, MAX_CLASS_NAME_LENGTH).join('').trim();
}

function splitPath(path: string): string[] {
  return path.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
}

/** The leading folders every file shares, left off while some file still has a class folder below them. */
function commonRoot(paths: readonly string[][]): number {
  let depth = 0;
  for (;;) {
    const segment = paths[0]?.[depth];
    if (segment === undefined || !paths.every((p) => p.length > depth + 1 && p[depth] === segment)) return depth;
    if (!paths.some((p) => p.length >= depth + 3)) return depth;
    depth += 1;
  }
}

/** Why a file cannot be an image, judged by its name and size alone (the header is read later); null when it may be one. */
export function fileProblem(path: string, bytes: number): string | null {
  const extension = extensionOf(splitPath(path).at(-1) ?? '');
  if (!(IMAGE_EXTENSIONS as readonly string[]).includes(extension)) return extension ? `it is not an image file (.${extension}); the page reads ${IMAGE_EXTENSIONS.map((e) => `.${e}`).join(', ')}` : 'it has no image extension (.png, .jpg, …)';
  if (bytes === 0) return 'the file is empty (0 bytes)';
  return null;
}

/**
 * Plans the classes of `entries`. `folders` (optional) names every folder seen, relative as the
 * paths are, so that an empty class folder can be noted.
 */
export function planImageFolder(entries: readonly FileEntry[], folders: readonly string[] = []): FolderPlan {
  const skipped: SkippedFile[] = [];
  const notes: string[] = [];
  let ignored = 0;
  const candidates: { index: number; segments: string[] }[] = [];
  entries.forEach((entry, index) => {
    const segments = splitPath(entry.path);
    if (segments.length === 0 || isSystem(segments)) {
      ignored += 1;
      return;
    }
    const problem = fileProblem(entry.path, entry.bytes);
    if (problem) skipped.push({ path: entry.path, reason: problem });
    else candidates.push({ index, segments });
  });

  // In path order, so that which of two clashing folders is kept does not depend on the order given.
  candidates.sort((a, b) => byCodePoint(a.segments.join('/'), b.segments.join('/')));
  const root = commonRoot(candidates.map((c) => c.segments));
  const byClass = new Map<string, { name: string; folder: string; files: { index: number; path: string }[] }>();
  let nested = false;
  for (const { index, segments } of candidates) {
    const rest = segments.slice(root);
    if (rest.length < 2) {
      skipped.push({ path: entries[index]?.path ?? '', reason: 'it is not inside a class folder (put each class’s images in a folder named after the class)' });
      continue;
    }
    const folder = rest[0] ?? '';
    const name = classNameOf(folder);
    if (!name) {
      skipped.push({ path: entries[index]?.path ?? '', reason: `its folder "${folder}" has no usable name` });
      continue;
    }
    if (rest.length > 2) nested = true;
    const key = name.toLowerCase();
    const known = byClass.get(key);
    if (known && known.folder !== folder) {
      skipped.push({ path: entries[index]?.path ?? '', reason: `its folder "${folder}" has the same name as "${known.folder}" but for case or spaces: rename one of them` });
      continue;
    }
    const cls = known ?? { name, folder, files: [] };
    cls.files.push({ index, path: rest.join('/') });
    byClass.set(key, cls);
  }

  const classes = [...byClass.values()]
    .sort((a, b) => byCodePoint(a.folder, b.folder))
    .map((c) => ({ name: c.name, files: c.files.sort((a, b) => byCodePoint(a.path, b.path)).map((f) => f.index) }));

  const classFolders = new Set(classes.map((c) => c.name.toLowerCase()));
  const empty = new Set<string>();
  for (const folder of folders) {
    const rest = splitPath(folder).slice(root);
    if (rest.length !== 1 || isSystem(rest)) continue;
    const name = classNameOf(rest[0] ?? '');
    if (name && !classFolders.has(name.toLowerCase())) empty.add(name);
  }
  for (const name of [...empty].sort(byCodePoint)) notes.push(`The folder "${name}" holds no images the page can read: it is left out.`);

  const problems: string[] = [];
  if (classes.length === 0) problems.push('No images in class folders were found: choose a folder whose sub-folders are the classes, one folder of images per class.');
  else if (classes.length === 1) problems.push(`Only one class was found ("${classes[0]?.name}"): a classifier needs at least two. Choose the folder above it, which holds one folder per class.`);
  return { classes, skipped, ignored, nested, problems, notes };
}
