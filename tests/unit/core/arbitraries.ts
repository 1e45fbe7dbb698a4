/**
 * fast-check arbitraries for network specs, shared by the core tests and the tfjs adapter tests.
 *
 * validSpecArb builds specs constructively rather than filtering: random numbers are mapped
 * onto settings that are valid for the current shape, so every run yields a valid network
 * (spatial sizes >= 1, depthwise dilation 1,
 * < 200k parameters so building the tfjs model stays cheap) and shrinking stays meaningful.
 */
import fc from 'fast-check';
import { PADDING_MODES, samePadding, type PaddingMode } from '../../../src/core/math/convMath';
import { createLayer } from '../../../src/core/spec/registry';
import {
  ACTIVATIONS,
  LAYER_ACTIVATIONS,
  SPEC_VERSION,
  type LayerKind,
  type LayerSpec,
  type NetworkSpec,
  type Padding,
  type Pair,
  type Shape3D,
} from '../../../src/core/spec/spec';

/** Upper bound on the parameters of a generated spec. */
export const MAX_GENERATED_PARAMS = 200_000;
const MAX_CHANNELS = 32;

const FEATURE_KINDS = ['conv2d', 'separableConv2d', 'depthwiseConv2d', 'maxPool2d', 'avgPool2d', 'batchNorm', 'activation', 'dropout'] as const;
const VECTOR_KINDS = ['dense', 'batchNorm', 'activation', 'dropout'] as const;

/** Raw random choices for one layer; turned into valid settings by the builders below. */
const stepArb = <K extends string>(kinds: readonly K[]) =>
  fc.record({
    kind: fc.constantFrom(...kinds),
    numbers: fc.array(fc.nat(1000), { minLength: 6, maxLength: 6 }),
    padding: fc.constantFrom('valid', 'same', 'explicit'),
    /** Explicit padding per axis, reduced to what fits the layer. */
    pads: fc.tuple(fc.nat(3), fc.nat(3)),
    paddingMode: fc.constantFrom(...PADDING_MODES),
    /** Strides > 1, dilation > 1, or both (which tfjs refuses on one conv: the model strides after it). */
    stretch: fc.constantFrom('none', 'stride', 'dilation', 'both'),
    activation: fc.constantFrom(...LAYER_ACTIVATIONS),
    fn: fc.constantFrom(...ACTIVATIONS),
    useBias: fc.boolean(),
    ratePercent: fc.integer({ min: 0, max: 90 }),
  });

type Step<K extends string> = ReturnType<typeof stepArb<K>> extends fc.Arbitrary<infer T> ? T : never;

interface BuildState {
  layers: LayerSpec[];
  params: number;
}

/** n-th random number mapped into 1..max. */
const pick = (step: { numbers: number[] }, n: number, max: number): number => 1 + ((step.numbers[n] ?? 0) % Math.max(1, max));

/** Largest kernel whose dilated span d(k-1)+1 fits in n, capped at 7. */
const maxKernel = (n: number, d: number): number => Math.min(7, Math.floor((n - 1) / d) + 1);

/** The most cells a padding mode may add on one side of an axis of n cells (reflect < n, circular <= n). */
const modeLimit = (mode: PaddingMode, n: number): number => (mode === 'reflect' ? n - 1 : mode === 'circular' ? n : Number.POSITIVE_INFINITY);

function windowSettings(step: Step<string>, shape: Shape3D, allowDilation: boolean) {
  const mode = allowDilation ? step.stretch : step.stretch === 'dilation' ? 'none' : step.stretch === 'both' ? 'stride' : step.stretch;
  const strides: Pair = mode === 'stride' || mode === 'both' ? [pick(step, 2, 3), pick(step, 3, 3)] : [1, 1];
  const dilation: Pair = mode === 'dilation' || mode === 'both' ? [pick(step, 2, 3), pick(step, 3, 3)] : [1, 1];
  const paddingMode = step.paddingMode;
  const explicit: Pair = [
    Math.min(step.pads[0], modeLimit(paddingMode, shape[0])),
    Math.min(step.pads[1], modeLimit(paddingMode, shape[1])),
  ];
  const padding: Padding = step.padding === 'explicit' ? explicit : step.padding;
  const extra: Pair = Array.isArray(padding) ? [2 * padding[0], 2 * padding[1]] : [0, 0];
  const kernelSize: Pair = [pick(step, 0, maxKernel(shape[0] + extra[0], dilation[0])), pick(step, 1, maxKernel(shape[1] + extra[1], dilation[1]))];
  // 'same' may pad more than a reflect or circular border can take on a tiny map: zeros then.
  const same = (axis: 0 | 1): number => Math.max(...samePadding(shape[axis], kernelSize[axis], strides[axis], dilation[axis]));
  const fits = padding !== 'same' || (same(0) <= modeLimit(paddingMode, shape[0]) && same(1) <= modeLimit(paddingMode, shape[1]));
  return { kernelSize, strides, dilation, padding, paddingMode: fits ? paddingMode : ('zeros' as const) };
}

