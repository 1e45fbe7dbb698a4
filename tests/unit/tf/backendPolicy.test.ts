import { describe, expect, it } from 'vitest';
import { decideAutoBackend, isSoftwareRenderer } from '../../../src/tf/backendPolicy';

const SWIFTSHADER = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
const NVIDIA = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002504) Direct3D11 vs_5_0 ps_5_0, D3D11)';

describe('decideAutoBackend', () => {
  it('recognises software renderers', () => {
    expect(isSoftwareRenderer(SWIFTSHADER)).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer(NVIDIA)).toBe(false);
    expect(isSoftwareRenderer('Apple M2')).toBe(false);
  });

  it('uses WebGL on a hardware GPU', () => {
    expect(decideAutoBackend({ webgl: { available: true, renderer: NVIDIA }, wasm: { available: true } })).toMatchObject({ kind: 'use', name: 'webgl' });
  });

  it('uses wasm where WebGL is a software renderer, and says why', () => {
    const decision = decideAutoBackend({ webgl: { available: true, renderer: SWIFTSHADER }, wasm: { available: true } });
    expect(decision).toMatchObject({ kind: 'use', name: 'wasm' });
    expect(decision.reason).toMatch(/software renderer/);
  });

  it('probes when the GPU name is hidden', () => {
    expect(decideAutoBackend({ webgl: { available: true }, wasm: { available: true } })).toMatchObject({ kind: 'probe', candidates: ['webgl', 'wasm'] });
  });

  it('falls back to wasm, then cpu, without WebGL', () => {
    expect(decideAutoBackend({ webgl: { available: false }, wasm: { available: true } })).toMatchObject({ name: 'wasm' });
    expect(decideAutoBackend({ webgl: { available: false }, wasm: { available: false } })).toMatchObject({ name: 'cpu' });
  });
});
