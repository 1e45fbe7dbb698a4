import { NO_PARAMS, type LayerDefinition } from './definition';

/** Flatten: [h, w, c] -> [h*w*c]; no params, no MACs. */
export const flattenDefinition: LayerDefinition<'flatten'> = {
  kind: 'flatten',
  label: 'Flatten',
  description: 'Unrolls the stack of feature maps into one long list of numbers so Dense layers can read it.',
  accepts: 'featureMap',
  params: [],
  defaults: {},
  outputShape: (_layer, input) => ({ ok: true, shape: [input.reduce((product, n) => product * n, 1)] }),
  paramCount: () => NO_PARAMS,
  macs: () => 0,
};
