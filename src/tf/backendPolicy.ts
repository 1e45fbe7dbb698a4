/**
 * Which backend trains fastest here, decided from facts about the browser. Pure: no tfjs, so the
 * policy is unit-tested on its own; backend.ts gathers the facts and applies the answer.
 */
import type { BackendName } from '../core/training/training';

export interface BackendFacts {
  /** Whether a WebGL context could be created, and its unmasked renderer string if the browser tells. */
  webgl: { available: boolean; renderer?: string };
  wasm: { available: boolean };
}

export type AutoDecision =
  | { kind: 'use'; name: BackendName; reason: string }
  /** Not enough facts: time a few training steps on each candidate and take the fastest. */
  | { kind: 'probe'; candidates: BackendName[]; reason: string };

/** Renderers that run WebGL on the CPU: there, WebGL trains about 10x slower than wasm. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

export function decideAutoBackend(facts: BackendFacts): AutoDecision {
  const { webgl, wasm } = facts;
  if (webgl.available && webgl.renderer !== undefined) {
    if (!isSoftwareRenderer(webgl.renderer)) {
      return { kind: 'use', name: 'webgl', reason: `WebGL on a hardware GPU (${webgl.renderer})` };
    }
    if (wasm.available) {
      return {
        kind: 'use',
        name: 'wasm',
        reason: `WebGL runs on a software renderer here (${webgl.renderer}), where WebAssembly is about 10x faster`,
      };
    }
    return { kind: 'use', name: 'webgl', reason: `WebGL on a software renderer (${webgl.renderer}); WebAssembly is unavailable` };
  }
  if (webgl.available) {
    const candidates: BackendName[] = wasm.available ? ['webgl', 'wasm'] : ['webgl', 'cpu'];
    return { kind: 'probe', candidates, reason: 'the browser hides its GPU name, so a short timed test picked' };
  }
  if (wasm.available) return { kind: 'use', name: 'wasm', reason: 'WebGL is unavailable; WebAssembly is the fastest CPU backend' };
  return { kind: 'use', name: 'cpu', reason: 'neither WebGL nor WebAssembly is available' };
}
