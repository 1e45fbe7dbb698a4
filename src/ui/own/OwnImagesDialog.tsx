import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { defaultOwnShape, describeOwnSplit, OWN_IMAGE_SIDES, ownDatasetProblems, ownDatasetWarnings, type OwnImageSide } from '../../core/dataset/ownDataset';
import type { ImportInput, ImportProgress, ImportResult } from '../../data/own';
import { errorMessage } from '../../core/spec/describeValue';
import { useAppStore, useOwnData } from '../context';
import { Icon } from '../Icon';
import { ClassPreview } from './ClassPreview';
import { MyData } from './MyData';
import { filesFromDrop, filesFromInput } from './readDrop';

type Stage = { kind: 'choose' } | { kind: 'reading'; progress: ImportProgress } | { kind: 'read'; result: ImportResult } | { kind: 'failed'; message: string };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The name of the one folder everything was chosen in, as a first name for the dataset. */
function nameOf(input: ImportInput): string {
  const only = input.files.length === 1 ? input.files[0]?.path : undefined;
  if (only?.toLowerCase().endsWith('.zip')) return only.replace(/^.*[\\/]/, '').slice(0, -4) || 'My images';
  const tops = new Set(input.files.map((f) => (f.path.replace(/\\/g, '/').split('/').length > 1 ? f.path.replace(/\\/g, '/').split('/')[0] : '')));
  const [top] = tops;
  return tops.size === 1 && top ? top : 'My images';
}

/**
 * Makes a dataset of the user's own images: a folder of class folders picked or dropped, read in
 * a worker with progress; then the classes with their counts and pictures, the split, what was left
 * out and why, the warnings, the image size and colour, and the name; "Use these images" keeps
 * them in the browser and moves the page to them.
 */
