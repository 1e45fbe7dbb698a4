/**
 * A small NCHW interpreter of TorchOp lists with PyTorch's semantics, written with plain loops and
 * independently of src/core/math: what the exported KernelscopeNet computes in eval mode, given the
 * state_dict that torchWeights produces. Like `load_state_dict(strict=True)` it refuses a missing,
 * misshapen or unused tensor. Computes in float64.
 */
import type { TorchTensor } from '../../../src/core/export/torchWeights';
import type { TorchOp, TorchPadMode } from '../../../src/core/export/torchOps';

export interface Nchw {
  /** [n, c, h, w] or [n, features]. */
  shape: number[];
  data: Float64Array;
}

/** Reads the state_dict as PyTorch's strict load does: every name once, shapes checked. */
class StateDict {
  private readonly byName: Map<string, TorchTensor>;
  private readonly used = new Set<string>();

  constructor(tensors: readonly TorchTensor[]) {
    this.byName = new Map(tensors.map((t) => [t.name, t]));
    if (this.byName.size !== tensors.length) throw new Error('duplicate state_dict names');
  }

  get(name: string, shape: number[]): Float32Array {
    const t = this.byName.get(name);
    if (!t) throw new Error(`missing key ${name}`);
    if (t.shape.join() !== shape.join()) throw new Error(`${name}: shape ${t.shape.join('x')}, expected ${shape.join('x')}`);
    if (t.dtype !== 'F32' || !(t.data instanceof Float32Array)) throw new Error(`${name} is not float32`);
    if (t.data.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`${name}: wrong length`);
    this.used.add(name);
    return t.data;
  }

  counter(name: string): void {
    const t = this.byName.get(name);
    if (!t || t.dtype !== 'I64' || t.shape.length !== 0 || !(t.data instanceof BigInt64Array) || t.data.length !== 1) throw new Error(`bad ${name}`);
    this.used.add(name);
  }

  checkAllUsed(): void {
    const unused = [...this.byName.keys()].filter((k) => !this.used.has(k));
    if (unused.length > 0) throw new Error(`unexpected keys ${unused.join(', ')}`);
  }
}

const at4 = (s: number[], n: number, c: number, y: number, x: number): number => ((n * s[1]! + c) * s[2]! + y) * s[3]! + x;

/** The source index of padded position i on an axis of n cells, or -1 for a constant cell. */
function source(i: number, n: number, mode: TorchPadMode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'constant':
      return -1;
    case 'reflect':
      return i < 0 ? -i : 2 * (n - 1) - i;
    case 'replicate':
      return i < 0 ? 0 : n - 1;
    case 'circular':
      return ((i % n) + n) % n;
  }
}

/** F.pad(x, (left, right, top, bottom), mode, value). */
export function pad4(x: Nchw, [l, r, t, b]: readonly number[], mode: TorchPadMode, value = 0): Nchw {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const shape = [n, c, h + t! + b!, w + l! + r!];
  const data = new Float64Array(shape.reduce((p, q) => p * q, 1));
  for (let i = 0; i < n; i++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < shape[2]!; y++)
        for (let xx = 0; xx < shape[3]!; xx++) {
          const sy = source(y - t!, h, mode);
          const sx = source(xx - l!, w, mode);
          data[at4(shape, i, ch, y, xx)] = sy < 0 || sx < 0 ? value : x.data[at4(x.shape, i, ch, sy, sx)]!;
        }
  return { shape, data };
}

const outSize = (n: number, k: number, s: number, p: number, d = 1): number => Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;

function conv(x: Nchw, op: Extract<TorchOp, { type: 'Conv2d' }>, sd: StateDict): Nchw {
  const { groups, kernel: [kh, kw], stride: [sh, sw], dilation: [dh, dw] } = op;
  let [ph, pw] = op.padding;
  let input = x;
  if (op.paddingMode !== 'zeros') {
    input = pad4(x, [pw, pw, ph, ph], op.paddingMode);
    [ph, pw] = [0, 0];
  }
  const [n, cin, h, w] = input.shape as [number, number, number, number];
  if (cin !== op.inChannels) throw new Error(`conv expects ${op.inChannels} channels, got ${cin}`);
  const inPer = cin / groups;
  const outPer = op.outChannels / groups;
  const weight = sd.get(`layers.${op.index}.weight`, [op.outChannels, inPer, kh, kw]);
  const bias = op.bias ? sd.get(`layers.${op.index}.bias`, [op.outChannels]) : null;
  const oh = outSize(h, kh, sh, ph, dh);
  const ow = outSize(w, kw, sw, pw, dw);
  const shape = [n, op.outChannels, oh, ow];
  const data = new Float64Array(n * op.outChannels * oh * ow);
  for (let i = 0; i < n; i++)
    for (let o = 0; o < op.outChannels; o++) {
      const g = Math.floor(o / outPer);
      for (let y = 0; y < oh; y++)
        for (let xx = 0; xx < ow; xx++) {
          let sum = bias ? bias[o]! : 0;
          for (let ci = 0; ci < inPer; ci++)
            for (let a = 0; a < kh; a++) {
              const iy = y * sh - ph + a * dh;
              if (iy < 0 || iy >= h) continue;
              for (let bb = 0; bb < kw; bb++) {
                const ix = xx * sw - pw + bb * dw;
                if (ix < 0 || ix >= w) continue;
                sum += input.data[at4(input.shape, i, g * inPer + ci, iy, ix)]! * weight[((o * inPer + ci) * kh + a) * kw + bb]!;
              }
            }
          data[at4(shape, i, o, y, xx)] = sum;
        }
    }
  return { shape, data };
}