const windowOut = (n: number, k: number, s: number, d: number, padding: Padding, axis: 0 | 1): number =>
  padding === 'same' ? Math.ceil(n / s) : Math.floor((n + (padding === 'valid' ? 0 : 2 * padding[axis]) - d * (k - 1) - 1) / s) + 1;

/** Adds one feature-map layer if it fits the parameter budget; returns the new shape. */
function addFeatureLayer(step: Step<(typeof FEATURE_KINDS)[number]>, shape: Shape3D, state: BuildState): Shape3D {
  const id = `g${state.layers.length + 1}`;
  const [h, w, c] = shape;
  const add = (layer: LayerSpec, params: number, out: Shape3D): Shape3D => {
    if (state.params + params > MAX_GENERATED_PARAMS / 2) return shape;
    state.layers.push(layer);
    state.params += params;
    return out;
  };
  switch (step.kind) {
    case 'conv2d':
    case 'separableConv2d':
    case 'depthwiseConv2d': {
      const isDepthwise = step.kind === 'depthwiseConv2d';
      const win = windowSettings(step, shape, !isDepthwise);
      const [kh, kw] = win.kernelSize;
      const oh = windowOut(h, kh, win.strides[0], win.dilation[0], win.padding, 0);
      const ow = windowOut(w, kw, win.strides[1], win.dilation[1], win.padding, 1);
      const common = { ...win, activation: step.activation, useBias: step.useBias };
      const bias = (n: number): number => (step.useBias ? n : 0);
      if (step.kind === 'conv2d') {
        const filters = pick(step, 4, 16);
        return add(createLayer('conv2d', id, { ...common, filters }), kh * kw * c * filters + bias(filters), [oh, ow, filters]);
      }
      const depthMultiplier = pick(step, 5, Math.min(3, Math.floor(MAX_CHANNELS / c)));
      if (isDepthwise) {
        const channels = c * depthMultiplier;
        return add(createLayer('depthwiseConv2d', id, { ...common, depthMultiplier }), kh * kw * channels + bias(channels), [oh, ow, channels]);
      }
      const filters = pick(step, 4, 16);
      const params = kh * kw * c * depthMultiplier + c * depthMultiplier * filters + bias(filters);
      return add(createLayer('separableConv2d', id, { ...common, depthMultiplier, filters }), params, [oh, ow, filters]);
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const poolSize: Pair = [pick(step, 0, Math.min(4, h)), pick(step, 1, Math.min(4, w))];
      const strides: Pair = [pick(step, 2, 3), pick(step, 3, 3)];
      // PyTorch's rule: pool padding at most half the pool size.
      const padding: Padding =
        step.padding === 'explicit' ? [Math.min(step.pads[0], Math.floor(poolSize[0] / 2)), Math.min(step.pads[1], Math.floor(poolSize[1] / 2))] : step.padding;
      const out: Shape3D = [windowOut(h, poolSize[0], strides[0], 1, padding, 0), windowOut(w, poolSize[1], strides[1], 1, padding, 1), c];
      return add(createLayer(step.kind, id, { poolSize, strides, padding }), 0, out);
    }
    case 'batchNorm':
      return add(createLayer('batchNorm', id), 4 * c, shape);
    case 'activation':
      return add(createLayer('activation', id, { activation: step.fn }), 0, shape);
    case 'dropout':
      return add(createLayer('dropout', id, { rate: step.ratePercent / 100 }), 0, shape);
  }
}

/** Adds one vector layer if it fits the budget, leaving room for the Dense(10) head; returns the new length. */
function addVectorLayer(step: Step<(typeof VECTOR_KINDS)[number]>, length: number, state: BuildState): number {
  const id = `g${state.layers.length + 1}`;
  const fits = (params: number, out: number): boolean => state.params + params + out * 10 + 10 <= MAX_GENERATED_PARAMS;
  switch (step.kind) {
    case 'dense': {
      const units = pick(step, 0, 64);
      const params = length * units + (step.useBias ? units : 0);
      if (!fits(params, units)) return length;
      state.layers.push(createLayer('dense', id, { units, activation: step.activation, useBias: step.useBias }));
      state.params += params;
      return units;
    }
    case 'batchNorm':
      if (!fits(4 * length, length)) return length;
      state.layers.push(createLayer('batchNorm', id));
      state.params += 4 * length;
      return length;
    case 'activation':
      state.layers.push(createLayer('activation', id, { activation: step.fn }));
      return length;
    case 'dropout':
      state.layers.push(createLayer('dropout', id, { rate: step.ratePercent / 100 }));
      return length;
  }
}

