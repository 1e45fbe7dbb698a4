import { useEffect, useRef } from 'react';
import { useAppStore, useController } from './context';

/**
 * Asks before an edit throws away a trained (or training) model. Keeping the model is the default:
 * Escape and Cancel leave everything as it was.
 */
export function DiscardModelDialog() {
  const pending = useAppStore((s) => s.pendingEdit);
  const steps = useAppStore((s) => s.progress.step);
  const cancel = useAppStore((s) => s.cancelPendingEdit);
  const controller = useController();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (pending && !element.open) element.showModal();
    if (!pending && element.open) element.close();
  }, [pending]);

  const discard = async () => {
    const edit = pending;
    if (!edit) return;
    await controller.discardModel();
    edit.apply();
  };

  return (
    <dialog ref={dialog} aria-labelledby="discard-title" aria-describedby="discard-text" onCancel={cancel} onClose={cancel}>
      <h2 id="discard-title">Discard the trained model?</h2>
      <p id="discard-text">
        {pending ? `${pending.label} changes the network. ` : ''}
        The model {steps > 0 ? `trained for ${steps.toLocaleString('en-US')} steps ` : ''}
        no longer fits it, so its weights and charts will be discarded and training starts again from scratch.
      </p>
      <div className="dialog-buttons">
        <button type="button" onClick={cancel} autoFocus>
          Keep the model
        </button>
        <button type="button" className="danger" onClick={() => void discard()}>
          Discard and change
        </button>
      </div>
    </dialog>
  );
}
