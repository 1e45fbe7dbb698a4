import { useId, useState, type FormEvent } from 'react';
import { PRESETS } from '../../core/editing/presets';
import type { SaveSummary } from '../../core/export/savedModel';
import { formatCount } from '../../core/spec/format';
import { useAppStore, useLibrary } from '../context';
import { ModelFiles } from './ModelFiles';

const when = (ms: number) => new Date(ms).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const percent = (v: number | null) => (v === null ? 'not validated yet' : `best validation ${(v * 100).toFixed(1)}%`);

function SaveRow({ save }: { save: SaveSummary }) {
  const library = useLibrary();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(save.name);
  const inputId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void library.rename(save.id, name).then(() => setRenaming(false));
  };
  return (
    <li className="save-row">
      {renaming ? (
        <form className="rename-form" onSubmit={submit}>
          <label htmlFor={inputId} className="visually-hidden">
            New name for {save.name}
          </label>
          <input id={inputId} value={name} maxLength={120} onChange={(e) => setName(e.target.value)} autoFocus />
          <button type="submit">Save name</button>
          <button type="button" onClick={() => setRenaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <span className="save-name">{save.name}</span>
      )}
      <span className="hint save-facts">
        {when(save.savedAt)} · {formatCount(save.params)} parameters · {percent(save.bestAccuracy)}
      </span>
      <span className="save-actions">
        <button type="button" aria-label={`Load ${save.name}`} onClick={() => library.load(save.id)}>
          Load
        </button>
        <button type="button" aria-label={`Rename ${save.name}`} onClick={() => setRenaming(true)} disabled={renaming}>
          Rename
        </button>
        <button type="button" aria-label={`Delete ${save.name}`} onClick={() => void library.remove(save.id)}>
          Delete
        </button>
      </span>
    </li>
  );
}

/**
 * "My models": the trained model saved under a name in this browser, with its weights, settings
 * and curves; a list with Load, Rename and Delete (which Undo reverses).
 */
export function MyModels() {
  const library = useLibrary();
  const saves = useAppStore((s) => s.saves);
  const trained = useAppStore((s) => s.progress.step > 0);
  const presetId = useAppStore((s) => s.presetId);
  const notice = useAppStore((s) => s.libraryNotice);
  const deleted = useAppStore((s) => s.deletedSave);
  const [name, setName] = useState('');
  const suggestion = `${PRESETS.find((p) => p.id === presetId)?.name ?? 'My network'} ${(saves?.length ?? 0) + 1}`;

  const save = (e: FormEvent) => {
    e.preventDefault();
    void library.save(name.trim() === '' ? suggestion : name).then((saved) => saved && setName(''));
  };

  return (
    <details className="library-details">
      <summary>My models{saves && saves.length > 0 ? ` (${saves.length})` : ''}</summary>
      <section aria-label="My models" className="my-models">
        <form className="save-form" onSubmit={save}>
          <label htmlFor="save-name">Name</label>
          <input id="save-name" value={name} placeholder={suggestion} maxLength={120} onChange={(e) => setName(e.target.value)} aria-describedby="save-hint" />
          <button type="submit" disabled={!trained}>
            Save
          </button>
        </form>
        <p id="save-hint" className="hint">
          {trained ? 'Keeps the network, its trained weights, settings and curves in this browser.' : 'Train the network to save it with its weights.'}
        </p>
        <div className="library-status">
          <p role="status" className={notice?.kind === 'info' ? 'notice' : 'visually-hidden'}>
            {notice?.kind === 'info' ? notice.text : ''}
          </p>
          {deleted && (
            <button type="button" onClick={() => void library.undoRemove()}>
              Undo delete
            </button>
          )}
        </div>
        {notice?.kind === 'problem' && (
          <p role="alert" className="notice problem">
            {notice.text}
          </p>
        )}
        <ModelFiles />
        {saves !== null && saves.length === 0 ? (
          <p className="hint">No saved models yet.</p>
        ) : (
          <ul className="save-list" aria-label="Saved models">
            {(saves ?? []).map((s) => (
              <SaveRow key={s.id} save={s} />
            ))}
          </ul>
        )}
      </section>
    </details>
  );
}
