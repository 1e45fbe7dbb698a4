import { useState } from 'react';
import { errorMessage } from '../../core/spec/describeValue';
import { useAppStore, useOwnData } from '../context';
import { useDataset } from '../useDataset';

const megabytes = (bytes: number) => `${(bytes / 1e6).toLocaleString('en', { maximumFractionDigits: bytes < 1e6 ? 2 : 1 })} MB`;

/** "My data": the datasets kept in this browser, each with its size, Use and Delete (with Undo). */
export function MyData({ onUse }: { onUse: () => void }) {
  const summaries = useAppStore((s) => s.ownDatasetSummaries);
  const chooseDataset = useAppStore((s) => s.chooseDataset);
  const current = useDataset().id;
  const ownData = useOwnData();
  const [notice, setNotice] = useState<{ text: string; undo: boolean } | null>(null);
  if (summaries.length === 0 && !notice) return null;
  const remove = async (id: string, name: string) => {
    try {
      await ownData.delete(id);
      setNotice({ text: `Deleted "${name}".`, undo: true });
    } catch (error) {
      setNotice({ text: errorMessage(error), undo: false });
    }
  };
  const undo = async () => {
    try {
      setNotice({ text: (await ownData.undoDelete()) ? 'Put back.' : 'Nothing to put back.', undo: false });
    } catch (error) {
      setNotice({ text: errorMessage(error), undo: false });
    }
  };
  return (
    <section className="my-data" aria-labelledby="my-data-heading">
      <h3 id="my-data-heading">My data</h3>
      <ul aria-labelledby="my-data-heading">
        {summaries.map(({ description: d, classCounts, bytes }) => {
          const [h, w, c] = d.inputShape;
          const images = classCounts.reduce((a, b) => a + b, 0);
          return (
            <li key={d.id}>
              <span>
                <strong>{d.name}</strong> {images.toLocaleString('en')} images in {classCounts.length} classes, {h} × {w} {c === 1 ? 'grey' : 'colour'}, {megabytes(bytes)}
                {d.id === current ? ' (in use)' : ''}
              </span>
              <button type="button" disabled={d.id === current} onClick={() => {
                chooseDataset(d);
                onUse();
              }} aria-label={`Use "${d.name}"`}>
                Use
              </button>
              <button type="button" disabled={d.id === current} onClick={() => void remove(d.id, d.name)} aria-label={`Delete "${d.name}"`}>
                Delete
              </button>
            </li>
          );
        })}
      </ul>
      {notice && (
        <p role="status" className="hint">
          {notice.text}{' '}
          {notice.undo && (
            <button type="button" onClick={() => void undo()}>
              Undo
            </button>
          )}
        </p>
      )}
    </section>
  );
}
