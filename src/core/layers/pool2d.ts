import { PADDING_PARAM, POOL_SIZE_PARAM, STRIDES_PARAM } from '../paramRanges';
import type { LayerOfKind, TensorShape } from '../spec';
import { NO_PARAMS, type LayerDefinition, type ShapeResult } from './definition';
import { slideWindow } from './spatial';

/** Output [oh, ow, c] of a pool window sliding over [h, w, c]: convOutputSize per axis with d = 1. */
function poolOutputShape(layer: LayerOfKind<'maxPool2d' | 'avgPool2d'>, input: TensorShape): ShapeResult {
  const out = slideWindow(input, { size: layer.poolSize, strides: layer.strides, padding: layer.padding, dilation: [1, 1] }, 'pool window', 'poolSize');
  return out.ok ? { ok: true, shape: [out.height, out.width, input[2] ?? 0] } : out;
}

const POOL_PARAMS = [POOL_SIZE_PARAM, STRIDES_PARAM, PADDING_PARAM];

/** MaxPool2D: output [oh, ow, c], no params; comparisons are not counted as MACs. */
export const maxPool2dDefinition: LayerDefinition<'maxPool2d'> = {
  kind: 'maxPool2d',
  label: 'MaxPool2D',
  description: 'Shrinks each feature map by keeping only the largest value in every small window.',
  accepts: 'featureMap',
  params: POOL_PARAMS,
  defaults: { poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
  outputShape: poolOutputShape,
  paramCount: () => NO_PARAMS,
  macs: () => 0,
};

/** AvgPool2D: output [oh, ow, c], no params; its additions are not counted as MACs. */
export const avgPool2dDefinition: LayerDefinition<'avgPool2d'> = {
  kind: 'avgPool2d',
  label: 'AvgPool2D',
  description: 'Shrinks each feature map by replacing every small window with the average of its values.',
  accepts: 'featureMap',
  params: POOL_PARAMS,
  defaults: { poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
  outputShape: poolOutputShape,
  paramCount: () => NO_PARAMS,
  macs: () => 0,
};
