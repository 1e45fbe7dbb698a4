/**
 * The convolution sandbox: a small one-channel input and kernel the student types or picks, slid
 * with their own stride, padding, padding mode and dilation, computed by the core's reference math.
 */
import { conv2dReference, outputSizeFormula, type OutputSizeWorking } from '../../../core/math/convolution';
import { slidingWindowOf } from '../../../core/math/slidingWindow';
import type { PaddingMode } from '../../../core/math/convMath';
import { createLayer } from '../../../core/spec/registry';
import type { Conv2DLayer, Padding } from '../../../core/spec/spec';
import type { AnimationSource } from './animationModel';

export const SANDBOX_LIMITS = {
  size: [3, 12],
  kernel: [1, 7],
  stride: [1, 4],
  padding: [0, 3],
  dilation: [1, 3],
} as const;

export interface SandboxSettings {
  size: number;
  kernel: number;
  stride: number;
  /** Cells on every side, or TF's 'same'. */
  padding: number | 'same';
  mode: PaddingMode;
  dilation: number;
  /** size x size values, row-major. */
  input: Float32Array;
  /** kernel x kernel weights, row-major. */
  weights: Float32Array;
}

export const INPUT_PATTERNS = ['random', 'edge', 'digit'] as const;
export type InputPattern = (typeof INPUT_PATTERNS)[number];
export const INPUT_PATTERN_LABELS: Record<InputPattern, string> = { random: 'Random', edge: 'A vertical edge', digit: 'A crop of the probe digit' };

export const KERNEL_PRESETS = ['identity', 'sobelX', 'sobelY', 'boxBlur', 'sharpen'] as const;
export type KernelPreset = (typeof KERNEL_PRESETS)[number];
export const KERNEL_PRESET_LABELS: Record<KernelPreset, string> = { identity: 'Identity', sobelX: 'Sobel x', sobelY: 'Sobel y', boxBlur: 'Box blur', sharpen: 'Sharpen' };

/** Whole numbers in [lo, hi]; anything else (NaN, text) becomes lo. */
export const clampSetting = (v: number, [lo, hi]: readonly [number, number]) => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, Math.round(v))) : lo);

/** Input values for a pattern; the digit pattern crops the middle of a 28x28 probe image. */
export function inputPattern(pattern: InputPattern, size: number, probe: Float32Array | null, seed = 1): Float32Array {
  const values = new Float32Array(size * size);
  if (pattern === 'random') {
    let state = seed >>> 0 || 1;
    for (let i = 0; i < values.length; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      values[i] = Math.round((state / 2 ** 32) * 10) / 10;
    }
  } else if (pattern === 'edge') {
    for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) values[r * size + c] = c < size / 2 ? 0 : 1;
  } else if (probe && probe.length === 28 * 28) {
    const offset = Math.floor((28 - size) / 2);
    for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) values[r * size + c] = Math.round((probe[(r + offset) * 28 + c + offset] ?? 0) * 100) / 100;
  }
  return values;
}

const PRESET_3X3: Record<Exclude<KernelPreset, 'identity' | 'boxBlur'>, number[]> = {
  sobelX: [-1, 0, 1, -2, 0, 2, -1, 0, 1],
  sobelY: [-1, -2, -1, 0, 0, 0, 1, 2, 1],
  sharpen: [0, -1, 0, -1, 5, -1, 0, -1, 0],
};

/** A preset's weights and the kernel size it needs: identity and box blur fit any size; the others are 3x3. */
export function kernelPreset(preset: KernelPreset, size: number): { kernel: number; weights: Float32Array } {
  if (preset === 'identity') {
    const weights = new Float32Array(size * size);
    weights[Math.floor(size / 2) * size + Math.floor(size / 2)] = 1;
    return { kernel: size, weights };
  }
  if (preset === 'boxBlur') return { kernel: size, weights: new Float32Array(size * size).fill(Math.round((1 / (size * size)) * 1e4) / 1e4) };
  return { kernel: 3, weights: Float32Array.from(PRESET_3X3[preset]) };
}

/** A square grid resized to `size`, keeping the values that still fit (new cells 0). */
export function resizeGrid(values: Float32Array, from: number, size: number): Float32Array {
  const next = new Float32Array(size * size);
  for (let r = 0; r < Math.min(from, size); r++) for (let c = 0; c < Math.min(from, size); c++) next[r * size + c] = values[r * from + c] ?? 0;
  return next;
}

export const DEFAULT_SANDBOX: SandboxSettings = {
  size: 7,
  kernel: 3,
  stride: 2,
  padding: 1,
  mode: 'zeros',
  dilation: 1,
  input: inputPattern('random', 7, null),
  weights: kernelPreset('sobelX', 3).weights,
};

/** The settings as the fields of a Conv2D layer: what "Use in my network" applies. */
export function sandboxLayerFields(settings: SandboxSettings): Pick<Conv2DLayer, 'kernelSize' | 'strides' | 'padding' | 'paddingMode' | 'dilation'> {
  const padding: Padding = settings.padding === 'same' ? 'same' : settings.padding === 0 ? 'valid' : [settings.padding, settings.padding];
  return {
    kernelSize: [settings.kernel, settings.kernel],
    strides: [settings.stride, settings.stride],
    padding,
    paddingMode: settings.mode,
    dilation: [settings.dilation, settings.dilation],
  };
}

/**
 * The reflect mode mirrors without repeating the edge, so its border must be narrower than the
 * input; PyTorch refuses it otherwise. Null when the settings are fine.
 */
function modeProblem(settings: SandboxSettings, pads: { before: number; after: number }): string | null {
  const widest = Math.max(pads.before, pads.after);
  if (settings.mode === 'reflect' && widest >= settings.size) return `Reflect padding of ${widest} needs an input at least ${widest + 1} wide; this one is ${settings.size}. Use a smaller padding, or the replicate mode.`;
  if (settings.mode === 'circular' && widest > settings.size) return `Circular padding of ${widest} wraps more than the whole input (${settings.size} wide). Use a padding of at most ${settings.size}.`;
  return null;
}

export interface SandboxResult {
  working: OutputSizeWorking;
  /** Why nothing can be computed (the working's problem, or a padding-mode rule); null when fine. */
  problem: string | null;
  source: AnimationSource | null;
}

/** The formula worked with these numbers and, when an output exists, the animation material. */
export function sandboxResult(settings: SandboxSettings): SandboxResult {
  const working = outputSizeFormula(settings.size, settings.kernel, settings.stride, settings.padding, settings.dilation);
  const problem = working.problem ?? modeProblem(settings, working.pads);
  if (problem || working.size === 0) return { working, problem, source: null };
  const layer = { ...createLayer('conv2d', 'sandbox', { filters: 1, activation: 'linear', useBias: false }), ...sandboxLayerFields(settings) } as Conv2DLayer;
  const window = slidingWindowOf(layer, [settings.size, settings.size, 1]);
  if (!window) return { working, problem: 'This combination has no sliding window.', source: null };
  const input = { values: settings.input, height: settings.size, width: settings.size, channels: 1 };
  const kernel = { values: settings.weights, shape: [settings.kernel, settings.kernel, 1, 1] as const };
  const output = conv2dReference(input, kernel, null, window);
  return { working, problem: null, source: { layerIndex: -1, layer, window, input, output, kernel, pointwise: null, bias: null, activation: 'linear', step: 0 } };
}
