/**
 * The rule that makes a network a digit classifier: it must end in 10 class probabilities,
 * i.e. output shape [10] with a softmax as the last operation (dropout after it is harmless).
 */
import { formatShapeInWords } from './format';
import { layerName, type Problem } from './problems';
import type { LayerSpec, TensorShape } from './spec';
import { LAYER_REGISTRY } from './registry';

/** MNIST has ten digits. */
export const CLASS_COUNT = 10;

function endsInSoftmax(layer: LayerSpec): boolean {
  return (layer.kind === 'dense' || layer.kind === 'activation') && layer.activation === 'softmax';
}

/** Label of the appendClassifier fix for a network whose output has this shape. */
export function appendClassifierLabel(output: TensorShape | null): string {
  return output !== null && output.length === 3 ? 'Add Flatten + Dense(10) + softmax' : 'Add Dense(10) + softmax';
}

/**
 * Problems with the end of a network whose layers all analyzed and whose output is `output`.
 * `layers` must be well-typed (sanitized) layers, at least one.
 */
export function checkClassifier(layers: readonly LayerSpec[], output: TensorShape): Problem[] {
  let lastIndex = layers.length - 1;
  while (lastIndex > 0 && layers[lastIndex]?.kind === 'dropout') lastIndex -= 1;
  const last = layers[lastIndex];
  if (last === undefined) return [];
  const lastName = layerName(lastIndex, LAYER_REGISTRY[last.kind].label);
  const isTenVector = output.length === 1 && output[0] === CLASS_COUNT;

  if (isTenVector && endsInSoftmax(last)) return [];
  if (isTenVector && (last.kind === 'dense' || last.kind === 'activation')) {
    return [
      {
        severity: 'error',
        layerIndex: null,
        message: `The network gives 10 numbers, but they are not probabilities yet. Set the activation of ${lastName} to softmax so the 10 numbers add up to 1.`,
        fix: { type: 'setParam', layerIndex: lastIndex, field: 'activation', value: 'softmax', label: 'Use softmax' },
      },
    ];
  }
  if (!isTenVector && last.kind === 'dense' && endsInSoftmax(last) && output.length === 1) {
    return [
      {
        severity: 'error',
        layerIndex: null,
        message: `The network must end with 10 class probabilities, one per digit, but ${lastName} gives ${last.units}. Set its units to 10.`,
        fix: { type: 'setParam', layerIndex: lastIndex, field: 'units', value: CLASS_COUNT, label: 'Set units to 10' },
      },
    ];
  }
  const ending = isTenVector ? '10 numbers without a softmax' : formatShapeInWords(output);
  return [
    {
      severity: 'error',
      layerIndex: null,
      message: `The network must end with 10 class probabilities, one per digit, but it ends with ${ending}. Add a Dense layer with 10 units and softmax at the end.`,
      fix: { type: 'appendClassifier', label: appendClassifierLabel(output) },
    },
  ];
}
