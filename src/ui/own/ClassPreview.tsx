import { useEffect, useState } from 'react';
import type { ImportedImage } from '../../data/own';

/** Pictures shown per class: enough to see what the class holds, few enough to stay quick with thousands. */
const SHOWN = 16;

/** One class of an import: its name, its count, its first pictures, and a button to leave it out or take it back. */
export function ClassPreview({ name, images, left, onToggle }: { name: string; images: readonly ImportedImage[]; left: boolean; onToggle: () => void }) {
  const [urls, setUrls] = useState<string[]>([]);
  useEffect(() => {
    const made = images.slice(0, SHOWN).map((i) => URL.createObjectURL(i.png));
    setUrls(made);
    return () => made.forEach((u) => URL.revokeObjectURL(u));
  }, [images]);
  return (
    <li className={`own-class${left ? ' left-out' : ''}`}>
      <div className="own-class-header">
        <strong>{name}</strong>
        <span>
          {images.length.toLocaleString('en')} image{images.length === 1 ? '' : 's'}
          {left ? ' (left out)' : ''}
        </span>
        <button type="button" onClick={onToggle} aria-label={left ? `Take "${name}" back` : `Leave out "${name}"`}>
          {left ? 'Take back' : 'Leave out'}
        </button>
      </div>
      <div className="own-thumbs" role="img" aria-label={`The first ${Math.min(SHOWN, images.length)} pictures of "${name}"`}>
        {urls.map((url, i) => (
          <img key={url} src={url} alt="" width={40} height={40} title={images[i]?.source} />
        ))}
      </div>
    </li>
  );
}
