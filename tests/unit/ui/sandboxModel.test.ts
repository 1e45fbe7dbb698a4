import { describe, expect, it } from 'vitest';
import { conv2dReference } from '../../../src/core/math/convolution';
import { animationStep } from '../../../src/ui/inside/convolution/animationModel';
import { DEFAULT_SANDBOX, inputPattern, kernelPreset, resizeGrid, sandboxLayerFields, sandboxResult, type SandboxSettings } from '../../../src/ui/inside/convolution/sandboxModel';

const settings = (patch: Partial<SandboxSettings>): SandboxSettings => {
  const base = { ...DEFAULT_SANDBOX, ...patch };
  return { ...base, input: patch.input ?? inputPattern('random', base.size, null, 3), weights: patch.weights ?? kernelPreset('boxBlur', base.kernel).weights };
};

describe('the convolution sandbox', () => {
  it('works the output size out with the numbers given, and its grid has that size', () => {
    const result = sandboxResult(settings({ size: 7, kernel: 3, stride: 2, padding: 1, dilation: 1 }));
    expect(result.working.formula).toBe('floor((7 + 2*1 - 1*(3-1) - 1) / 2) + 1 = 4');
    expect(result.problem).toBeNull();
    expect(result.source?.output).toMatchObject({ height: 4, width: 4, channels: 1 });
  });

  it('slides exactly like the reference conv, border modes included', () => {
    for (const mode of ['zeros', 'reflect', 'replicate', 'circular'] as const) {
      const s = settings({ size: 6, kernel: 3, stride: 1, padding: 2, dilation: 2, mode });
      const source = sandboxResult(s).source;
      if (!source) throw new Error(`no source for ${mode}`);
      const expected = conv2dReference(source.input, { values: s.weights, shape: [3, 3, 1, 1] }, null, source.window);
      for (let p = 0; p < expected.values.length; p++) expect(animationStep(source, p, 0).value).toBeCloseTo(expected.values[p] ?? NaN, 6);
    }
  });

  it('explains a window that cannot fit, or a reflect border as wide as the input, with a fix', () => {
    expect(sandboxResult(settings({ size: 3, kernel: 7, padding: 0 })).problem).toMatch(/^The kernel spans 7 inputs, but the padded input is only 3 wide: pad by at least 2 on each side/);
    const reflect = sandboxResult(settings({ size: 3, kernel: 3, stride: 1, padding: 3, mode: 'reflect' }));
    expect(reflect.problem).toMatch(/^Reflect padding of 3 needs an input at least 4 wide; this one is 3/);
    expect(reflect.source).toBeNull();
  });

  it('applies as a Conv2D layer’s fields: padding 0 is valid, a number is per side, same stays same', () => {
    expect(sandboxLayerFields(settings({ kernel: 5, stride: 2, padding: 0, dilation: 1 }))).toEqual({ kernelSize: [5, 5], strides: [2, 2], padding: 'valid', paddingMode: 'zeros', dilation: [1, 1] });
    expect(sandboxLayerFields(settings({ padding: 2, mode: 'reflect', dilation: 2 }))).toMatchObject({ padding: [2, 2], paddingMode: 'reflect', dilation: [2, 2] });
    expect(sandboxLayerFields(settings({ padding: 'same' })).padding).toBe('same');
  });

  it('has presets that make sense: identity passes the centre, Sobel x sees a vertical edge', () => {
    expect(Array.from(kernelPreset('identity', 3).weights)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    const edge = settings({ size: 6, kernel: 3, stride: 1, padding: 0, input: inputPattern('edge', 6, null), weights: kernelPreset('sobelX', 3).weights });
    const out = sandboxResult(edge).source?.output.values ?? new Float32Array();
    // Columns 1 and 2 of the 4-wide output straddle the edge between input columns 2 and 3.
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 4, 4, 0]);
    expect(Array.from(resizeGrid(Float32Array.from([1, 2, 3, 4]), 2, 3))).toEqual([1, 2, 0, 3, 4, 0, 0, 0, 0]);
  });
});