type HeadKind = Extract<LayerKind, 'flatten' | 'globalAvgPool2d' | 'globalMaxPool2d'>;

/** Random valid MNIST-shaped specs mixing every layer kind and ending in 10 softmax probabilities. */
export const validSpecArb: fc.Arbitrary<NetworkSpec> = fc
  .record({
    features: fc.array(stepArb(FEATURE_KINDS), { maxLength: 6 }),
    head: fc.constantFrom<HeadKind>('flatten', 'globalAvgPool2d', 'globalMaxPool2d'),
    vectors: fc.array(stepArb(VECTOR_KINDS), { maxLength: 3 }),
    separateSoftmax: fc.boolean(),
    trailingDropout: fc.boolean(),
  })
  .map(({ features, head, vectors, separateSoftmax, trailingDropout }) => {
    const state: BuildState = { layers: [], params: 0 };
    let shape: Shape3D = [28, 28, 1];
    for (const step of features) shape = addFeatureLayer(step, shape, state);
    const flatLength = shape[0] * shape[1] * shape[2];
    // Flatten only when the Dense(10) after it stays within budget; a global pool always does.
    const useFlatten = head === 'flatten' && state.params + flatLength * 10 + 10 <= MAX_GENERATED_PARAMS;
    state.layers.push(createLayer(useFlatten ? 'flatten' : head === 'flatten' ? 'globalAvgPool2d' : head, `g${state.layers.length + 1}`));
    let length = useFlatten ? flatLength : shape[2];
    for (const step of vectors) length = addVectorLayer(step, length, state);
    const next = (): string => `g${state.layers.length + 1}`;
    if (separateSoftmax) {
      state.layers.push(createLayer('dense', next(), { units: 10, activation: 'linear' }));
      state.layers.push(createLayer('activation', next(), { activation: 'softmax' }));
    } else {
      state.layers.push(createLayer('dense', next(), { units: 10, activation: 'softmax' }));
    }
    if (trailingDropout) state.layers.push(createLayer('dropout', next(), { rate: 0.5 }));
    return { version: SPEC_VERSION, inputShape: [28, 28, 1], layers: state.layers } satisfies NetworkSpec;
  });

/** Anything at all in the places of a spec's fields: for "never throws" properties. */
export const specLikeArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.record(
    {
      version: fc.oneof(fc.constant(SPEC_VERSION), fc.anything()),
      inputShape: fc.oneof(fc.constant([28, 28, 1]), fc.array(fc.oneof(fc.integer(), fc.double())), fc.anything()),
      layers: fc.oneof(
        fc.array(
          fc.oneof(
            fc.anything(),
            fc.record(
              {
                id: fc.oneof(fc.string(), fc.anything()),
                kind: fc.oneof(fc.constantFrom(...FEATURE_KINDS, 'flatten', 'dense', 'globalAvgPool2d', 'globalMaxPool2d'), fc.anything()),
                filters: fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.double(), fc.anything()),
                units: fc.oneof(fc.integer({ min: -5, max: 10000 }), fc.anything()),
                kernelSize: fc.oneof(fc.tuple(fc.integer({ min: -2, max: 40 }), fc.integer({ min: -2, max: 40 })), fc.anything()),
                strides: fc.oneof(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })), fc.anything()),
                dilation: fc.oneof(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })), fc.anything()),
                poolSize: fc.oneof(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })), fc.anything()),
                padding: fc.oneof(fc.constantFrom('valid', 'same'), fc.tuple(fc.integer({ min: -2, max: 20 }), fc.integer({ min: -2, max: 20 })), fc.anything()),
                paddingMode: fc.oneof(fc.constantFrom(...PADDING_MODES), fc.anything()),
                activation: fc.oneof(fc.constantFrom(...LAYER_ACTIVATIONS), fc.anything()),
                depthMultiplier: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.anything()),
                rate: fc.oneof(fc.double(), fc.anything()),
                useBias: fc.oneof(fc.boolean(), fc.anything()),
              },
              { requiredKeys: [] },
            ),
          ),
          { maxLength: 8 },
        ),
        fc.anything(),
      ),
    },
    { requiredKeys: [] },
  ),
);
