/** The dataset the page works on: the one its network is for. */
import { builtinDataset, MNIST, type DatasetDescription } from '../core/dataset';
import { datasetIdOf } from '../core/dataset/specDataset';
import type { NetworkSpec } from '../core/spec/spec';

/** The datasets the page can use: the built-in ones, then the user's own (`own`, as the store keeps them). */
export function knownDataset(id: string, own: readonly DatasetDescription[]): DatasetDescription | null {
  return builtinDataset(id) ?? own.find((d) => d.id === id) ?? null;
}

/**
 * The description of the dataset `spec` is for. A network for a dataset this page lacks (a link
 * from a newer page, or an own dataset deleted since) shows MNIST's images while the analysis says
 * which dataset it needs.
 */
export function datasetForSpec(spec: NetworkSpec, own: readonly DatasetDescription[]): DatasetDescription {
  return knownDataset(datasetIdOf(spec), own) ?? MNIST;
}

/** The current dataset (a zustand selector): the same object while the network's dataset stays. */
export const selectDataset = (state: { spec: NetworkSpec; ownDatasets: readonly DatasetDescription[] }): DatasetDescription => datasetForSpec(state.spec, state.ownDatasets);
