import * as tf from '@tensorflow/tfjs';

import type { BackendName, BackendPreference } from '../core/training';

/** The one place that decides which tfjs backend runs. */

export interface BackendChoice {
  name: BackendName;
  /** Why this backend runs, in words for the status bar. */
  reason: string;
  /** The GPU renderer string, when WebGL runs and the browser tells it. */
  renderer?: string;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|software|basic render/i;

/** Reads the unmasked renderer string of the active WebGL backend, if the browser exposes it. */
function webglRenderer(): string | undefined {
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } };
  const gl = backend.gpgpu?.gl;
  if (!gl) return undefined;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer: unknown = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  return typeof renderer === 'string' ? renderer : undefined;
}

async function trySetBackend(name: BackendName): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/**
 * Activates a backend in the calling thread: the preferred one, or in 'auto' WebGL with a fallback
 * to the CPU. (The speed issue extends this with wasm and a software-renderer check.)
 */
export async function initBackend(preference: BackendPreference = 'auto'): Promise<BackendChoice> {
  const wanted: BackendName = preference === 'auto' ? 'webgl' : preference;
  if (await trySetBackend(wanted)) {
    await tf.ready();
    if (wanted === 'webgl') {
      const renderer = webglRenderer();
      const software = renderer !== undefined && SOFTWARE_RENDERER.test(renderer);
      const how = renderer ? `${renderer}${software ? ', a software renderer' : ''}` : 'GPU';
      return { name: 'webgl', renderer, reason: `${preference === 'auto' ? 'WebGL available' : 'chosen in settings'} (${how})` };
    }
    return { name: wanted, reason: preference === 'auto' ? 'default' : 'chosen in settings' };
  }
  if (!(await trySetBackend('cpu'))) throw new Error('No TensorFlow.js backend could start in this browser.');
  await tf.ready();
  return { name: 'cpu', reason: `${wanted} could not start in this browser, so the CPU runs instead` };
}
