import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byCodePoint, classNameOf, planImageFolder, type FileEntry } from '../../../../src/data/own/imageFolder';

const files = (...paths: string[]): FileEntry[] => paths.map((path) => ({ path, bytes: 100 }));
const namesOf = (entries: FileEntry[], plan: ReturnType<typeof planImageFolder>) => plan.classes.map((c) => [c.name, c.files.map((i) => entries[i]?.path)]);

describe('planImageFolder: the ImageFolder layout (a folder of class folders)', () => {
  it('takes the dropped folder as the root and its sub-folders as classes, sorted by code point as torchvision does', () => {
    const entries = files('leaves/oak/2.png', 'leaves/Ash/b.jpg', 'leaves/oak/10.png', 'leaves/ash2/a.webp', 'leaves/Ash/a.JPEG');
    const plan = planImageFolder(entries);
    expect(namesOf(entries, plan)).toEqual([
      ['Ash', ['leaves/Ash/a.JPEG', 'leaves/Ash/b.jpg']],
      ['ash2', ['leaves/ash2/a.webp']],
      ['oak', ['leaves/oak/10.png', 'leaves/oak/2.png']],
    ]);
    expect(plan.problems).toEqual([]);
  });

  it('takes class folders chosen side by side, and counts nested folders for their class', () => {
    const entries = files('cat/a.png', 'dog/puppies/b.png', 'dog/c.png');
    const plan = planImageFolder(entries);
    expect(namesOf(entries, plan)).toEqual([['cat', ['cat/a.png']], ['dog', ['dog/c.png', 'dog/puppies/b.png']]]);
    expect(plan.nested).toBe(true);
  });

  it('leaves out system files silently, and other files with the reason', () => {
    const entries = files('s/a/.DS_Store', 's/__MACOSX/a/x.png', 's/a/Thumbs.db', 's/a/notes.txt', 's/a/1.png', 's/b/2.png', 's/b/README', 's/loose.png');
    entries.push({ path: 's/b/empty.png', bytes: 0 });
    const plan = planImageFolder(entries);
    expect(plan.ignored).toBe(3);
    expect(plan.skipped).toEqual([
      { path: 's/a/notes.txt', reason: 'it is not an image file (.txt); the page reads .png, .jpg, .jpeg, .webp, .gif, .bmp' },
      { path: 's/b/README', reason: 'it has no image extension (.png, .jpg, …)' },
      { path: 's/b/empty.png', reason: 'the file is empty (0 bytes)' },
      { path: 's/loose.png', reason: 'it is not inside a class folder (put each class’s images in a folder named after the class)' },
    ]);
    expect(plan.classes.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('needs two classes: one folder of images, or loose files, say what to choose instead', () => {
    expect(planImageFolder(files('circle/a.png', 'circle/b.png')).problems).toEqual([
      'Only one class was found ("circle"): a classifier needs at least two. Choose the folder above it, which holds one folder per class.',
    ]);
    expect(planImageFolder(files('a.png', 'b.png')).problems).toEqual([
      'No images in class folders were found: choose a folder whose sub-folders are the classes, one folder of images per class.',
    ]);
  });

  it('notes an empty class folder, and refuses folders that differ only in case', () => {
    const entries = files('pets/cat/a.png', 'pets/Cat/b.png', 'pets/dog/c.png');
    const plan = planImageFolder(entries, ['pets', 'pets/cat', 'pets/Cat', 'pets/dog', 'pets/fish']);
    expect(plan.notes).toEqual(['The folder "fish" holds no images the page can read: it is left out.']);
    expect(plan.classes.map((c) => c.name)).toEqual(['Cat', 'dog']);
    expect(plan.skipped).toEqual([{ path: 'pets/cat/a.png', reason: 'its folder "cat" has the same name as "Cat" but for case or spaces: rename one of them' }]);
  });

  it('class names: markup stays text, control characters go, 40 characters at most', () => {
    expect(classNameOf('<b>bold</b>')).toBe('<b>bold</b>');
    expect(classNameOf(' two\tspaces\u0007 ')).toBe('twospaces');
    expect(classNameOf('x'.repeat(60))).toHaveLength(40);
    expect([...['b', 'B', 'a', 'é', 'Z']].sort(byCodePoint)).toEqual(['B', 'Z', 'a', 'b', 'é']);
  });

  it('fuzz: 1,000 random trees never throw; every kept file is in exactly one class, every other one skipped or ignored', () => {
    const segment = fc.oneof(fc.constantFrom('cat', 'dog', 'Cat', '.hidden', '__MACOSX', 'a b', '<i>x</i>', '..', ''), fc.string({ maxLength: 6 }));
    const name = fc.tuple(fc.string({ maxLength: 5 }), fc.constantFrom('.png', '.JPG', '.txt', '', '.gif', '.bmp', '.webp'));
    const entry = fc.record({ dirs: fc.array(segment, { maxLength: 4 }), name, bytes: fc.nat(3) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (raw) => {
        const entries = raw.map((e) => ({ path: [...e.dirs, e.name.join('')].join(e.bytes % 2 ? '/' : '\\'), bytes: e.bytes }));
        const plan = planImageFolder(entries);
        const kept = plan.classes.flatMap((c) => c.files);
        expect(new Set(kept).size).toBe(kept.length);
        expect(kept.length + plan.skipped.length + plan.ignored).toBe(entries.length);
        for (const c of plan.classes) expect(c.name.length).toBeGreaterThan(0);
        expect(plan.problems.length > 0).toBe(plan.classes.length < 2);
      }),
      { numRuns: 1_000 },
    );
  });
});
