import { useState } from 'react';
import { useAppStore, useLinks } from '../context';

/**
 * "Copy link": the network and its training settings as a link anyone can open. The link is also
 * shown, selected, where the clipboard is refused. A line says what opening a link did.
 */
export function ShareLink() {
  const links = useLinks();
  const notice = useAppStore((s) => s.linkNotice);
  const [shown, setShown] = useState<{ link: string; copied: boolean } | null>(null);
  const copy = async () => {
    const link = links.link();
    setShown({ link, copied: await links.copyLink() });
  };
  return (
    <div className={shown ? 'share-link shown' : 'share-link'}>
      <div className="share-row">
        <button type="button" onClick={() => void copy()} aria-describedby="share-hint" title="The network and training settings; no trained weights.">
          Copy link
        </button>
        <span id="share-hint" className="hint">
          The network and training settings; no trained weights.
        </span>
      </div>
      {shown && (
        <div className="share-row">
          <label htmlFor="share-url" className="visually-hidden">
            Link to this network
          </label>
          <input id="share-url" readOnly value={shown.link} onFocus={(e) => e.target.select()} />
          <span role="status" className="hint">
            {shown.copied ? 'Copied.' : 'Copy it from the box.'}
          </span>
        </div>
      )}
      {notice && (
        <p role={notice.kind === 'problem' ? 'alert' : 'status'} className={notice.kind === 'problem' ? 'notice problem' : 'notice'}>
          {notice.text}
        </p>
      )}
    </div>
  );
}
