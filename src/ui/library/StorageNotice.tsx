import { useAppStore } from '../context';

const clock = (ms: number) => new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * What the browser keeps of the trained model: the line after a reload restored it, a storage
 * problem, and when the last checkpoint was written (one line, whose title holds all of it).
 */
export function StorageNotice() {
  const notice = useAppStore((s) => s.storageNotice);
  const checkpoint = useAppStore((s) => s.checkpoint);
  // The line is there before the first checkpoint too, so training's first save moves nothing below it.
  const kept = checkpoint
    ? `Kept in this browser: step ${checkpoint.step.toLocaleString('en-US')}, saved ${clock(checkpoint.savedAt)}`
    : 'Training is kept in this browser as it goes.';
  return (
    <div className="storage-notice">
      <p role="status" className={notice?.kind === 'info' ? 'notice' : 'visually-hidden'}>
        {notice?.kind === 'info' ? notice.text : ''}
      </p>
      {notice?.kind === 'problem' && (
        <p role="alert" className="notice problem">
          {notice.text}
        </p>
      )}
      <p className="hint kept-line" title={kept}>
        {kept}
      </p>
    </div>
  );
}
