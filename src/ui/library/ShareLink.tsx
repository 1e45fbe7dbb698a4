import { useState } from 'react';
import { useAppStore, useLinks } from '../context';
import { useDataset } from '../useDataset';

/**
 * "Copy link": the network and its training settings as a link anyone can open. The link is also
 * shown, selected, where the clipboard is refused. A line says what opening a link did.
 */
export function ShareLink() {
  const links = useLinks();
  const notice = useAppStore((s) => s.linkNotice);
  const [shown, setShown] = useState<{ link: string; copied: boolean } | null>(null);
  // A link is text: it cannot carry the user's images, only the network made for them.
  const own = useDataset().source.kind === 'user';
  const carries = own ? 'The network and training settings; not your images, nor trained weights.' : 'The network and training settings; no trained weights.';
  const copy = async () => {
    const link = links.link();
    setShown({ link, copied: await links.copyLink() });
  };
  return (
    <div className={shown ? 'share-link shown' : 'share-link'}>
      <div className="share-row">
        <button type="button" onClick={() => void copy()} aria-describedby="share-hint" title={carries}>
          Copy link
        </button>
        <span id="share-hint" className="hint">
          {carries}
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
            {own && ' It carries the network, not your images: send the dataset’s zip (Export, Download dataset) along.'}
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
