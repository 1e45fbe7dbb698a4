/** Short words for a layer's settings in the network list, e.g. "8 filters 5×5, relu". */
import type { LayerSpec, Pair } from '../../core/spec';

const pair = ([h, w]: Pair) => (h === w ? `${h}×${h}` : `${h}×${w}`);
const activation = (a: string) => (a === 'linear' ? '' : `, ${a}`);
const stride = (s: Pair) => (s[0] === 1 && s[1] === 1 ? '' : `, stride ${pair(s)}`);
const dilation = (d: Pair) => (d[0] === 1 && d[1] === 1 ? '' : `, dilation ${pair(d)}`);

export function describeLayerSettings(layer: LayerSpec): string {
  switch (layer.kind) {
    case 'conv2d':
    case 'separableConv2d':
      return `${layer.filters} filters ${pair(layer.kernelSize)}${stride(layer.strides)}${dilation(layer.dilation)}, ${layer.padding}${activation(layer.activation)}`;
    case 'depthwiseConv2d':
      return `×${layer.depthMultiplier} ${pair(layer.kernelSize)}${stride(layer.strides)}, ${layer.padding}${activation(layer.activation)}`;
    case 'maxPool2d':
    case 'avgPool2d':
      return `${pair(layer.poolSize)}${stride(layer.strides)}, ${layer.padding}`;
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
