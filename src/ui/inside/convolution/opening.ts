/**
 * Where the convolution animation opens. A click on a feature-map cell opens it on that cell;
 * otherwise (the tab, another layer or channel) it opens on the first position, in the player's
 * row-major order, whose window covers ink (on an input without background: the strongest answer): at (1, 1) a valid conv on an MNIST digit reads only
 * background, and "0×(−0.026) + 0×0.088 + … = 0" explains nothing.
 */
import { animationStep, positionCount, type AnimationSource, type AnimationStep } from './animationModel';

/**
 * Whether a step's arithmetic has a non-zero product: some tap, in any input channel, whose input
 * value (a border tap's copy included) and weight are both non-zero. A pool has no weights: there,
 * whether some cell of its window is non-zero.
 */
export function stepCoversInk(step: AnimationStep): boolean {
  switch (step.kind) {
    case 'conv':
    case 'depthwise':
      return step.window.taps.some((t) => t.value !== 0 && t.weight !== 0);
    case 'separable':
      return step.part.depthwise.some((w) => w.taps.some((t) => t.value !== 0 && t.weight !== 0));
    case 'max':
    case 'avg':
      return step.window.taps.some((t) => t.value !== null && t.value !== 0);
  }
}

/** The output position where `channel` answers most strongly (tfjs's value). */
function strongestPosition(source: AnimationSource, channel: number): number {
  const { values, channels } = source.output;
  let best = 0;
  for (let p = 1; p * channels < values.length; p++) if ((values[p * channels + channel] ?? -Infinity) > (values[best * channels + channel] ?? -Infinity)) best = p;
  return best;
}

/**
 * The first output position of `channel` whose window covers ink; 0 when none does (an all-zero
 * input). An input with no zero at all (a photo, a colour image on its background) has ink
 * everywhere: there it opens where the channel answers most, which shows what it looks for.
 */
export function firstInkyPosition(source: AnimationSource, channel: number): number {
  if (source.input.values.length > 0 && source.input.values.every((v) => v !== 0)) return strongestPosition(source, channel);
  const count = positionCount(source);
  for (let position = 0; position < count; position++) {
    if (stepCoversInk(animationStep(source, position, channel))) return position;
  }
  return 0;
}

/** Where the animation still has to open: on a clicked cell, or on ink once the layer's material is there; null once it has. */
export type PendingStart = { kind: 'cell'; row: number; col: number } | { kind: 'ink' } | null;

/**
 * The position to open on, or null to wait: a clicked cell at once (it wins over ink); ink once
 * `source` (the current layer's material, null while it is on its way) has come.
 */
export function openingPosition(pending: PendingStart, source: AnimationSource | null, channel: number, outWidth: number): number | null {
  if (!pending) return null;
  if (pending.kind === 'cell') return pending.row * outWidth + pending.col;
  return source ? firstInkyPosition(source, Math.min(channel, source.output.channels - 1)) : null;
}
