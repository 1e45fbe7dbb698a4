import { DEPTH_MULTIPLIER_PARAM, KERNEL_SIZE_PARAM, LAYER_ACTIVATION_PARAM, PADDING_MODE_PARAM, PADDING_PARAM, STRIDES_PARAM, USE_BIAS_PARAM } from '../spec/paramRanges';
import type { ParamDescriptor } from '../spec/paramRanges';
import { trainable, type LayerDefinition } from './definition';
import { slideWindow } from './spatial';

/**
 * tfjs-layers' DepthwiseConv2D ignores dilationRate (it calls depthwiseConv2d with dilation null
 * and leaves it out of computeOutputShape), so any other value would silently do nothing.
 */
const DEPTHWISE_DILATION_PARAM: ParamDescriptor = {
  field: 'dilation',
  label: 'Dilation',
  type: 'pair',
  affectsShape: true,
  min: 1,
  max: 1,
  note: 'TensorFlow.js does not support dilation on depthwise layers; use a SeparableConv2D for a dilated depthwise filter.',
};

/**
 * DepthwiseConv2D on input [h, w, cin] with kernel [kh, kw] and depth multiplier dm: each input
 * channel gets dm filters of its own, so output [oh, ow, cin*dm],
 * params kh*kw*cin*dm + (useBias ? cin*dm : 0),
 * MACs oh*ow*cin*dm*kh*kw.
 */
export const depthwiseConv2dDefinition: LayerDefinition<'depthwiseConv2d'> = {
  kind: 'depthwiseConv2d',
  label: 'DepthwiseConv2D',
  description: 'Filters each channel separately with its own small kernel, finding spatial patterns without mixing channels together.',
  accepts: 'featureMap',
  params: [KERNEL_SIZE_PARAM, STRIDES_PARAM, PADDING_PARAM, PADDING_MODE_PARAM, DEPTHWISE_DILATION_PARAM, DEPTH_MULTIPLIER_PARAM, LAYER_ACTIVATION_PARAM, USE_BIAS_PARAM],
  defaults: {
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
    return out.ok ? { ok: true, shape: [out.height, out.width, (input[2] ?? 0) * layer.depthMultiplier] } : out;
  },
  paramCount(layer, input) {
    const channels = (input[2] ?? 0) * layer.depthMultiplier;
    const [kh, kw] = layer.kernelSize;
    return trainable(kh * kw * channels + (layer.useBias ? channels : 0));
  },
  macs(layer, input, output) {
    const [oh = 0, ow = 0] = output;
    const [kh, kw] = layer.kernelSize;
    return oh * ow * (input[2] ?? 0) * layer.depthMultiplier * kh * kw;
  },
};
