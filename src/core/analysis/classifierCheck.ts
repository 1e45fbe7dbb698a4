/**
 * The rule that makes a network a classifier of its dataset: it must end in one probability per
 * class, i.e. output shape [classes] with a softmax as the last operation (dropout after it is
 * harmless).
 */
import { formatShapeInWords } from '../spec/format';
import { layerName, type Problem } from './problems';
import type { LayerSpec, TensorShape } from '../spec/spec';
import { LAYER_REGISTRY } from '../spec/registry';

/** What the network must tell apart: how many classes, and what one is ("one per digit"). */
export interface ClassifierTarget {
  count: number;
  noun: string;
}

function endsInSoftmax(layer: LayerSpec): boolean {
  return (layer.kind === 'dense' || layer.kind === 'activation') && layer.activation === 'softmax';
}

/** Label of the appendClassifier fix for a network whose output has this shape. */
export function appendClassifierLabel(output: TensorShape | null, classes: number): string {
  return output !== null && output.length === 3 ? `Add Flatten + Dense(${classes}) + softmax` : `Add Dense(${classes}) + softmax`;
}

/**
 * Problems with the end of a network whose layers all analyzed and whose output is `output`.
 * `layers` must be well-typed (sanitized) layers, at least one.
 */
export function checkClassifier(layers: readonly LayerSpec[], output: TensorShape, target: ClassifierTarget): Problem[] {
  const n = target.count;
  let lastIndex = layers.length - 1;
  while (lastIndex > 0 && layers[lastIndex]?.kind === 'dropout') lastIndex -= 1;
  const last = layers[lastIndex];
  if (last === undefined) return [];
  const lastName = layerName(lastIndex, LAYER_REGISTRY[last.kind].label);
  const isClassVector = output.length === 1 && output[0] === n;

  if (isClassVector && endsInSoftmax(last)) return [];
  if (isClassVector && (last.kind === 'dense' || last.kind === 'activation')) {
    return [
      {
        severity: 'error',
        layerIndex: null,
        message: `The network gives ${n} numbers, but they are not probabilities yet. Set the activation of ${lastName} to softmax so the ${n} numbers add up to 1.`,
        fix: { type: 'setParam', layerIndex: lastIndex, field: 'activation', value: 'softmax', label: 'Use softmax' },
      },
    ];
  }
  if (!isClassVector && last.kind === 'dense' && endsInSoftmax(last) && output.length === 1) {
    return [
      {
        severity: 'error',
        layerIndex: null,
        message: `The network must end with ${n} class probabilities, one per ${target.noun}, but ${lastName} gives ${last.units}. Set its units to ${n}.`,
        fix: { type: 'setParam', layerIndex: lastIndex, field: 'units', value: n, label: `Set the last Dense layer to ${n} units` },
      },
    ];
  }
  const ending = isClassVector ? `${n} numbers without a softmax` : formatShapeInWords(output);
  return [
    {
      severity: 'error',
      layerIndex: null,
      message: `The network must end with ${n} class probabilities, one per ${target.noun}, but it ends with ${ending}. Add a Dense layer with ${n} units and softmax at the end.`,
      fix: { type: 'appendClassifier', classes: n, label: appendClassifierLabel(output, n) },
    },
  ];
}
