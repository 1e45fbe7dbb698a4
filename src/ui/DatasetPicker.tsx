import { BUILTIN_DATASETS, builtinDataset, type DatasetDescription } from '../core/dataset';
import { useAppStore } from './context';
import { useDataset } from './useDataset';

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
  const chooseDataset = useAppStore((s) => s.chooseDataset);
  const description = describeDataset(dataset);
  return (
    <div className="field dataset-field">
      <label htmlFor="dataset">Dataset</label>
      <select id="dataset" value={dataset.id} aria-describedby="dataset-description" title={description} onChange={(e) => {
        const chosen = builtinDataset(e.target.value);
        if (chosen) chooseDataset(chosen);
      }}>
        {BUILTIN_DATASETS.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
      <p id="dataset-description" className="visually-hidden">
        {description}
      </p>
    </div>
  );
}
