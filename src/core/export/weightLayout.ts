/**
 * Which weights a network has, in the order tfjs's `model.weights` lists them: every layer's
 * trainable weights in layer order, then every non-trainable one (batch norm's moving statistics).
 * Shapes are tfjs's (channels last): conv kernels [kh, kw, in, out], depthwise kernels
 * [kh, kw, in, multiplier], dense kernels [in, out]. Saved models, files and exports are checked
 * against this layout before a single weight is read or allocated.
 */
import { analyzeNetwork } from '../analysis/analyze';
import type { LayerSpec, NetworkSpec, TensorShape } from '../spec/spec';

/** The role names tfjs gives a layer's weights ('<layer>/<role>'). */
export type WeightRole = 'kernel' | 'bias' | 'depthwise_kernel' | 'pointwise_kernel' | 'gamma' | 'beta' | 'moving_mean' | 'moving_variance';

export interface WeightSlot {
  /** Index of the spec layer the weight belongs to. */
  layerIndex: number;
  layerId: string;
  role: WeightRole;
  shape: number[];
  /** Product of the shape. */
  size: number;
  trainable: boolean;
}

type SlotDraft = Pick<WeightSlot, 'role' | 'shape'> & { trainable?: false };

function layerWeights(layer: LayerSpec, input: TensorShape): SlotDraft[] {
  const channels = input[input.length - 1] ?? 0;
  const bias = (use: boolean, size: number): SlotDraft[] => (use ? [{ role: 'bias', shape: [size] }] : []);
  switch (layer.kind) {
    case 'conv2d':
      return [{ role: 'kernel', shape: [...layer.kernelSize, channels, layer.filters] }, ...bias(layer.useBias, layer.filters)];
    case 'separableConv2d':
      return [
        { role: 'depthwise_kernel', shape: [...layer.kernelSize, channels, layer.depthMultiplier] },
        { role: 'pointwise_kernel', shape: [1, 1, channels * layer.depthMultiplier, layer.filters] },
        ...bias(layer.useBias, layer.filters),
      ];
    case 'depthwiseConv2d':
      return [{ role: 'depthwise_kernel', shape: [...layer.kernelSize, channels, layer.depthMultiplier] }, ...bias(layer.useBias, channels * layer.depthMultiplier)];
    case 'dense':
      return [{ role: 'kernel', shape: [channels, layer.units] }, ...bias(layer.useBias, layer.units)];
    case 'batchNorm':
      return [
        { role: 'gamma', shape: [channels] },
        { role: 'beta', shape: [channels] },
        { role: 'moving_mean', shape: [channels], trainable: false },
        { role: 'moving_variance', shape: [channels], trainable: false },
      ];
    default:
      return [];
  }
}

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * The network's weights in tfjs order, or null when the network is not valid (its shapes are then
 * unknown, and nothing can have been trained on it).
 */
export function weightLayout(spec: NetworkSpec): WeightSlot[] | null {
  const analysis = analyzeNetwork(spec);
  if (!analysis.valid) return null;
  const slots: WeightSlot[] = [];
  for (const [layerIndex, layer] of spec.layers.entries()) {
    const input = analysis.layers[layerIndex]?.inputShape;
    if (!input) return null;
    for (const draft of layerWeights(layer, input)) {
      slots.push({ layerIndex, layerId: layer.id, role: draft.role, shape: draft.shape, size: product(draft.shape), trainable: draft.trainable !== false });
    }
  }
  return [...slots.filter((s) => s.trainable), ...slots.filter((s) => !s.trainable)];
}

/** Total weights of a layout: the number of float32 values a saved model holds. */
export function layoutSize(layout: readonly WeightSlot[]): number {
  return layout.reduce((sum, slot) => sum + slot.size, 0);
}