export function OwnImagesDialog({ onClose }: { onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const ownData = useOwnData();
  const chooseDataset = useAppStore((s) => s.chooseDataset);
  const setStorageNotice = useAppStore((s) => s.setStorageNotice);
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const [name, setName] = useState('My images');
  const [side, setSide] = useState<OwnImageSide>(32);
  const [channels, setChannels] = useState<1 | 3>(3);
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set());
  const [keeping, setKeeping] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const ids = { title: useId(), folder: useId(), zip: useId(), name: useId(), size: useId(), colour: useId() };

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const read = async (input: ImportInput) => {
    if (input.files.length === 0) return;
    setName(nameOf(input));
    setLeft(new Set());
    setStage({ kind: 'reading', progress: { done: 0, total: input.files.length } });
    try {
      const result = await ownData.importFiles(input, (progress) => setStage({ kind: 'reading', progress }));
      const images = result.classes.flatMap((c) => c.images);
      const [shapeSide, , shapeChannels] = defaultOwnShape(median(images.map((i) => i.shortSide)), images.every((i) => i.grey));
      setSide(shapeSide as OwnImageSide);
      setChannels(shapeChannels === 1 ? 1 : 3);
      setStage({ kind: 'read', result });
    } catch (error) {
      setStage({ kind: 'failed', message: `The images could not be read: ${errorMessage(error)}` });
    }
  };

  const result = stage.kind === 'read' ? stage.result : null;
  const kept = useMemo(() => (result ? { ...result, classes: result.classes.filter((c) => !left.has(c.name)) } : null), [result, left]);
  const classNames = kept?.classes.map((c) => c.name) ?? [];
  const counts = kept?.classes.map((c) => c.images.length) ?? [];
  const problems = kept ? [...kept.problems, ...(kept.problems.length === 0 ? ownDatasetProblems(classNames, counts) : [])] : [];
  const warnings = kept && problems.length === 0 ? ownDatasetWarnings(classNames, counts) : [];

  const keep = async () => {
    if (!kept) return;
    setKeeping('Keeping the images in this browser…');
    try {
      const { description, persistence } = await ownData.keep({ name: name.trim() || 'My images', inputShape: [side, side, channels], result: kept });
      setStorageNotice({ kind: 'info', text: `"${description.name}" is kept in this browser (${describeOwnSplit(counts)}). ${persistence}` });
      chooseDataset(description);
      dialogRef.current?.close();
    } catch (error) {
      setKeeping(null);
      setStage({ kind: 'failed', message: errorMessage(error) });
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
          Choose or drop a folder (or a .zip of one) whose sub-folders are the classes (<code>leaves/oak/1.jpg</code>, <code>leaves/ash/2.png</code>): the layout PyTorch’s ImageFolder reads. PNG, JPEG, WebP, GIF and BMP. The images stay in this browser.
        </p>
        <input
          id={ids.folder}
          className="visually-hidden"
          type="file"
          // @ts-expect-error webkitdirectory is not in React's types; every current browser reads it.
          webkitdirectory=""
          multiple
          onChange={(e) => e.target.files && void read(filesFromInput(e.target.files))}
        />
        <label className="button-like" htmlFor={ids.folder}>
          Choose a folder…
        </label>{' '}
        <input id={ids.zip} className="visually-hidden" type="file" accept=".zip,application/zip" onChange={(e) => e.target.files && void read(filesFromInput(e.target.files))} />
        <label className="button-like secondary" htmlFor={ids.zip}>
          Choose a .zip…
        </label>
      </div>
      {stage.kind === 'reading' && (
        <div className="own-progress">
          <progress aria-label="Reading images" max={stage.progress.total} value={stage.progress.done} />
          <span>
            Reading images: {stage.progress.done.toLocaleString('en')} of {stage.progress.total.toLocaleString('en')}
          </span>
        </div>
      )}
      {stage.kind === 'failed' && <p role="alert">{stage.message}</p>}
      {kept && (
        <>
          <p className="own-summary" role="status">
            {kept.classes.length} {kept.classes.length === 1 ? 'class' : 'classes'}, {describeOwnSplit(counts)}
          </p>
          <ul className="own-classes" aria-label="Classes">
            {result?.classes.map((c) => (
              <ClassPreview key={c.name} name={c.name} images={c.images} left={left.has(c.name)} onToggle={() => setLeft((s) => new Set(s.has(c.name) ? [...s].filter((n) => n !== c.name) : [...s, c.name]))} />
            ))}
          </ul>
          {[...problems, ...warnings, ...kept.notes].length > 0 && (
            <ul className="own-messages" aria-label="About these images">
              {problems.map((p) => (
                <li key={p} className="problem">
                  {p}
                </li>
              ))}
              {[...warnings, ...kept.notes].map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          {kept.skipped.length > 0 && (
            <details className="own-skipped">
              <summary>
                {kept.skipped.length.toLocaleString('en')} file{kept.skipped.length === 1 ? '' : 's'} left out
              </summary>
              <ul>
                {kept.skipped.slice(0, 200).map((s) => (
                  <li key={s.path}>
                    <code>{s.path}</code>: {s.reason}.
                  </li>
                ))}
              </ul>
            </details>
          )}
          <div className="own-settings">
            <label htmlFor={ids.name}>Name</label>
            <input id={ids.name} value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />
            <label htmlFor={ids.size}>Image size</label>
            <select id={ids.size} value={side} onChange={(e) => setSide(Number(e.target.value) as OwnImageSide)}>
              {OWN_IMAGE_SIDES.map((s) => (
                <option key={s} value={s}>
                  {s} × {s}
                </option>
              ))}
            </select>
            <label htmlFor={ids.colour}>Colour</label>
            <select id={ids.colour} value={channels} onChange={(e) => setChannels(Number(e.target.value) === 1 ? 1 : 3)}>
              <option value={3}>Colour (3 channels)</option>
              <option value={1}>Greyscale (1 channel)</option>
            </select>
          </div>
        </>
      )}
      <div className="dialog-buttons">
        {keeping && <span role="status">{keeping}</span>}
        <button type="button" onClick={() => dialogRef.current?.close()}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={!kept || problems.length > 0 || keeping !== null} onClick={() => void keep()}>
          Use these images
        </button>
      </div>
    </dialog>
  );
}