/** Max or mean over windows; `divisor` gets PyTorch's window bounds (padded, then clipped). */
function pool(
  x: Nchw,
  [kh, kw]: readonly number[],
  [sh, sw]: readonly number[],
  [ph, pw]: readonly number[],
  reduce: 'max' | 'avg',
  divisor: (padded: number, real: number) => number,
): Nchw {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const oh = outSize(h, kh!, sh!, ph!);
  const ow = outSize(w, kw!, sw!, pw!);
  const shape = [n, c, oh, ow];
  const data = new Float64Array(n * c * oh * ow);
  for (let i = 0; i < n; i++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < oh; y++)
        for (let xx = 0; xx < ow; xx++) {
          const y0 = y * sh! - ph!;
          const x0 = xx * sw! - pw!;
          const y1 = Math.min(y0 + kh!, h + ph!);
          const x1 = Math.min(x0 + kw!, w + pw!);
          const padded = (y1 - y0) * (x1 - x0);
          let acc = reduce === 'max' ? Number.NEGATIVE_INFINITY : 0;
          let real = 0;
          for (let yy = Math.max(y0, 0); yy < Math.min(y1, h); yy++)
            for (let xi = Math.max(x0, 0); xi < Math.min(x1, w); xi++) {
              const v = x.data[at4(x.shape, i, ch, yy, xi)]!;
              acc = reduce === 'max' ? Math.max(acc, v) : acc + v;
              real += 1;
            }
          data[at4(shape, i, ch, y, xx)] = reduce === 'max' ? acc : acc / divisor(padded, real);
        }
  return { shape, data };
}

function globalPool(x: Nchw, reduce: 'max' | 'avg'): Nchw {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const data = new Float64Array(n * c);
  for (let i = 0; i < n * c; i++) {
    let acc = reduce === 'max' ? Number.NEGATIVE_INFINITY : 0;
    for (let j = 0; j < h * w; j++) {
      const v = x.data[i * h * w + j]!;
      acc = reduce === 'max' ? Math.max(acc, v) : acc + v;
    }
    data[i] = reduce === 'max' ? acc : acc / (h * w);
  }
  return { shape: [n, c, 1, 1], data };
}

function linear(x: Nchw, op: Extract<TorchOp, { type: 'Linear' }>, sd: StateDict): Nchw {
  const [n, f] = x.shape as [number, number];
  if (x.shape.length !== 2 || f !== op.inFeatures) throw new Error(`Linear expects (N, ${op.inFeatures}), got ${x.shape.join('x')}`);
  const weight = sd.get(`layers.${op.index}.weight`, [op.outFeatures, f]);
  const bias = op.bias ? sd.get(`layers.${op.index}.bias`, [op.outFeatures]) : null;
  const data = new Float64Array(n * op.outFeatures);
  for (let i = 0; i < n; i++)
    for (let o = 0; o < op.outFeatures; o++) {
      let sum = bias ? bias[o]! : 0;
      for (let k = 0; k < f; k++) sum += x.data[i * f + k]! * weight[o * f + k]!;
      data[i * op.outFeatures + o] = sum;
    }
  return { shape: [n, op.outFeatures], data };
}

/** Cells per channel of an (N, C, ...) tensor. */
const inner = (x: Nchw): number => x.shape.slice(2).reduce((a, b) => a * b, 1);

function batchNorm(x: Nchw, op: Extract<TorchOp, { type: 'BatchNorm1d' | 'BatchNorm2d' }>, sd: StateDict): Nchw {
  const c = x.shape[1]!;
  if ((op.type === 'BatchNorm2d') !== (x.shape.length === 4) || c !== op.features) throw new Error(`${op.type} does not fit ${x.shape.join('x')}`);
  const key = (name: string): Float32Array => sd.get(`layers.${op.index}.${name}`, [c]);
  const [weight, bias, mean, variance] = [key('weight'), key('bias'), key('running_mean'), key('running_var')];
  sd.counter(`layers.${op.index}.num_batches_tracked`);
  const cells = inner(x);
  const data = x.data.map((v, i) => {
    const ch = Math.floor(i / cells) % c;
    return ((v - mean[ch]!) / Math.sqrt(variance[ch]! + op.eps)) * weight[ch]! + bias[ch]!;
  });
  return { shape: x.shape, data };
}

