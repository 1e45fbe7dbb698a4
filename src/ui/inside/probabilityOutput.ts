import type { NetworkSpec, TensorShape } from '../../core/spec/spec';
import { datasetForSpec } from '../../store/datasets';
import type { InspectionView } from '../../store/inspectionSlice';

/** The last layer shows class probabilities when it is a softmax over the dataset's classes. */
export function isProbabilityOutput(spec: NetworkSpec, index: number, shape: TensorShape | readonly number[] | null): boolean {
  const layer = spec.layers[index];
  if (index !== spec.layers.length - 1 || !layer || shape?.length !== 1 || shape[0] !== datasetForSpec(spec).classNames.length) return false;
  return (layer.kind === 'dense' || layer.kind === 'activation') && layer.activation === 'softmax';
}

/** The class probabilities of a snapshot, when the network ends in a softmax over the classes; else null. */
export function probabilitiesIn(spec: NetworkSpec, view: InspectionView): Float32Array | null {
  const last = spec.layers.length - 1;
  const output = view.snapshot.layers[view.layerIds.indexOf(spec.layers[last]?.id ?? '')];
  return output && isProbabilityOutput(spec, last, output.shape) ? output.values : null;
}
