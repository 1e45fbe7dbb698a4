/** Which dataset a network is built for, and switching it. */
import type { NetworkSpec } from '../spec/spec';
import { builtinDataset, DEFAULT_DATASET_ID } from './builtin';
import type { DatasetDescription } from './description';
import { isOwnDatasetId } from './ownDataset';

/** The id of the dataset a network is for; a spec without one is an MNIST network. */
export function datasetIdOf(spec: { readonly dataset?: unknown }): string {
  return typeof spec.dataset === 'string' ? spec.dataset : DEFAULT_DATASET_ID;
}

/**
 * The description of the dataset a network is for, looked up among `known` (the built-in ones by
 * default); null when this page does not have it.
 */
export function datasetOfSpec(spec: { readonly dataset?: unknown }, known: (id: string) => DatasetDescription | null = builtinDataset): DatasetDescription | null {
  return known(datasetIdOf(spec));
}

/**
 * The same network for another dataset: its input shape becomes the dataset's, its layers stay as
 * they are (the analysis then asks for what no longer fits, such as the classifier's units). MNIST
 * is written as no dataset at all, so an MNIST network reads exactly as before datasets existed.
 */
export function withDataset(spec: NetworkSpec, dataset: DatasetDescription): NetworkSpec {
  const { dataset: _previous, ...rest } = spec;
  const next: NetworkSpec = { ...rest, inputShape: [...dataset.inputShape] };
  return dataset.id === DEFAULT_DATASET_ID ? next : { ...next, dataset: dataset.id };
}

/**
 * A ready-made network for another dataset (a preset chosen there): `withDataset`, and a last
 * Dense softmax layer (the classifier) gets one unit per class of the dataset, as the user would
 * have set it with the analysis's quick fix.
 */
export function withDatasetClassifier(spec: NetworkSpec, dataset: DatasetDescription): NetworkSpec {
  const next = withDataset(spec, dataset);
  const last = next.layers.length - 1;
  const classifier = next.layers[last];
  if (classifier?.kind !== 'dense' || classifier.activation !== 'softmax' || classifier.units === dataset.classNames.length) return next;
  return { ...next, layers: next.layers.map((layer, i) => (i === last ? { ...classifier, units: dataset.classNames.length } : layer)) };
}

/**
 * What a user should hear when opening a network moved the page to another dataset: " It is a
 * network for Fashion-MNIST: the page now uses that dataset." (with its leading space); empty
 * when the dataset stays.
 */
export function datasetChangeNote(before: { readonly dataset?: unknown }, after: { readonly dataset?: unknown }, known: (id: string) => DatasetDescription | null = builtinDataset): string {
  const id = datasetIdOf(after);
  if (id === datasetIdOf(before)) return '';
  const dataset = known(id);
  if (!dataset && isOwnDatasetId(id)) return ' It was made for someone’s own images, which are not in this browser (files and links carry the network, not the images): import them under Dataset, My own images, to train it.';
  return ` It is a network for ${dataset?.name ?? `"${id}"`}: the page now uses that dataset.`;
}
