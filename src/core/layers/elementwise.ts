/** Layers that keep their input's shape: Activation, Dropout, BatchNorm. */
import { ACTIVATION_FN_PARAM, RATE_PARAM } from '../spec/paramRanges';
import { NO_PARAMS, type LayerDefinition } from './definition';

/** Activation: output shape = input shape; no params; the function itself is not counted as MACs. */
export const activationDefinition: LayerDefinition<'activation'> = {
  kind: 'activation',
  label: 'Activation',
  description: 'Applies a function such as ReLU to every number on its own, without any learned weights.',
  accepts: 'any',
  params: [ACTIVATION_FN_PARAM],
  defaults: { activation: 'relu' },
  outputShape: (_layer, input) => ({ ok: true, shape: [...input] }),
  paramCount: () => NO_PARAMS,
  macs: () => 0,
};

/** Dropout: output shape = input shape; no params, no MACs (it only acts while training). */
export const dropoutDefinition: LayerDefinition<'dropout'> = {
  kind: 'dropout',
  label: 'Dropout',
  description: 'While training, randomly switches off a fraction of the numbers so the network cannot rely on any single one.',
  accepts: 'any',
  params: [RATE_PARAM],
  defaults: { rate: 0.25 },
  outputShape: (_layer, input) => ({ ok: true, shape: [...input] }),
  paramCount: () => NO_PARAMS,
  macs: () => 0,
};

/**
 * BatchNorm over the last axis of size c: output shape = input shape; params 4c (gamma, beta,
 * moving mean, moving variance) of which 2c (gamma, beta) are trainable; not counted as MACs.
 */
export const batchNormDefinition: LayerDefinition<'batchNorm'> = {
  kind: 'batchNorm',
  label: 'BatchNorm',
  description: 'Rescales each channel to a steady average and spread, which helps deeper networks train faster.',
  accepts: 'any',
  params: [],
  defaults: {},
  outputShape: (_layer, input) => ({ ok: true, shape: [...input] }),
  paramCount: (_layer, input) => {
    const channels = input[input.length - 1] ?? 0;
    return { total: 4 * channels, trainable: 2 * channels };
  },
  macs: () => 0,
};