function softmaxDim1(x: Nchw): Nchw {
  const [n, c] = x.shape as [number, number];
  const cells = inner(x);
  const data = new Float64Array(x.data.length);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < cells; j++) {
      const idx = (ch: number): number => (i * c + ch) * cells + j;
      let max = Number.NEGATIVE_INFINITY;
      for (let ch = 0; ch < c; ch++) max = Math.max(max, x.data[idx(ch)]!);
      let sum = 0;
      for (let ch = 0; ch < c; ch++) sum += Math.exp(x.data[idx(ch)]! - max);
      for (let ch = 0; ch < c; ch++) data[idx(ch)] = Math.exp(x.data[idx(ch)]! - max) / sum;
    }
  return { shape: x.shape, data };
}

const map = (x: Nchw, f: (v: number) => number): Nchw => ({ shape: x.shape, data: x.data.map(f) });

function step(x: Nchw, op: TorchOp, sd: StateDict): Nchw {
  switch (op.type) {
    case 'Conv2d':
      return conv(x, op, sd);
    case 'Pad':
      return pad4(x, op.pads, op.mode, op.value);
    case 'MaxPool2d':
      return pool(x, op.kernel, op.stride, op.padding, 'max', () => 1);
    case 'AvgPool2d':
      return pool(x, op.kernel, op.stride, op.padding, 'avg', (padded, real) => (op.countIncludePad ? padded : real));
    case 'AvgPoolSame': {
      // Its documented meaning: zero-pad (left, right, top, bottom), then each window's sum over its real pixels.
      const [l, r, t, b] = op.pads;
      const [n, c, h, w] = x.shape as [number, number, number, number];
      const marked = pad4({ shape: x.shape, data: x.data }, op.pads, 'constant', Number.NaN);
      const shape = [n, c, outSize(h + t + b, op.kernel[0], op.stride[0], 0), outSize(w + l + r, op.kernel[1], op.stride[1], 0)];
      const data = new Float64Array(shape.reduce((p, q) => p * q, 1));
      for (let i = 0; i < n; i++)
        for (let ch = 0; ch < c; ch++)
          for (let y = 0; y < shape[2]!; y++)
            for (let xx = 0; xx < shape[3]!; xx++) {
              let sum = 0;
              let real = 0;
              for (let a = 0; a < op.kernel[0]; a++)
                for (let bb = 0; bb < op.kernel[1]; bb++) {
                  const v = marked.data[at4(marked.shape, i, ch, y * op.stride[0] + a, xx * op.stride[1] + bb)]!;
                  if (Number.isNaN(v)) continue;
                  sum += v;
                  real += 1;
                }
              data[at4(shape, i, ch, y, xx)] = sum / real;
            }
      return { shape, data };
    }
    case 'AdaptiveAvgPool2d':
      return globalPool(x, 'avg');
    case 'AdaptiveMaxPool2d':
      return globalPool(x, 'max');
    case 'Flatten': {
      const [n = 0, ...rest] = x.shape;
      const [h, w, c] = op.fromShape;
      if (rest.join() !== [c, h, w].join()) throw new Error(`Flatten of ${op.fromShape.join('x')} got ${x.shape.join('x')}`);
      return { shape: [n, c * h * w], data: x.data };
    }
    case 'Linear':
      return linear(x, op, sd);
    case 'BatchNorm1d':
    case 'BatchNorm2d':
      return batchNorm(x, op, sd);
    case 'ReLU':
      return map(x, (v) => Math.max(0, v));
    case 'LeakyReLU':
      return map(x, (v) => (v >= 0 ? v : op.slope * v));
    case 'ELU':
      return map(x, (v) => (v > 0 ? v : op.alpha * (Math.exp(v) - 1)));
    case 'Sigmoid':
      return map(x, (v) => 1 / (1 + Math.exp(-v)));
    case 'Tanh':
      return map(x, Math.tanh);
    case 'Softmax':
      return softmaxDim1(x);
    case 'Dropout':
      return x;
  }
}

/** Runs the ops in eval mode; returns the output of every op, in order. */
export function runTorchOps(ops: readonly TorchOp[], tensors: readonly TorchTensor[], input: Nchw): Nchw[] {
  const sd = new StateDict(tensors);
  const outputs: Nchw[] = [];
  let x = input;
  for (const op of ops) {
    x = step(x, op, sd);
    outputs.push(x);
  }
  sd.checkAllUsed();
  return outputs;
}
