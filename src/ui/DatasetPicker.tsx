import { useState } from 'react';
import { BUILTIN_DATASETS, type DatasetDescription } from '../core/dataset';
import { knownDataset } from '../store/datasets';
import { useAppStore } from './context';
import { OwnImagesDialog } from './own/OwnImagesDialog';
import { useDataset } from './useDataset';

/** The choice that opens the import dialog rather than a dataset. */
const NEW_OWN = '+own';

/** "69,945 images of 28 × 28 grey pixels in 10 classes; test split made here" */
export function describeDataset(dataset: DatasetDescription): string {
  const [h, w, c] = dataset.inputShape;
  const { train, validation, test } = dataset.splits;
  const images = (train + validation + test).toLocaleString('en-US');
  const split = dataset.officialTestSplit ? '' : '; its test split is made here, not the official one';
  return `${images} images of ${h} × ${w} ${c === 1 ? 'grey' : 'colour'} pixels in ${dataset.classNames.length} classes${split}. ${dataset.licence}; ${dataset.origin}`;
}

/**
 * What the network learns from: choosing another dataset keeps the network (its input follows the
 * dataset's images; the analysis asks for what no longer fits) and is an undoable edit, guarded
 * like one when a model has trained.
 */
export function DatasetPicker() {
  const dataset = useDataset();
  const own = useAppStore((s) => s.ownDatasets);
  const chooseDataset = useAppStore((s) => s.chooseDataset);
  const [importing, setImporting] = useState(false);
  const description = describeDataset(dataset);
  return (
    <div className="field dataset-field">
      <label htmlFor="dataset">Dataset</label>
      <select id="dataset" value={dataset.id} aria-describedby="dataset-description" title={description} onChange={(e) => {
        if (e.target.value === NEW_OWN) return setImporting(true);
        const chosen = knownDataset(e.target.value, own);
        if (chosen) chooseDataset(chosen);
      }}>
        {BUILTIN_DATASETS.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
        <optgroup label="My own images">
          {own.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
          <option value={NEW_OWN}>Add or manage my images…</option>
        </optgroup>
      </select>
      <p id="dataset-description" className="visually-hidden">
        {description}
      </p>
      {importing && <OwnImagesDialog onClose={() => setImporting(false)} />}
    </div>
  );
}
