import * as d3 from 'd3';

export type ColorScaleKind = 'sequential' | 'diverging';

export interface ColorScale {
  kind: ColorScaleKind;
  /** The numeric range the colours span: [min, max]; symmetric [-m, m] for diverging. */
  domain: [number, number];
  /**
   * 256 RGBA entries (1024 bytes) from the low end to the high end. Shared by every scale of the
   * same kind: read it, never write to it.
   */
  lut: Uint8ClampedArray;
  /** Index 0..255 of value v in the LUT (clamped; NaN -> 0). */
  index(v: number): number;
  /** CSS colour of v, e.g. for the legend and hover swatches. */
  css(v: number): string;
}

const LUT_SIZE = 256;

/** Colour-blind-safe ramps, both read from low (t = 0) to high (t = 1). */
const INTERPOLATORS: Record<ColorScaleKind, (t: number) => string> = {
  sequential: d3.interpolateViridis,
  // RdBu runs red -> blue; reversed, negative is blue and positive red.
  diverging: (t) => d3.interpolateRdBu(1 - t),
};

const luts: Partial<Record<ColorScaleKind, Uint8ClampedArray>> = {};
const cssCache: Partial<Record<ColorScaleKind, string[]>> = {};

/** The kind's LUT, built on first use and then reused. */
function lutFor(kind: ColorScaleKind): Uint8ClampedArray {
  const cached = luts[kind];
  if (cached) return cached;
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  const css: string[] = [];
  for (let i = 0; i < LUT_SIZE; i++) {
    const rgb = d3.rgb(INTERPOLATORS[kind](i / (LUT_SIZE - 1)));
    lut.set([rgb.r, rgb.g, rgb.b, 255], i * 4);
    css.push(d3.rgb(lut[i * 4], lut[i * 4 + 1], lut[i * 4 + 2]).formatHex());
  }
  luts[kind] = lut;
  cssCache[kind] = css;
  return lut;
}

/**
 * The colour scale for values in [min, max]: sequential (viridis) when min >= 0, otherwise diverging
 * (blue-white-red) on [-m, m] with m = max(|min|, |max|), so 0 is always the white centre. A
 * zero-width sequential range [v, v] becomes [0, v] (or [0, 1] for v = 0); non-finite bounds count
 * as 0. Cheap: the LUTs are built once per kind.
 */
export function createColorScale(min: number, max: number): ColorScale {
  let lo = Number.isFinite(min) ? min : 0;
  let hi = Number.isFinite(max) ? max : 0;
  if (lo > hi) [lo, hi] = [hi, lo];
  const kind: ColorScaleKind = lo >= 0 ? 'sequential' : 'diverging';
  let domain: [number, number];
  if (kind === 'diverging') {
    const m = Math.max(-lo, Math.abs(hi));
    domain = [-m, m];
  } else if (hi > lo) {
    domain = [lo, hi];
  } else {
    domain = [0, hi > 0 ? hi : 1];
  }
  const lut = lutFor(kind);
  const css = cssCache[kind] ?? [];
  const [d0, d1] = domain;
  const scale = (LUT_SIZE - 1) / (d1 - d0);
  const index = (v: number): number => {
    if (Number.isNaN(v)) return 0;
    const i = Math.round((v - d0) * scale);
    return i < 0 ? 0 : i > LUT_SIZE - 1 ? LUT_SIZE - 1 : i;
  };
  return { kind, domain, lut, index, css: (v) => css[index(v)] ?? '#000000' };
}

/**
 * [min, max] of values[offset + k * stride] for k < count, skipping NaN and ±Infinity; [0, 0] when
 * none is finite. For one channel c of a channels-last [h, w, channels] array:
 * `valueRange(values, c, channels, h * w)`. count defaults to (and is capped at) what fits in values.
 */
export function valueRange(values: Float32Array, offset = 0, stride = 1, count?: number): [number, number] {
  const step = Math.max(1, Math.floor(stride));
  const start = Math.max(0, Math.floor(offset));
  const fits = start < values.length ? Math.ceil((values.length - start) / step) : 0;
  const n = count === undefined ? fits : Math.min(fits, Math.max(0, Math.floor(count)));
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0, i = start; k < n; k++, i += step) {
    const v = values[i];
    // Comparisons with NaN are false, so NaN falls through; the infinities are skipped explicitly.
    if (v === Infinity || v === -Infinity) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}
