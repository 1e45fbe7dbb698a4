/**
 * The arithmetic of one animation step as readable lines: the patch values times the kernel values,
 * the sum per input channel, the bias, the activation, and the value tfjs computed there.
 */
import type { ConvTap, ConvWindow } from '../../../core/math/convolution';
import type { LayerActivation } from '../../../core/spec/spec';
import type { AnimationStep } from './animationModel';

/** 4 significant digits, without trailing zeros or a "-0": what the lines and the live region show. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const text = Math.abs(v) >= 1e5 || Math.abs(v) < 1e-4 ? v.toExponential(3) : String(Number(v.toPrecision(4)));
  return text.replace('-', '−');
}

const signed = (v: number) => (v < 0 ? `(${formatNumber(v)})` : formatNumber(v));

const ACTIVATION_NAMES: Record<LayerActivation, string> = {
  linear: 'no activation',
  relu: 'ReLU',
  leakyRelu: 'LeakyReLU',
  elu: 'ELU',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax over the channels',
};

/** "0.12×0.31 + 0×(−0.1) + …" for the taps of one input channel; a border tap's value is its copy. */
function productsOf(taps: readonly ConvTap[]): string {
  return taps.map((t) => `${signed(t.value)}×${signed(t.weight)}`).join(' + ');
}

/** "Red channel" for a named channel (a colour image's), else "Input channel 3". */
const channelLabel = (c: number, names: readonly string[] | undefined) => {
  const name = names?.[c];
  return name ? `${name.charAt(0).toUpperCase()}${name.slice(1)} channel` : `Input channel ${c + 1}`;
};

function channelSumLines(window: ConvWindow, shown: number, names: readonly string[] | undefined): string[] {
  const own = window.taps.filter((t) => t.inChannel === shown);
  const sum = window.channelSums.find((c) => c.inChannel === shown)?.sum ?? 0;
  const lines = [`${channelLabel(shown, names)}: ${productsOf(own)} = ${formatNumber(sum)}`];
  const others = window.channelSums.filter((c) => c.inChannel !== shown);
  if (others.length > 0) {
    const total = others.reduce((a, c) => a + c.sum, 0);
    const listed = others.length <= 16 ? others.map((c) => `${names?.[c.inChannel] ?? c.inChannel + 1}: ${formatNumber(c.sum)}`).join(', ') : `${others.length} sums`;
    lines.push(`The other ${others.length} input channel${others.length === 1 ? '' : 's'} (${listed}) add ${formatNumber(total)}`);
  }
  return lines;
}

function finish(preActivation: number, value: number, activation: LayerActivation, bias: number | null, sumOfChannels: number): string[] {
  const lines = [bias === null ? `Sum = ${formatNumber(sumOfChannels)} (no bias)` : `Sum ${formatNumber(sumOfChannels)} + bias ${signed(bias)} = ${formatNumber(preActivation)}`];
  if (activation !== 'linear') lines.push(`${ACTIVATION_NAMES[activation]}(${formatNumber(preActivation)}) = ${formatNumber(value)}`);
  return lines;
}

/**
 * The lines for one step; `inChannel` is the input channel whose products are written out. With
 * `checked`, the last line also says what tfjs computed there (the network; not the sandbox).
 * `channelNames` name the input channels ("red", "green", "blue" for a colour image).
 */
export function arithmeticLines(step: AnimationStep, activation: LayerActivation, inChannel: number, checked = true, channelNames?: readonly string[]): string[] {
  const where = `Output map ${step.channel + 1}, row ${step.row + 1}, column ${step.col + 1}`;
  const result = `= ${formatNumber(step.value)}${checked ? `; tfjs computed ${formatNumber(step.tfjs)} here` : ''}`;
  switch (step.kind) {
    case 'conv':
    case 'depthwise': {
      const { window } = step;
      const shown = step.kind === 'depthwise' ? (window.channelSums[0]?.inChannel ?? 0) : inChannel;
      const channels = window.channelSums.reduce((a, c) => a + c.sum, 0);
      return [`${where}:`, ...channelSumLines(window, shown, channelNames), ...finish(step.preActivation, step.value, activation, window.bias, channels), result];
    }
    case 'separable': {
      const { depthwise, pointwiseWeights, multiplier } = step.part;
      const first = depthwise[inChannel * multiplier] ?? depthwise[0];
      const lines = [`${where}:`];
      if (first) lines.push(`Depthwise, input channel ${inChannel + 1}: ${productsOf(first.taps)} = ${formatNumber(first.total)}`);
      const mixed = depthwise.map((w, i) => `${signed(w.total)}×${signed(pointwiseWeights[i] ?? 0)}`).join(' + ');
      const sum = depthwise.reduce((a, w, i) => a + w.total * (pointwiseWeights[i] ?? 0), 0);
      lines.push(`Pointwise (1×1) over the ${depthwise.length} depthwise outputs: ${mixed} = ${formatNumber(sum)}`);
      return [...lines, ...finish(step.preActivation, step.value, activation, step.bias, sum), result];
    }
    case 'max':
    case 'avg': {
      const { window } = step;
      const counted = window.taps.filter((t) => t.value !== null);
      const border = window.taps.length - counted.length;
      const values = counted.map((t) => formatNumber(t.value ?? 0)).join(', ');
      const note = border > 0 ? ` (${border} border cell${border === 1 ? '' : 's'} not counted)` : '';
      const line =
        step.kind === 'max'
          ? `Max of ${counted.length} cells${note}: ${values} → ${formatNumber(step.value)} (marked)`
          : `Mean of ${counted.length} cells${note}: (${counted.map((t) => formatNumber(t.value ?? 0)).join(' + ')}) / ${counted.length} = ${formatNumber(step.value)}`;
      return [`${where}:`, line, result];
    }
  }
}

/** What the live region says on each step: the position and the output value, not every product. */
export function spokenStep(step: AnimationStep): string {
  return `Row ${step.row + 1}, column ${step.col + 1}: ${formatNumber(step.value)}`;
}
