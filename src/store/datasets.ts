/** The dataset the page works on: the one its network is for. */
import { builtinDataset, MNIST, type DatasetDescription } from '../core/dataset';
import { datasetIdOf } from '../core/dataset/specDataset';
import type { NetworkSpec } from '../core/spec/spec';

/**
 * The description of the dataset `spec` is for. A network for a dataset this page lacks (a link
 * from a newer page) shows MNIST's images while the analysis says which dataset it needs.
 */
export function datasetForSpec(spec: NetworkSpec): DatasetDescription {
  return builtinDataset(datasetIdOf(spec)) ?? MNIST;
}

/** The current dataset (a zustand selector): the same object while the network's dataset stays. */
export const selectDataset = (state: { spec: NetworkSpec }): DatasetDescription => datasetForSpec(state.spec);
