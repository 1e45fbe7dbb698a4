import type { TensorShape } from '../spec/spec';
import { NO_PARAMS, type LayerDefinition, type ShapeResult } from './definition';

/** [h, w, c] -> [c]: one number per channel. */
function channelsOnly(_layer: unknown, input: TensorShape): ShapeResult {
  return { ok: true, shape: [input[2] ?? 0] };
}

/** GlobalAvgPool2D: [h, w, c] -> [c], the mean of each channel; no params, no MACs. */
export const globalAvgPool2dDefinition: LayerDefinition<'globalAvgPool2d'> = {
  kind: 'globalAvgPool2d',
  label: 'GlobalAvgPool2D',
  description: 'Turns each whole feature map into a single number, its average, giving one number per channel.',
  accepts: 'featureMap',
  params: [],
  defaults: {},
  outputShape: channelsOnly,
  paramCount: () => NO_PARAMS,
  macs: () => 0,
};

/** GlobalMaxPool2D: [h, w, c] -> [c], the max of each channel; no params, no MACs. */
export const globalMaxPool2dDefinition: LayerDefinition<'globalMaxPool2d'> = {
  kind: 'globalMaxPool2d',
  label: 'GlobalMaxPool2D',
  description: 'Turns each whole feature map into a single number, its largest value, giving one number per channel.',
  accepts: 'featureMap',
  params: [],
  defaults: {},
  outputShape: channelsOnly,
  paramCount: () => NO_PARAMS,
  macs: () => 0,
};
