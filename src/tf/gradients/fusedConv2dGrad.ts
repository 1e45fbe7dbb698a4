import * as tf from '@tensorflow/tfjs';
import { conv2dFilterGrad, conv2dInputGrad } from './conv2dGrads';
import { readConvParams } from './convParams';

/*
 * Why this file exists: tfjs-layers' Conv2D layer calls tf.fused.conv2d, and while gradients are
 * recorded with a linear activation (layers with activation linear, sigmoid, tanh, or a separate
 * LeakyReLU) that op records a customGrad tape node, not a 'Conv2D' one. Its gradient is a closure
 * that refuses dilation > 1 and calls the Conv2DBackpropFilter kernel, which wasm lacks; the
 * gradient registry cannot reach it by kernel name. The engine does look the node up by its scope
 * name, the op's name ('fusedConv2d__op'), but hands that gradient no attrs, only copies of
 * [w, x, y, bias]. So we wrap each backend's FusedConv2D kernel to remember the attrs of every
 * output it makes, keyed by the output's dataId; and its Identity kernel (what the engine's clone()
 * runs to make those copies: cpu and webgl share the dataId, wasm copies the data) to carry the
 * attrs over to the copy. Weak keys: nothing is kept alive.
 */

const attrsByData = new WeakMap<object, tf.NamedAttrMap>();
const wrappedKernels = new WeakSet<tf.KernelConfig>();

/** The scope name the engine gives tf.fused.conv2d's tape node: tfjs's op() names the function so. */
export const FUSED_CONV2D_OP_NAME = tf.fused.conv2d.name;

type AfterKernel = (args: Parameters<tf.KernelFunc>[0], out: tf.TensorInfo) => void;

/** Re-registers a kernel with `after` run on its output; unregisters first, so tfjs prints no warning. */
function wrapKernel(kernelName: string, backendName: string, after: AfterKernel): void {
  const kernel = tf.getKernel(kernelName, backendName);
  if (!kernel || wrappedKernels.has(kernel)) return;
  const wrapped: tf.KernelConfig = {
    ...kernel,
    kernelFunc: (args) => {
      const out = kernel.kernelFunc(args);
      if (!Array.isArray(out)) after(args, out);
      return out;
    },
  };
  tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel(wrapped);
  wrappedKernels.add(wrapped);
}

/** Lets `backendName`'s fused conv2d outputs (and their clones) tell their attrs; idempotent. */
export function rememberFusedConv2dAttrs(backendName: string): void {
  wrapKernel('FusedConv2D', backendName, ({ attrs }, out) => {
    if (attrs) attrsByData.set(out.dataId, attrs);
  });
  wrapKernel('Identity', backendName, ({ inputs }, out) => {
    const attrs = inputs.x && attrsByData.get(inputs.x.dataId);
    if (attrs && out.dataId !== inputs.x?.dataId) attrsByData.set(out.dataId, attrs);
  });
}

/**
 * Gradient of y = act(conv2d(x, w) + bias) as tf.fused.conv2d records it (inputs 0: x, 1: w,
 * 2: bias; saved [w, x, y, bias?]). Only linear or relu ever reach here (tfjs does not fuse other
 * activations while recording), so d(pre-activation) = dy, or dy * step(y) for relu; then the
 * conv gradients of conv2dGrads.ts and dBias = dy summed over the broadcast axes.
 */
export const fusedConv2dGradConfig: tf.GradConfig = {
  kernelName: FUSED_CONV2D_OP_NAME,
  gradFunc: (dy, saved) => {
    const [filter, x, y, bias] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor | undefined];
    const attrs = attrsByData.get(y.dataId);
    if (!attrs) {
      throw new Error('Gradient of fused conv2d: its attrs were not recorded; call registerConvGradients() after importing every tfjs backend.');
    }
    const activation = (attrs.activation ?? 'linear') as string;
    if ((activation !== 'linear' && activation !== 'relu') || attrs.dataFormat === 'NCHW') {
      throw new Error(`Gradient of fused conv2d: activation '${activation}' / ${String(attrs.dataFormat)} is not supported.`);
    }
    const p = readConvParams(attrs);
    const dy4 = (dy as tf.Tensor).reshape<tf.Tensor4D>(y.shape);
    const dPre = (): tf.Tensor4D => (activation === 'relu' ? dy4.mul<tf.Tensor4D>(tf.step(y)) : dy4);
    const grads: Record<string, () => tf.Tensor> = {
      0: () => conv2dInputGrad(x.shape, dPre(), filter, p),
      1: () => conv2dFilterGrad(x, dPre(), filter.shape, p),
    };
    if (bias) {
      grads[2] = () => {
        const axes = tf.broadcast_util.getReductionAxes(bias.shape, dy4.shape);
        return (axes.length > 0 ? dPre().sum(axes) : dPre()).reshape(bias.shape);
      };
    }
    return grads;
  },
};
