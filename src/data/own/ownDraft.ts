/**
 * A dataset being made in the "Your own images" dialog: classes with their images, however they
 * came (a folder, a zip, files picked per class, the drawing pad, the camera), edited by pure
 * functions (draft -> draft) so the dialog stays thin and every edit is unit-tested. Copies are
 * found across the whole draft, so that no picture can land in two splits.
 */
import { MIN_IMAGES_PER_CLASS, newClassName, ownClassNameProblems, ownDatasetProblems } from '../../core/dataset/ownDataset';
import type { SkippedFile } from './imageFolder';
import { CopyFinder, type ImportedImage, type ImportResult } from './importFiles';

export interface DraftClass {
  /** Stable while the name is edited. */
  id: number;
  name: string;
  images: readonly ImportedImage[];
  /** Left out of the dataset (and back in with one click). */
  left: boolean;
}

export interface OwnDraft {
  classes: readonly DraftClass[];
  /** Files the last reading left out, with the reasons. */
  skipped: readonly SkippedFile[];
  /** What the last reading noted (an empty class folder, a nested one, …). */
  notes: readonly string[];
  nextId: number;
}

/** A draft of `names` (none: "Class 1" and "Class 2", as a classifier needs two), without images. */
export function emptyDraft(names: readonly string[] = ['Class 1', 'Class 2']): OwnDraft {
  return { classes: names.map((name, id) => ({ id, name, images: [], left: false })), skipped: [], notes: [], nextId: names.length };
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const allImages = (draft: OwnDraft) => draft.classes.flatMap((c) => c.images);

/**
 * `draft` with a folder's (or zip's) classes added: a class of the same name (but for case and
 * spaces) takes the images, the others join at the end. Classes still without images are dropped
 * first: they were the empty start.
 */
export function draftFromImport(draft: OwnDraft, result: ImportResult): OwnDraft {
  let classes = draft.classes.filter((c) => c.images.length > 0);
  let nextId = draft.nextId;
  const copies = new CopyFinder(classes.flatMap((c) => c.images));
  const skipped = [...result.skipped];
  for (const imported of result.classes) {
    const images = imported.images.filter((image) => {
      const copy = copies.check(image);
      if (copy) skipped.push(copy);
      return !copy;
    });
    const known = classes.find((c) => sameName(c.name, imported.name));
    if (known) classes = classes.map((c) => (c === known ? { ...c, images: [...c.images, ...images] } : c));
    else classes = [...classes, { id: nextId++, name: imported.name, images, left: false }];
  }
  return { classes, skipped, notes: [...result.problems, ...result.notes], nextId };
}

export function addClass(draft: OwnDraft, name = newClassName(draft.classes.map((c) => c.name))): OwnDraft {
  return { ...draft, classes: [...draft.classes, { id: draft.nextId, name, images: [], left: false }], nextId: draft.nextId + 1 };
}

const editClass = (draft: OwnDraft, id: number, edit: (c: DraftClass) => DraftClass): OwnDraft => ({ ...draft, classes: draft.classes.map((c) => (c.id === id ? edit(c) : c)) });

export const renameClass = (draft: OwnDraft, id: number, name: string) => editClass(draft, id, (c) => ({ ...c, name }));

/** Leaves the class out, or takes it back. */
export const toggleClass = (draft: OwnDraft, id: number) => editClass(draft, id, (c) => ({ ...c, left: !c.left }));

/** Removes a class that holds no images (one with images is left out instead, so it can come back). */
export const removeEmptyClass = (draft: OwnDraft, id: number): OwnDraft => ({ ...draft, classes: draft.classes.filter((c) => c.id !== id || c.images.length > 0) });

/** `draft` with `images` added to class `id`; exact copies of any image in the draft are left out, with the reason. */
export function addImages(draft: OwnDraft, id: number, images: readonly ImportedImage[], skipped: readonly SkippedFile[] = []): { draft: OwnDraft; skipped: SkippedFile[] } {
  const copies = new CopyFinder(allImages(draft));
  const left = [...skipped];
  const fresh = images.filter((image) => {
    const copy = copies.check(image);
    if (copy) left.push(copy);
    return !copy;
  });
  return { draft: editClass(draft, id, (c) => ({ ...c, images: [...c.images, ...fresh] })), skipped: left };
}

export const removeImage = (draft: OwnDraft, id: number, key: string) => editClass(draft, id, (c) => ({ ...c, images: c.images.filter((i) => i.key !== key) }));

/** The classes that go into the dataset: those not left out, names trimmed. */
export function keptClasses(draft: OwnDraft): { name: string; images: readonly ImportedImage[] }[] {
  return draft.classes.filter((c) => !c.left).map((c) => ({ name: c.name.trim(), images: c.images }));
}

/** What stops the draft becoming a dataset: its names, then its counts; empty when it can. */
export function draftProblems(draft: OwnDraft): string[] {
  const kept = keptClasses(draft);
  const names = kept.map((c) => c.name);
  const nameProblems = ownClassNameProblems(names);
  return nameProblems.length > 0 ? nameProblems : ownDatasetProblems(names, kept.map((c) => c.images.length));
}

/** Every kept image was drawn on the pad: the dataset is then one a drawing can probe (at 28x28, grey). */
export function isDrawnDraft(draft: OwnDraft): boolean {
  const images = keptClasses(draft).flatMap((c) => c.images);
  return images.length > 0 && images.every((i) => i.origin === 'pad');
}

/** Images a class still needs before the draft can be used, for the hint on its card; 0 when it has enough. */
export const imagesWanted = (c: DraftClass) => Math.max(0, MIN_IMAGES_PER_CLASS - c.images.length);
