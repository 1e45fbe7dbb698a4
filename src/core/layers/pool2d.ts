import { isExplicitPadding } from '../math/convMath';
import { showSetting } from '../spec/describeValue';
import { PADDING_PARAM, POOL_SIZE_PARAM, STRIDES_PARAM } from '../spec/paramRanges';
import type { LayerOfKind, Pair, TensorShape } from '../spec/spec';
import { NO_PARAMS, type LayerDefinition, type ShapeError, type ShapeResult } from './definition';
import { pairText, slideWindow } from './spatial';

/**
 * PyTorch's rule for pool padding: at most half the pool size on each axis (floor(k / 2)), so
 * that every window holds at least one real cell.
 */
function poolPaddingError(layer: LayerOfKind<'maxPool2d' | 'avgPool2d'>): ShapeError | null {
  if (!isExplicitPadding(layer.padding)) return null;
  const [ph, pw] = layer.padding;
  const half: Pair = [Math.floor(layer.poolSize[0] / 2), Math.floor(layer.poolSize[1] / 2)];
  if (ph <= half[0] && pw <= half[1]) return null;
  const fitted: Pair = [Math.min(ph, half[0]), Math.min(pw, half[1])];
  const shown = (pair: Pair): string => (pair[0] === pair[1] ? String(pair[0]) : showSetting(pair));
  return {
    field: 'padding',
    message:
      `padding ${shown(layer.padding)} is more than half its ${pairText(layer.poolSize)} pool window, so some windows would hold only padding. ` +
      `PyTorch allows at most ${shown(half)} here. Use padding ${shown(fitted)}.`,
    fix: { field: 'padding', value: fitted, label: `Use padding ${shown(fitted)}` },
  };
}

/** Output [oh, ow, c] of a pool window sliding over [h, w, c]: convOutputSize per axis with d = 1. */
function poolOutputShape(layer: LayerOfKind<'maxPool2d' | 'avgPool2d'>, input: TensorShape): ShapeResult {
  const paddingError = poolPaddingError(layer);
  if (paddingError) return { ok: false, error: paddingError };
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

/**
 * AvgPool2D: output [oh, ow, c], no params; its additions are not counted as MACs. With explicit
 * padding the padded zeros count in each average (PyTorch's count_include_pad=True); with 'same'
 * only real cells do (TF's rule).
 */
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
