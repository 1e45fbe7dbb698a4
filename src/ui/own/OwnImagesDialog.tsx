import { useEffect, useId, useRef, useState } from 'react';
import { defaultOwnShape, describeOwnSplit, MAX_OWN_CLASSES, OWN_IMAGE_SIDES, ownDatasetWarnings, type OwnImageSide } from '../../core/dataset/ownDataset';
import type { ImportedImage, ImportInput, ImportProgress, OwnDraft, SkippedFile } from '../../data/own';
import { addClass, addImages, draftFromImport, draftProblems, emptyDraft, isDrawnDraft, keptClasses, removeEmptyClass, removeImage, renameClass, toggleClass } from '../../data/own/ownDraft';
import { errorMessage } from '../../core/spec/describeValue';
import { useAppStore, useOwnData } from '../context';
import { Icon } from '../Icon';
import { CameraCapture } from './CameraCapture';
import { ClassCard } from './ClassCard';
import { DrawExamples } from './DrawExamples';
import { MyData } from './MyData';
import { filesFromDrop, filesFromInput } from './readDrop';
import { useObjectUrls } from './useObjectUrls';

type Reading = { kind: 'idle' } | { kind: 'reading'; progress: ImportProgress } | { kind: 'failed'; message: string };
type Tool = 'none' | 'draw' | 'camera';

/** Files left out listed at first: the rest on request (a folder of 10,000 wrong files lists quickly). */
const SKIPPED_SHOWN = 200;

