import { useId, useState } from 'react';
import type { DraftClass } from '../../data/own';
import { imagesWanted } from '../../data/own/ownDraft';
import { Icon } from '../Icon';

/** Pictures shown at first, and added per "Show more": enough to see a class, few enough to stay quick with thousands. */
const SHOWN = 16;
const MORE = 64;

export interface ClassCardProps {
  index: number;
  item: DraftClass;
  urlOf: (blob: Blob) => string;
  busy: boolean;
  onRename(name: string): void;
  onToggle(): void;
  onRemove(): void;
  onRemoveImage(key: string): void;
  onAddFiles(files: FileList): void;
}

/**
 * One class of the dataset being made: its name (editable), its count and what it still needs,
 * its pictures (each one a button that removes it), files to add, and Leave out or Take back
 * (Remove for a class still empty).
 */
export function ClassCard({ index, item, urlOf, busy, onRename, onToggle, onRemove, onRemoveImage, onAddFiles }: ClassCardProps) {
  const [shown, setShown] = useState(SHOWN);
  const fileInput = useId();
  const { name, images, left } = item;
  const label = name.trim() || `class ${index + 1}`;
  const wanted = imagesWanted(item);
  return (
    <li className={`own-class${left ? ' left-out' : ''}`}>
      <div className="own-class-header">
        <input className="own-class-name" aria-label={`Name of class ${index + 1}`} value={name} maxLength={40} onChange={(e) => onRename(e.target.value)} />
        <span>
          {images.length.toLocaleString('en')} image{images.length === 1 ? '' : 's'}
          {left ? ' (left out)' : wanted > 0 ? `: ${wanted} more needed` : ''}
        </span>
        <span className="own-class-actions">
          <input
            id={fileInput}
            className="visually-hidden"
            type="file"
            multiple
            accept="image/png,image/jpeg,image/webp,image/gif,image/bmp,.zip"
            disabled={busy}
            onChange={(e) => {
              if (e.target.files?.length) onAddFiles(e.target.files);
              e.target.value = '';
            }}
          />
          <label className={`button-like secondary small${busy ? ' disabled' : ''}`} htmlFor={fileInput} aria-label={`Add image files to "${label}"`}>
            Add files…
          </label>
          {images.length === 0 ? (
            <button type="button" onClick={onRemove} aria-label={`Remove "${label}"`}>
              Remove
            </button>
          ) : (
            <button type="button" onClick={onToggle} aria-label={left ? `Take "${label}" back` : `Leave out "${label}"`}>
              {left ? 'Take back' : 'Leave out'}
            </button>
          )}
        </span>
      </div>
      {images.length > 0 && (
        <div className="own-thumbs" role="group" aria-label={`Pictures of "${label}"`}>
          {images.slice(0, shown).map((image) => (
            <button key={image.key} type="button" className="own-thumb" title={`${image.source}: click to remove it`} aria-label={`Remove ${image.source} from "${label}"`} onClick={() => onRemoveImage(image.key)}>
              <img src={urlOf(image.png)} alt="" width={40} height={40} />
              <Icon name="close" />
            </button>
          ))}
          {images.length > shown && (
            <button type="button" className="own-more" onClick={() => setShown((n) => n + MORE)}>
              Show {Math.min(MORE, images.length - shown)} more of {(images.length - shown).toLocaleString('en')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
