/** Short words for a layer's settings in the network list, e.g. "8 filters 5×5, relu". */
import type { PaddingMode } from '../../core/math/convMath';
import type { LayerSpec, Padding, Pair } from '../../core/spec/spec';

const pair = ([h, w]: Pair) => (h === w ? `${h}×${h}` : `${h}×${w}`);
const activation = (a: string) => (a === 'linear' ? '' : `, ${a}`);
const stride = (s: Pair) => (s[0] === 1 && s[1] === 1 ? '' : `, stride ${pair(s)}`);
const dilation = (d: Pair) => (d[0] === 1 && d[1] === 1 ? '' : `, dilation ${pair(d)}`);
/** 'valid', 'same', 'padding 1' or 'padding 1×2' (rows × columns), then the mode unless zeros. */
const padding = (p: Padding, mode: PaddingMode = 'zeros') => {
  const amount = Array.isArray(p) ? `padding ${p[0] === p[1] ? p[0] : pair(p)}` : p;
  return mode === 'zeros' ? amount : `${amount} ${mode}`;
};

export function describeLayerSettings(layer: LayerSpec): string {
  switch (layer.kind) {
    case 'conv2d':
    case 'separableConv2d':
      return `${layer.filters} filters ${pair(layer.kernelSize)}${stride(layer.strides)}${dilation(layer.dilation)}, ${padding(layer.padding, layer.paddingMode)}${activation(layer.activation)}`;
    case 'depthwiseConv2d':
      return `×${layer.depthMultiplier} ${pair(layer.kernelSize)}${stride(layer.strides)}, ${padding(layer.padding, layer.paddingMode)}${activation(layer.activation)}`;
    case 'maxPool2d':
    case 'avgPool2d':
      return `${pair(layer.poolSize)}${stride(layer.strides)}, ${padding(layer.padding)}`;
    case 'dense':
      return `${layer.units} units${activation(layer.activation)}`;
    case 'activation':
      return layer.activation;
    case 'dropout':
      return `rate ${layer.rate}`;
    case 'globalAvgPool2d':
    case 'globalMaxPool2d':
    case 'flatten':
    case 'batchNorm':
      return '';
  }
}
