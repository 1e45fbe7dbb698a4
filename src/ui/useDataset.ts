import type { DatasetDescription } from '../core/dataset';
import { selectDataset } from '../store/datasets';
import { useAppStore } from './context';

/** The dataset the page works on (the network's): its name, image shape and class names. */
export function useDataset(): DatasetDescription {
  return useAppStore(selectDataset);
}
