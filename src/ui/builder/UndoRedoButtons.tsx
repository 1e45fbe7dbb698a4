import { Icon } from '../Icon';
import { useEffect } from 'react';
import { redoLabel, undoLabel } from '../../core/editing/history';
import { useAppStore, useAppStoreApi } from '../context';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';

/** Ctrl/Cmd+Z undoes, Shift+Ctrl/Cmd+Z (or Ctrl+Y) redoes, anywhere on the page except in text boxes. */
function useUndoShortcuts(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('textarea, input[type="text"], [contenteditable="true"]')) return;
      const key = event.key.toLowerCase();
      const redo = (key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey);
      if (key !== 'z' && !redo) return;
      event.preventDefault();
      if (redo) store.getState().redoEdit();
      else store.getState().undoEdit();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

export function UndoRedoButtons() {
  useUndoShortcuts();
  const undoWhat = useAppStore((s) => undoLabel(s.networkHistory));
  const redoWhat = useAppStore((s) => redoLabel(s.networkHistory));
  const undoEdit = useAppStore((s) => s.undoEdit);
  const redoEdit = useAppStore((s) => s.redoEdit);
  return (
    <div className="undo-redo">
      <button type="button" onClick={undoEdit} disabled={undoWhat === null} title={undoWhat ? `Undo: ${undoWhat} (${MOD}Z)` : 'Nothing to undo'} className="icon-button">
        <Icon name="undo" /> Undo
      </button>
      <button type="button" onClick={redoEdit} disabled={redoWhat === null} title={redoWhat ? `Redo: ${redoWhat} (Shift+${MOD}Z)` : 'Nothing to redo'} className="icon-button">
        <Icon name="redo" /> Redo
      </button>
    </div>
  );
}