/** `draft` with `images` added to a class, what was left out (copies among them) listed first. */
function withAdded(draft: OwnDraft, classId: number, images: readonly ImportedImage[], skipped: readonly SkippedFile[] = []): OwnDraft {
  const added = addImages(draft, classId, images, skipped);
  return { ...added.draft, skipped: [...added.skipped, ...draft.skipped] };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The name of the one folder everything was chosen in, as a first name for the dataset. */
function nameOf(input: ImportInput): string | null {
  const only = input.files.length === 1 ? input.files[0]?.path : undefined;
  if (only?.toLowerCase().endsWith('.zip')) return only.replace(/^.*[\\/]/, '').slice(0, -4) || null;
  const tops = new Set(input.files.map((f) => (f.path.replace(/\\/g, '/').split('/').length > 1 ? f.path.replace(/\\/g, '/').split('/')[0] : '')));
  const [top] = tops;
  return tops.size === 1 && top ? top : null;
}

/** The input shape the images suggest: drawings 28 x 28 grey, small pictures 28, others 32; grey when every pixel is. */
function suggestedShape(draft: OwnDraft): [OwnImageSide, 1 | 3] {
  const images = keptClasses(draft).flatMap((c) => c.images);
  if (images.length === 0) return [32, 3];
  const [side, , channels] = defaultOwnShape(median(images.map((i) => i.shortSide)), images.every((i) => i.grey));
  return [side as OwnImageSide, channels === 1 ? 1 : 3];
}

/**
 * Makes a dataset of the user's own images, in four ways that mix: a folder of class folders (or a
 * .zip of one) picked or dropped, files picked per class, drawings on the pad, and camera frames.
 * Then the classes with their counts and pictures (each removable), the split, what was left out
 * and why, the warnings, the image size and colour, and the name; "Use these images" keeps them in
 * the browser and moves the page to them.
 */
export function OwnImagesDialog({ onClose }: { onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const ownData = useOwnData();
  const chooseDataset = useAppStore((s) => s.chooseDataset);
  const setStorageNotice = useAppStore((s) => s.setStorageNotice);
  const urlOf = useObjectUrls();
  const [draft, setDraft] = useState<OwnDraft | null>(null);
  const [reading, setReading] = useState<Reading>({ kind: 'idle' });
  const [tool, setTool] = useState<Tool>('none');
  const [name, setName] = useState<string | null>(null);
  const [shape, setShape] = useState<[OwnImageSide | null, 1 | 3 | null]>([null, null]);
  const [keeping, setKeeping] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [allSkipped, setAllSkipped] = useState(false);
  const ids = { title: useId(), folder: useId(), zip: useId(), name: useId(), size: useId(), colour: useId() };

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const edit = (change: (d: OwnDraft) => OwnDraft) => setDraft((d) => change(d ?? emptyDraft()));

  const read = async (input: ImportInput) => {
    if (input.files.length === 0) return;
    setName((n) => n ?? nameOf(input));
    setReading({ kind: 'reading', progress: { done: 0, total: input.files.length } });
    try {
      const result = await ownData.importFiles(input, (progress) => setReading({ kind: 'reading', progress }));
      edit((d) => draftFromImport(d, result));
      setReading({ kind: 'idle' });
    } catch (error) {
      setReading({ kind: 'failed', message: `The images could not be read: ${errorMessage(error)}` });
    }
  };

  const readForClass = async (classId: number, list: FileList) => {
    const files = filesFromInput(list).files;
    setReading({ kind: 'reading', progress: { done: 0, total: files.length } });
    try {
      const { images, skipped } = await ownData.importClassFiles(files, (progress) => setReading({ kind: 'reading', progress }));
      edit((d) => withAdded(d, classId, images, skipped));
      setReading({ kind: 'idle' });
    } catch (error) {
      setReading({ kind: 'failed', message: `The images could not be read: ${errorMessage(error)}` });
    }
  };

  const addMade = (classId: number, image: ImportedImage) => edit((d) => withAdded(d, classId, [image]));

  const openTool = (next: Tool) => {
    setDraft((d) => d ?? emptyDraft());
    setTool((t) => (t === next ? 'none' : next));
  };

  const kept = draft ? keptClasses(draft) : [];
  const counts = kept.map((c) => c.images.length);
  const problems = draft ? draftProblems(draft) : [];
  const warnings = draft && problems.length === 0 ? ownDatasetWarnings(kept.map((c) => c.name), counts) : [];
  const [suggestedSide, suggestedChannels] = draft ? suggestedShape(draft) : [32, 3];
  const side = shape[0] ?? suggestedSide;
  const channels = shape[1] ?? suggestedChannels;
  const busy = reading.kind === 'reading' || keeping !== null;

  const keep = async () => {
    if (!draft) return;
    setKeeping('Keeping the images in this browser…');
    try {
      const { description, persistence } = await ownData.keep({ name: name?.trim() || 'My images', inputShape: [side, side, channels], classes: kept });
      setStorageNotice({ kind: 'info', text: `"${description.name}" is kept in this browser (${describeOwnSplit(counts)}). ${persistence}` });
      chooseDataset(description);
      dialogRef.current?.close();
    } catch (error) {
      setKeeping(null);
      setReading({ kind: 'failed', message: errorMessage(error) });
    }
  };

  return (
    <dialog ref={dialogRef} className="own-dialog" aria-labelledby={ids.title} onClose={onClose}>
      <div className="export-dialog-header">
        <h2 id={ids.title}>Your own images</h2>
        <button type="button" className="icon-only" aria-label="Close" onClick={() => dialogRef.current?.close()}>
          <Icon name="close" />
        </button>
      </div>
      <MyData onUse={() => dialogRef.current?.close()} />
      <div
        className={`own-drop${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          e.stopPropagation();
          setDragging(false);
          void filesFromDrop(e.dataTransfer).then(read);
        }}
      >
        <p>
          Choose or drop a folder (or a .zip of one) whose sub-folders are the classes (<code>leaves/oak/1.jpg</code>, <code>leaves/ash/2.png</code>): the layout PyTorch’s ImageFolder reads. PNG, JPEG, WebP, GIF and BMP. Or make the classes here: pick files for each, draw them, or use the camera. The images stay in this browser.
        </p>
        <div className="own-ways">
          <input
            id={ids.folder}
            className="visually-hidden"
            type="file"
            // @ts-expect-error webkitdirectory is not in React's types; every current browser reads it.
            webkitdirectory=""
            multiple
            disabled={busy}
            onChange={(e) => e.target.files && void read(filesFromInput(e.target.files))}
          />
          <label className="button-like" htmlFor={ids.folder}>
            Choose a folder…
          </label>
          <input id={ids.zip} className="visually-hidden" type="file" accept=".zip,application/zip" disabled={busy} onChange={(e) => e.target.files && void read(filesFromInput(e.target.files))} />
          <label className="button-like secondary" htmlFor={ids.zip}>
            Choose a .zip…
          </label>
          <button type="button" className="icon-button" disabled={draft !== null} onClick={() => setDraft(emptyDraft())}>
            <Icon name="plus" /> Files per class
          </button>
          <button type="button" className="icon-button" aria-pressed={tool === 'draw'} onClick={() => openTool('draw')}>
            <Icon name="pencil" /> Draw examples
          </button>
          <button type="button" className="icon-button" aria-pressed={tool === 'camera'} onClick={() => openTool('camera')}>
            <Icon name="camera" /> Use the camera
          </button>
        </div>
      </div>
      {reading.kind === 'reading' && (
        <div className="own-progress">
          <progress aria-label="Reading images" max={reading.progress.total} value={reading.progress.done} />
          <span>
            Reading images: {reading.progress.done.toLocaleString('en')} of {reading.progress.total.toLocaleString('en')}
          </span>
        </div>
      )}
      {reading.kind === 'failed' && <p role="alert">{reading.message}</p>}
      {draft && tool === 'draw' && <DrawExamples classes={draft.classes} onAdd={addMade} />}
      {draft && tool === 'camera' && <CameraCapture classes={draft.classes} onAdd={addMade} />}
      {draft && (
        <>
          <p className="own-summary" role="status">
            {kept.length} {kept.length === 1 ? 'class' : 'classes'}, {describeOwnSplit(counts)}
          </p>
          <ul className="own-classes" aria-label="Classes">
            {draft.classes.map((c, i) => (
              <ClassCard
                key={c.id}
                index={i}
                item={c}
                urlOf={urlOf}
                busy={busy}
                onRename={(n) => edit((d) => renameClass(d, c.id, n))}
                onToggle={() => edit((d) => toggleClass(d, c.id))}
                onRemove={() => edit((d) => removeEmptyClass(d, c.id))}
                onRemoveImage={(key) => edit((d) => removeImage(d, c.id, key))}
                onAddFiles={(files) => void readForClass(c.id, files)}
              />
            ))}
          </ul>
          <button type="button" className="icon-button own-add-class" disabled={draft.classes.length >= MAX_OWN_CLASSES} onClick={() => edit((d) => addClass(d))}>
            <Icon name="plus" /> Add a class
          </button>
          {[...problems, ...warnings, ...draft.notes].length > 0 && (
            <ul className="own-messages" aria-label="About these images">
              {problems.map((p) => (
                <li key={p} className="problem">
                  {p}
                </li>
              ))}
              {[...warnings, ...draft.notes].map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          {draft.skipped.length > 0 && (
            <details className="own-skipped">
              <summary>
                {draft.skipped.length.toLocaleString('en')} file{draft.skipped.length === 1 ? '' : 's'} left out
              </summary>
              <ul>
                {draft.skipped.slice(0, allSkipped ? undefined : SKIPPED_SHOWN).map((s, i) => (
                  <li key={`${i}:${s.path}`}>
                    <code>{s.path}</code>: {s.reason}.
                  </li>
                ))}
              </ul>
              {!allSkipped && draft.skipped.length > SKIPPED_SHOWN && (
                <button type="button" className="own-more" onClick={() => setAllSkipped(true)}>
                  Show all {draft.skipped.length.toLocaleString('en')}
                </button>
              )}
            </details>
          )}
          <div className="own-settings">
            <label htmlFor={ids.name}>Dataset name</label>
            <input id={ids.name} value={name ?? 'My images'} maxLength={60} onChange={(e) => setName(e.target.value)} />
            <label htmlFor={ids.size}>Image size</label>
            <select id={ids.size} value={side} onChange={(e) => setShape(([, c]) => [Number(e.target.value) as OwnImageSide, c])}>
              {OWN_IMAGE_SIDES.map((s) => (
                <option key={s} value={s}>
                  {s} × {s}
                </option>
              ))}
            </select>
            <label htmlFor={ids.colour}>Colour</label>
            <select id={ids.colour} value={channels} onChange={(e) => setShape(([s]) => [s, Number(e.target.value) === 1 ? 1 : 3])}>
              <option value={3}>Colour (3 channels)</option>
              <option value={1}>Greyscale (1 channel)</option>
            </select>
            {isDrawnDraft(draft) && (
              <p className="hint own-settings-note">{side === 28 && channels === 1 ? 'Drawings at 28 × 28, grey: the pad on the main page can then probe the network.' : 'The pad on the main page probes only a dataset of drawings at 28 × 28, grey.'}</p>
            )}
          </div>
        </>
      )}
      <div className="dialog-buttons">
        {keeping && <span role="status">{keeping}</span>}
        <button type="button" onClick={() => dialogRef.current?.close()}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={!draft || problems.length > 0 || busy} onClick={() => void keep()}>
          Use these images
        </button>
      </div>
    </dialog>
  );
}
