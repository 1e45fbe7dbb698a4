/**
 * The tfjs weights of a network as the state_dict of the exported KernelscopeNet: names
 * `layers.<index>.<weight|bias|running_mean|running_var|num_batches_tracked>` and PyTorch's
 * layouts, for a .safetensors file that `load_state_dict(..., strict=True)` accepts.
 *
 * Layouts (tfjs channels last -> PyTorch channels first):
 * - conv and pointwise kernels [kh, kw, in, out] -> [out, in, kh, kw];
 * - depthwise kernels [kh, kw, in, m] -> [in * m, 1, kh, kw], output channel c * m + k (the order
 *   of tfjs's depthwise output, and of a grouped conv's output groups);
 * - dense kernels [in, out] -> [out, in]; after a Flatten of an [h, w, c] map the inputs arrive in
 *   PyTorch's (c, h, w) order, so input column c*h*w + y*w + x takes tfjs's row (y*w + x)*c + c';
 *   a BatchNorm1d between the Flatten and that Linear has its features reordered the same way;
 * - gamma, beta, moving_mean, moving_variance -> weight, bias, running_mean, running_var, and
 *   num_batches_tracked (int64, shape [], 0), which a strict load requires.
 */
import type { NetworkSpec, Shape3D } from '../spec/spec';
import { fail, succeed, type Result } from './result';
import { torchOps, type TorchOp, type TorchParam } from './torchOps';
import { weightLayout, type WeightRole, type WeightSlot } from './weightLayout';

export interface TorchTensor {
  name: string;
  shape: number[];
  data: Float32Array | BigInt64Array;
  dtype: 'F32' | 'I64';
}

/** [kh, kw, in, out] -> [out, in, kh, kw]. */
function convKernel(src: Float32Array, [kh, kw, cin, cout]: number[]): { data: Float32Array; shape: number[] } {
  const data = new Float32Array(src.length);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let c = 0; c < cin; c++)
        for (let o = 0; o < cout; o++) data[((o * cin + c) * kh + i) * kw + j] = src[((i * kw + j) * cin + c) * cout + o]!;
  return { data, shape: [cout, cin, kh, kw] };
}

/** [kh, kw, in, m] -> [in * m, 1, kh, kw]. */
function depthwiseKernel(src: Float32Array, [kh, kw, cin, m]: number[]): { data: Float32Array; shape: number[] } {
  const data = new Float32Array(src.length);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let c = 0; c < cin; c++)
        for (let k = 0; k < m; k++) data[((c * m + k) * kh + i) * kw + j] = src[((i * kw + j) * cin + c) * m + k]!;
  return { data, shape: [cin * m, 1, kh, kw] };
}

/**
 * For each PyTorch feature of a (C, H, W) flattening of an [h, w, c] map, the tfjs feature of
 * the (H, W, C) flattening that holds the same cell; null means no reordering.
 */
function featureOrder(map: Shape3D | null): Int32Array | null {
  if (map === null) return null;
  const [h, w, c] = map;
  const order = new Int32Array(h * w * c);
  for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) order[(ch * h + y) * w + x] = (y * w + x) * c + ch;
  return order;
}

/** [in, out] -> [out, in], input columns taken in `order`. */
function denseKernel(src: Float32Array, [cin, cout]: number[], order: Int32Array | null): { data: Float32Array; shape: number[] } {
  const data = new Float32Array(src.length);
  for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) data[o * cin + i] = src[(order === null ? i : order[i]!) * cout + o]!;
  return { data, shape: [cout, cin] };
}

function vector(src: Float32Array, order: Int32Array | null): { data: Float32Array; shape: number[] } {
  return { data: order === null ? src.slice() : Float32Array.from(order, (i) => src[i]!), shape: [src.length] };
}

/** The PyTorch tensor of one tfjs weight as the op uses it. */
function convert(op: TorchOp, param: TorchParam, src: Float32Array, slot: WeightSlot): { data: Float32Array; shape: number[] } {
  // A BatchNorm1d's features and a Linear's inputs follow the flattening; a Linear's bias is per output.
  if (op.type === 'BatchNorm1d' || op.type === 'BatchNorm2d') return vector(src, featureOrder(op.flattenedFrom));
  if (op.type === 'Linear') return param.name === 'weight' ? denseKernel(src, slot.shape, featureOrder(op.flattenedFrom)) : vector(src, null);
  if (param.name !== 'weight') return vector(src, null);
  return slot.role === 'depthwise_kernel' ? depthwiseKernel(src, slot.shape) : convKernel(src, slot.shape);
}

/**
 * The state_dict of the exported model, in state_dict order, from the tfjs weights in
 * weightLayout order. Fails when the network is not exportable or a weight's count or size
 * does not match the layout.
 */
export function torchWeights(spec: NetworkSpec, weights: readonly Float32Array[]): Result<TorchTensor[]> {
  const ops = torchOps(spec);
  if (!ops.ok) return ops;
  const layout = weightLayout(spec);
  if (layout === null) return fail('The network has no weight layout: it is not valid.');
  if (weights.length !== layout.length) return fail(`The network has ${layout.length} weight tensors, but ${weights.length} were given.`);
  const bySlot = new Map<string, { slot: WeightSlot; data: Float32Array }>();
  for (const [i, slot] of layout.entries()) {
    const data = weights[i]!;
    if (data.length !== slot.size) {
      return fail(`Weight ${i} (${slot.role} of layer ${slot.layerIndex + 1}) should hold ${slot.size} values (${slot.shape.join('x')}), but it holds ${data.length}.`);
    }
    bySlot.set(`${slot.layerIndex}/${slot.role}`, { slot, data });
  }

  const tensors: TorchTensor[] = [];
  const used = new Set<string>();
  for (const op of ops.value) {
    if (!('params' in op)) continue;
    for (const param of op.params) {
      const key = `${op.specLayer}/${param.role satisfies WeightRole}`;
      const found = bySlot.get(key);
      if (!found) return fail(`Layer ${op.specLayer + 1} has no ${param.role} weight in the layout.`);
      used.add(key);
      const { data, shape } = convert(op, param, found.data, found.slot);
      tensors.push({ name: `layers.${op.index}.${param.name}`, shape, data, dtype: 'F32' });
    }
    if (op.type === 'BatchNorm1d' || op.type === 'BatchNorm2d') {
      tensors.push({ name: `layers.${op.index}.num_batches_tracked`, shape: [], data: new BigInt64Array(1), dtype: 'I64' });
    }
  }
  if (used.size !== bySlot.size) return fail('Some weights of the network have no place in the PyTorch model.');
  return succeed(tensors);
}
