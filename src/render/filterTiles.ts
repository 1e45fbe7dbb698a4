/**
 * Turns a layer's weight tensors into tiles a heat-map grid can draw: channels-last [h, w, tiles]
 * values plus how many tiles go in a row. Pure arithmetic on tfjs's weight layouts:
 * conv kernels [kh, kw, in, out], depthwise kernels [kh, kw, in, multiplier], pointwise kernels
 * [1, 1, in, out], dense kernels [in, units].
 */

export interface Tiles {
  values: Float32Array;
  height: number;
  width: number;
  /** Number of tiles (the channel axis of `values`). */
  count: number;
  /** Tiles per row when the grid keeps rows meaningful (one row per output channel); null to wrap freely. */
  columns: number | null;
  /** What tile t shows, for text alternatives and hover: "filter 3, input 2". */
  describe(tile: number): string;
  /** Each tile is a colour picture: `values` then hold three channels per tile (red, green, blue), 3 * count in all. */
  rgb?: boolean;
}

/** Which input channel a wide kernel is shown for: one of them, or the mean over all. */
export type InputChoice = number | 'mean';

/** Inputs up to this many get one tile each per output channel; wider layers pick one or the mean. */
export const MAX_INPUT_COLUMNS = 8;

/**
 * A conv kernel [kh, kw, in, out] as tiles: one row of `in` tiles per output channel for narrow
 * inputs, else one tile per output channel for the chosen input channel (or the mean over inputs).
 */
export function convKernelTiles(kernel: Float32Array, shape: readonly number[], choice: InputChoice): Tiles {
  const [kh = 1, kw = 1, inputs = 1, outputs = 1] = shape;
  const perInput = inputs <= MAX_INPUT_COLUMNS;
  const count = perInput ? inputs * outputs : outputs;
  const values = new Float32Array(kh * kw * count);
  for (let p = 0; p < kh * kw; p++) {
    for (let o = 0; o < outputs; o++) {
      if (perInput) {
        for (let i = 0; i < inputs; i++) values[p * count + o * inputs + i] = kernel[(p * inputs + i) * outputs + o] ?? NaN;
      } else if (choice === 'mean') {
        let sum = 0;
        for (let i = 0; i < inputs; i++) sum += kernel[(p * inputs + i) * outputs + o] ?? 0;
        values[p * count + o] = sum / inputs;
      } else {
        values[p * count + o] = kernel[(p * inputs + Math.min(choice, inputs - 1)) * outputs + o] ?? NaN;
      }
    }
  }
  return {
    values,
    height: kh,
    width: kw,
    count,
    columns: perInput && inputs > 1 ? inputs : null,
    describe: (t) => (perInput ? `filter ${Math.floor(t / inputs) + 1}, input ${(t % inputs) + 1}` : `filter ${t + 1}`),
  };
}

/**
 * The kernel of a conv reading a colour image ([kh, kw, 3, out]) as one colour picture per filter:
 * its red, green and blue weights as the red, green and blue of the tile (what the filter looks for).
 */
export function colourKernelTiles(kernel: Float32Array, shape: readonly number[]): Tiles {
  const [, , inputs = 1, outputs = 1] = shape;
  if (inputs !== 3) throw new RangeError(`a colour kernel reads 3 input channels, not ${inputs}`);
  // One tile per (filter, input) in filter-major order is exactly filter k's red, green, blue side by side.
  const perInput = convKernelTiles(kernel, shape, 0);
  return { ...perInput, count: outputs, columns: null, rgb: true, describe: (t) => `filter ${t + 1}` };
}

/** A depthwise kernel [kh, kw, in, multiplier]: one tile per (input, multiplier) pair, in tfjs's output order. */
export function depthwiseKernelTiles(kernel: Float32Array, shape: readonly number[]): Tiles {
  const [kh = 1, kw = 1, inputs = 1, multiplier = 1] = shape;
  const count = inputs * multiplier;
  // [kh, kw, in, m] flattened is already [kh, kw, in * m] channels-last.
  return {
    values: kernel.slice(0, kh * kw * count),
    height: kh,
    width: kw,
    count,
    columns: multiplier > 1 ? multiplier : null,
    describe: (t) => `input ${Math.floor(t / multiplier) + 1}${multiplier > 1 ? `, copy ${(t % multiplier) + 1}` : ''}`,
  };
}

/** A weight matrix [rows, cols] (dense [in, units], pointwise [1, 1, in, out]) as one tile with a row per output unit. */
export function matrixTile(kernel: Float32Array, inputs: number, outputs: number): Tiles {
  const values = new Float32Array(inputs * outputs);
  for (let i = 0; i < inputs; i++) for (let o = 0; o < outputs; o++) values[o * inputs + i] = kernel[i * outputs + o] ?? NaN;
  return { values, height: outputs, width: inputs, count: 1, columns: 1, describe: () => `${outputs} outputs x ${inputs} inputs` };
}

/**
 * The weights of each unit of a dense layer that reads a flattened [h, w, c] map, put back into that
 * map's shape: one tile per unit, for one input channel or the mean over channels. tfjs flattens
 * channels-last, so input index (y * w + x) * c + ch.
 */
export function denseUnitTiles(kernel: Float32Array, mapShape: readonly number[], units: number, choice: InputChoice): Tiles {
  const [h = 1, w = 1, c = 1] = mapShape;
  const values = new Float32Array(h * w * units);
  for (let p = 0; p < h * w; p++) {
    for (let u = 0; u < units; u++) {
      let v: number;
      if (choice === 'mean') {
        v = 0;
        for (let ch = 0; ch < c; ch++) v += kernel[(p * c + ch) * units + u] ?? 0;
        v /= c;
      } else {
        v = kernel[(p * c + Math.min(choice, c - 1)) * units + u] ?? NaN;
      }
      values[p * units + u] = v;
    }
  }
  return { values, height: h, width: w, count: units, columns: null, describe: (t) => `unit ${t + 1}` };
}
