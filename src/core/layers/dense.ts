import { LAYER_ACTIVATION_PARAM, UNITS_PARAM, USE_BIAS_PARAM } from '../spec/paramRanges';
import { trainable, type LayerDefinition } from './definition';

/**
 * Dense on a vector [n]: output [units], params n*units + (useBias ? units : 0), MACs n*units.
 * Kernelscope only allows it on vectors (tfjs would apply it along the last axis of a feature
 * map, which is rarely what a student means), so a Flatten must come first.
 */
export const denseDefinition: LayerDefinition<'dense'> = {
  kind: 'dense',
  label: 'Dense',
  description: 'Connects every input number to every unit, and each unit adds up its inputs with learned weights.',
  accepts: 'vector',
  params: [UNITS_PARAM, LAYER_ACTIVATION_PARAM, USE_BIAS_PARAM],
  // The default is the classifier head, the Dense layer most networks need first.
  defaults: { units: 10, activation: 'softmax', useBias: true },
  outputShape: (layer) => ({ ok: true, shape: [layer.units] }),
  paramCount: (layer, input) => trainable((input[0] ?? 0) * layer.units + (layer.useBias ? layer.units : 0)),
  macs: (layer, input) => (input[0] ?? 0) * layer.units,
};
