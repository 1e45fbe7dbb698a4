import {
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
 * Conv2D on input [h, w, cin] with kernel [kh, kw] and `filters` output channels:
 * output [oh, ow, filters] (oh, ow from convOutputSize),
 * params kh*kw*cin*filters + (useBias ? filters : 0),
 * MACs oh*ow*filters*kh*kw*cin.
 */
export const conv2dDefinition: LayerDefinition<'conv2d'> = {
  kind: 'conv2d',
  label: 'Conv2D',
  description: 'Slides small learned filters over the image, and each filter makes a new feature map that lights up where its pattern appears.',
  accepts: 'featureMap',
  params: [FILTERS_PARAM, KERNEL_SIZE_PARAM, STRIDES_PARAM, PADDING_PARAM, PADDING_MODE_PARAM, DILATION_PARAM, LAYER_ACTIVATION_PARAM, USE_BIAS_PARAM],
  defaults: {
    filters: 8,
    kernelSize: [3, 3],
    strides: [1, 1],
    padding: 'valid',
    paddingMode: 'zeros',
    dilation: [1, 1],
    activation: 'relu',
    useBias: true,
  },
  outputShape(layer, input) {
    const out = slideWindow(input, { size: layer.kernelSize, strides: layer.strides, padding: layer.padding, dilation: layer.dilation, mode: layer.paddingMode }, 'kernel', 'kernelSize');
    return out.ok ? { ok: true, shape: [out.height, out.width, layer.filters] } : out;
  },
  paramCount(layer, input) {
    const cin = input[2] ?? 0;
    const [kh, kw] = layer.kernelSize;
    return trainable(kh * kw * cin * layer.filters + (layer.useBias ? layer.filters : 0));
  },
  macs(layer, input, output) {
    const [oh = 0, ow = 0] = output;
    const [kh, kw] = layer.kernelSize;
    return oh * ow * layer.filters * kh * kw * (input[2] ?? 0);
  },
};
