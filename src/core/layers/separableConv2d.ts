import {
  DEPTH_MULTIPLIER_PARAM,
  DILATION_PARAM,
  FILTERS_PARAM,
  KERNEL_SIZE_PARAM,
  LAYER_ACTIVATION_PARAM,
  PADDING_MODE_PARAM,
  PADDING_PARAM,
  STRIDES_PARAM,
  USE_BIAS_PARAM,
} from '../spec/paramRanges';
import { trainable, type LayerDefinition } from './definition';
import { slideWindow } from './spatial';

/**
 * SeparableConv2D on input [h, w, cin]: a depthwise conv (kernel [kh, kw], multiplier dm) then a
 * 1x1 conv to `filters` channels. Output [oh, ow, filters],
 * params kh*kw*cin*dm + cin*dm*filters + (useBias ? filters : 0),
 * MACs oh*ow*cin*dm*kh*kw (depthwise) + oh*ow*cin*dm*filters (pointwise).
 */
export const separableConv2dDefinition: LayerDefinition<'separableConv2d'> = {
  kind: 'separableConv2d',
  label: 'SeparableConv2D',
  description: 'A cheaper convolution: first filters each channel on its own, then mixes the channels with 1x1 filters.',
  accepts: 'featureMap',
  params: [
    FILTERS_PARAM,
    KERNEL_SIZE_PARAM,
    STRIDES_PARAM,
    PADDING_PARAM,
    PADDING_MODE_PARAM,
    DILATION_PARAM,
    DEPTH_MULTIPLIER_PARAM,
    LAYER_ACTIVATION_PARAM,
    USE_BIAS_PARAM,
  ],
  defaults: {
    filters: 16,
    kernelSize: [3, 3],
    strides: [1, 1],
    padding: 'valid',
    paddingMode: 'zeros',
    dilation: [1, 1],
    depthMultiplier: 1,
    activation: 'relu',
    useBias: true,
  },
  outputShape(layer, input) {
    const out = slideWindow(input, { size: layer.kernelSize, strides: layer.strides, padding: layer.padding, dilation: layer.dilation, mode: layer.paddingMode }, 'kernel', 'kernelSize');
    return out.ok ? { ok: true, shape: [out.height, out.width, layer.filters] } : out;
  },
  paramCount(layer, input) {
    const depthChannels = (input[2] ?? 0) * layer.depthMultiplier;
    const [kh, kw] = layer.kernelSize;
    return trainable(kh * kw * depthChannels + depthChannels * layer.filters + (layer.useBias ? layer.filters : 0));
  },
  macs(layer, input, output) {
    const [oh = 0, ow = 0] = output;
    const [kh, kw] = layer.kernelSize;
    const depthChannels = (input[2] ?? 0) * layer.depthMultiplier;
    return oh * ow * depthChannels * kh * kw + oh * ow * depthChannels * layer.filters;
  },
};
