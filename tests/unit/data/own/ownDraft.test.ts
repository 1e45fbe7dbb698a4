import { describe, expect, it } from 'vitest';
import type { ImportedImage, ImportResult } from '../../../../src/data/own';
import { addClass, addImages, draftFromImport, draftProblems, emptyDraft, isDrawnDraft, keptClasses, removeEmptyClass, removeImage, renameClass, toggleClass } from '../../../../src/data/own/ownDraft';
import { pixelKey } from '../../../../src/data/own/pixels';

/** An image whose pixels are all `value` (so two of the same value are copies). */
function image(value: number, source = `image ${value}`, origin: ImportedImage['origin'] = 'file'): ImportedImage {
  const rgba = new Uint8ClampedArray(16).fill(value);
  return { source, png: new Blob([rgba]), origin, key: pixelKey(rgba), grey: true, shortSide: 2 };
}
const images = (from: number, count: number, origin: ImportedImage['origin'] = 'file') => Array.from({ length: count }, (_, i) => image(from + i, `image ${from + i}`, origin));
const result = (classes: Record<string, ImportedImage[]>, extra: Partial<ImportResult> = {}): ImportResult => ({ classes: Object.entries(classes).map(([name, imgs]) => ({ name, images: imgs })), skipped: [], problems: [], notes: [], ...extra });

describe('the own-images draft: classes made in the dialog, however their images came', () => {
  it('starts with two empty classes, which need images and block the dataset', () => {
    const draft = emptyDraft();
    expect(draft.classes.map((c) => c.name)).toEqual(['Class 1', 'Class 2']);
    expect(draftProblems(draft)).toEqual([
      '"Class 1" has 0 images: each class needs at least 3 (one to train on, one to validate, one to test).',
      '"Class 2" has 0 images: each class needs at least 3 (one to train on, one to validate, one to test).',
    ]);
  });

  it('takes a folder: the empty start is dropped, the folder classes join, a later folder adds to a class of the same name', () => {
    let draft = draftFromImport(emptyDraft(), result({ oak: images(0, 4), ash: images(10, 3) }, { notes: ['a note'], skipped: [{ path: 'x.txt', reason: 'no' }] }));
    expect(draft.classes.map((c) => [c.name, c.images.length])).toEqual([['oak', 4], ['ash', 3]]);
    expect(draft.notes).toEqual(['a note']);
    expect(draftProblems(draft)).toEqual([]);
    draft = draftFromImport(draft, result({ ' OAK ': images(20, 2), elm: images(30, 3) }));
    expect(draft.classes.map((c) => [c.name, c.images.length])).toEqual([['oak', 6], ['ash', 3], ['elm', 3]]);
    expect(draft.skipped).toEqual([]);
    expect(new Set(draft.classes.map((c) => c.id)).size).toBe(3);
  });

  it('leaves out a copy of any picture already in the draft, naming the first, wherever it came from', () => {
    const start = draftFromImport(emptyDraft(), result({ a: images(0, 3), b: images(10, 3) }));
    const second = draftFromImport(start, result({ c: [image(1, 'c/copy.png'), image(50)] }));
    expect(second.skipped).toEqual([{ path: 'c/copy.png', reason: 'it is the same picture as image 1 (a copy would land in two splits)' }]);
    const added = addImages(second, start.classes[0]!.id, [image(11, 'drawing 1', 'pad'), image(60, 'drawing 2', 'pad'), image(60, 'drawing 3', 'pad')]);
    expect(added.skipped.map((s) => s.path)).toEqual(['drawing 1', 'drawing 3']);
    expect(added.draft.classes[0]!.images.map((i) => i.source)).toEqual(['image 0', 'image 1', 'image 2', 'drawing 2']);
  });

  it('renames, adds, removes an empty class, leaves one out and takes it back, removes one image', () => {
    let draft = addClass(emptyDraft());
    expect(draft.classes.map((c) => c.name)).toEqual(['Class 1', 'Class 2', 'Class 3']);
    draft = renameClass(draft, 0, 'circle');
    draft = renameClass(draft, 1, 'Circle ');
    expect(draftProblems(draft)).toEqual(['Two classes are called "Circle": give each its own name.']);
    draft = renameClass(draft, 1, '');
    expect(draftProblems(draft)).toEqual(['Class 2 needs a name.']);
    draft = renameClass(draft, 1, 'square');
    draft = addImages(draft, 0, images(0, 3)).draft;
    draft = addImages(draft, 1, images(10, 3)).draft;
    expect(draftProblems(draft)).toEqual(['"Class 3" has 0 images: each class needs at least 3 (one to train on, one to validate, one to test).']);
    draft = removeEmptyClass(draft, 2);
    expect(draftProblems(draft)).toEqual([]);
    expect(removeEmptyClass(draft, 0)).toEqual(draft); // a class with images is left out instead
    draft = toggleClass(draft, 1);
    expect(keptClasses(draft).map((c) => c.name)).toEqual(['circle']);
    expect(draftProblems(draft)).toEqual(['A classifier needs at least two classes.']);
    draft = toggleClass(draft, 1);
    const key = draft.classes[0]!.images[1]!.key;
    draft = removeImage(draft, 0, key);
    expect(draft.classes[0]!.images.map((i) => i.source)).toEqual(['image 0', 'image 2']);
    expect(draftProblems(draft)).toEqual(['"circle" has 2 images: each class needs at least 3 (one to train on, one to validate, one to test).']);
  });

  it('is a drawn dataset only when every kept image came from the pad', () => {
    let draft = addImages(emptyDraft(['circle', 'square']), 0, images(0, 3, 'pad')).draft;
    draft = addImages(draft, 1, images(10, 3, 'pad')).draft;
    expect(isDrawnDraft(draft)).toBe(true);
    draft = addClass(draft, 'photo');
    draft = addImages(draft, 2, images(20, 3, 'camera')).draft;
    expect(isDrawnDraft(draft)).toBe(false);
    expect(isDrawnDraft(toggleClass(draft, 2))).toBe(true);
    expect(isDrawnDraft(emptyDraft())).toBe(false);
  });
});

describe('pixelKey', () => {
  it('is equal for equal pixels and differs for one changed byte or another length', () => {
    const a = new Uint8ClampedArray(64 * 64 * 4).map((_, i) => (i * 7) % 256);
    const b = a.slice();
    expect(pixelKey(a)).toBe(pixelKey(b));
    b[12345] = (b[12345]! + 1) % 256;
    expect(pixelKey(a)).not.toBe(pixelKey(b));
    expect(pixelKey(a.subarray(4))).not.toBe(pixelKey(a));
  });
});
