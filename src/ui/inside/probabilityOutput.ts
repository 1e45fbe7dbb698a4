import type { NetworkSpec, TensorShape } from '../../core/spec/spec';
import type { InspectionView } from '../../store/inspectionSlice';

/** The last layer shows class probabilities when it is a softmax over the dataset's `classes` classes. */
export function isProbabilityOutput(spec: NetworkSpec, index: number, shape: TensorShape | readonly number[] | null, classes: number): boolean {
  const layer = spec.layers[index];
  if (index !== spec.layers.length - 1 || !layer || shape?.length !== 1 || shape[0] !== classes) return false;
  return (layer.kind === 'dense' || layer.kind === 'activation') && layer.activation === 'softmax';
}

/** The class probabilities of a snapshot, when the network ends in a softmax over the classes; else null. */
export function probabilitiesIn(spec: NetworkSpec, view: InspectionView, classes: number): Float32Array | null {
  const last = spec.layers.length - 1;
  const output = view.snapshot.layers[view.layerIds.indexOf(spec.layers[last]?.id ?? '')];
  return output && isProbabilityOutput(spec, last, output.shape, classes) ? output.values : null;
}
