import * as tf from '@tensorflow/tfjs';

/** [height, width] of strides or dilations. */
export type Pair = [number, number];
/** Padding as tfjs kernels take it. */
export type ConvPad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
export type RoundingMode = 'floor' | 'round' | 'ceil';

/** The window settings of one NHWC conv forward pass, read from its kernel attrs. */
export interface ConvParams {
  strides: Pair;
  dilations: Pair;
  pad: ConvPad;
  dimRoundingMode?: RoundingMode;
}

function pair(value: unknown): Pair {
  if (value == null) return [1, 1]; // tfjs-layers' DepthwiseConv2D passes dilations: null
  if (typeof value === 'number') return [value, value];
  const [h = 1, w = h] = value as number[];
  return [h, w];
}

/** Reads strides, dilations, pad and rounding from Conv2D / DepthwiseConv2dNative / FusedConv2D attrs. */
export function readConvParams(attrs: tf.NamedAttrMap): ConvParams {
  return {
    strides: pair(attrs.strides),
    dilations: pair(attrs.dilations),
    pad: attrs.pad as ConvPad,
    dimRoundingMode: (attrs.dimRoundingMode ?? undefined) as RoundingMode | undefined,
  };
}

/**
 * Backends' own backprop kernels that are slower than the compositions in this folder
 * (measured in Node, batch 64, MNIST-sized layers; see README.md): cpu's filter gradients are
 * per-element JS loops, 25-45x (conv) and 2-15x (depthwise) slower than the composition through
 * its conv2d; wasm's Conv2DBackpropInput is a scalar loop, 1.1-5x slower than its XNNPACK conv2d.
 */
const SLOWER_THAN_COMPOSED: Record<string, readonly string[]> = {
  cpu: ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter'],
  wasm: ['Conv2DBackpropInput'],
};

/**
 * Whether to run the active backend's own `kernelName`: it has one, it is not known to be slower
 * than the composition, and the conv is not dilated (tfjs's backprop kernels take no dilation).
 */
export function useNativeKernel(kernelName: string, p: ConvParams): boolean {
  if (p.dilations[0] > 1 || p.dilations[1] > 1) return false;
  const backend = tf.getBackend();
  return tf.getKernel(kernelName, backend) !== undefined && !SLOWER_THAN_COMPOSED[backend]?.includes(kernelName);
}

/** Runs a registered kernel of the active backend by name (the backprop kernels have no public op). */
export function runKernel4D(kernelName: string, inputs: tf.NamedTensorMap, attrs: object): tf.Tensor4D {
  return tf.engine().runKernel(kernelName, inputs, attrs as tf.NamedAttrMap) as tf.Tensor4D;
}

/** tfjs's own geometry of the forward pass: output size, effective filter size, pads applied. */
export function convInfo(xShape: number[], filterShape: number[], p: ConvParams, depthwise: boolean): tf.backend_util.Conv2DInfo {
  type Shape4 = [number, number, number, number];
  return tf.backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    p.strides,
    p.dilations,
    p.pad,
    p.dimRoundingMode,
    depthwise,
  );
}
