import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendName, BackendPreference } from '../core/training/training';
import { decideAutoBackend, type BackendFacts } from './backendPolicy';
import { timeTrainingStep } from './backendProbe';
import { registerConvGradients } from './gradients';

// After the wasm import above, so its conv and pooling gradients are replaced too (see gradients/).
registerConvGradients();

/** The one place that decides which tfjs backend runs, and says why. */
export interface BackendChoice {
  name: BackendName;
  /** Why this backend runs, in words for the status bar. */
  reason: string;
}

let wasmConfigured = false;

/** The wasm binaries are served from the app's own origin, never a CDN. */
function configureWasm(): void {
  if (wasmConfigured) return;
  wasmConfigured = true;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlainUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
  });
  setThreadsCount(wasmThreads());
}

let requestedWasmThreads: number | null = null;

/** Asks for another XNNPACK thread count (the benchmark compares them); effective if wasm has not started. */
export function requestWasmThreads(count: number): void {
  requestedWasmThreads = Math.max(1, Math.round(count));
}

/** XNNPACK threads: one per logical core (threads need a cross-origin isolated page). */
function wasmThreads(): number {
  return requestedWasmThreads ?? Math.max(1, navigator.hardwareConcurrency || 1);
}

/**
 * tfjs's wasm build caps its thread pool at navigator.hardwareConcurrency / 2 (it assumes two
 * hyper-threads per core), read once as the module starts. On a 2-core machine that means one
 * thread whatever setThreadsCount says. While the module starts, report twice the wanted count so
 * the cap becomes the thread count asked for; afterwards the real value shows again.
 */
async function withUncappedWasmThreads<T>(start: () => Promise<T>): Promise<T> {
  const threads = wasmThreads();
  Object.defineProperty(navigator, 'hardwareConcurrency', { configurable: true, get: () => threads * 2 });
  try {
    return await start();
  } finally {
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** Reads the WebGL renderer from a throwaway context, before any backend starts. */
function webglFacts(): BackendFacts['webgl'] {
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return { available: false };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer: unknown = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : undefined;
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, renderer: typeof renderer === 'string' && renderer !== '' ? renderer : undefined };
  } catch {
    return { available: false };
  }
}

async function activate(name: BackendName): Promise<boolean> {
  try {
    if (name !== 'wasm') return await tf.setBackend(name);
    configureWasm();
    return await withUncappedWasmThreads(() => tf.setBackend(name));
  } catch {
    return false;
  }
}

/** What the status bar adds about the running backend: wasm threads, for instance. */
function details(name: BackendName): string {
  if (name !== 'wasm') return '';
  const threads = getThreadsCount();
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return `; ${threads} thread${threads === 1 ? '' : 's'}${isolated ? '' : ' (the page is not cross-origin isolated, so no threads)'}`;
}

async function chooseAuto(): Promise<BackendChoice> {
  const facts: BackendFacts = { webgl: webglFacts(), wasm: { available: typeof WebAssembly === 'object' } };
  const decision = decideAutoBackend(facts);
  if (decision.kind === 'use') {
    if (await activate(decision.name)) return { name: decision.name, reason: decision.reason };
    return fallBack(decision.name);
  }
  const timings: { name: BackendName; ms: number }[] = [];
  for (const name of decision.candidates) {
    if (await activate(name)) timings.push({ name, ms: await timeTrainingStep() });
  }
  timings.sort((a, b) => a.ms - b.ms);
  const fastest = timings[0];
  if (!fastest || !(await activate(fastest.name))) return fallBack('webgl');
  const figures = timings.map((t) => `${t.name} ${t.ms.toFixed(0)} ms/step`).join(', ');
  return { name: fastest.name, reason: `${decision.reason} ${fastest.name} (${figures})` };
}

async function fallBack(failed: BackendName): Promise<BackendChoice> {
  for (const name of ['wasm', 'cpu'] as const) {
    if (name !== failed && (await activate(name))) return { name, reason: `${failed} could not start in this browser, so ${name} runs instead` };
  }
  throw new Error('No TensorFlow.js backend could start in this browser.');
}

/**
 * Starts the backend of the page's own inference copy (the drawing pad reads it on every pointer
 * move): wasm without threads, because one 28x28 image is too little work to share and XNNPACK's
 * pool would spin on the page's thread while training has the cores; cpu where wasm cannot start.
 */
export async function initInferenceBackend(): Promise<BackendChoice> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (await activate('wasm')) return { name: 'wasm', reason: 'one image at a time on the page’s thread; WebAssembly without threads' };
  if (await activate('cpu')) return { name: 'cpu', reason: 'WebAssembly could not start here' };
  throw new Error('No TensorFlow.js backend could start for the drawing pad.');
}

/**
 * Activates a backend in the calling thread: the one chosen in settings, or in 'auto' the fastest
 * here (WebGL on a hardware GPU, WebAssembly where WebGL is missing or runs in software, a short
 * timed probe where the GPU is unknown). Falls back when the wanted one cannot start.
 */
export async function initBackend(preference: BackendPreference = 'auto'): Promise<BackendChoice> {
  let choice: BackendChoice;
  if (preference === 'auto') choice = await chooseAuto();
  else if (await activate(preference)) choice = { name: preference, reason: 'chosen in settings' };
  else choice = await fallBack(preference);
  return { ...choice, reason: choice.reason + details(choice.name) };
}

/** The running backend's WebGL context, or null when the backend is not WebGL. */
function webglContext(): WebGLRenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } };
  return backend.gpgpu?.gl ?? null;
}

/**
 * Calls `onLost` once if the WebGL backend's context is lost (a GPU reset, another tab taking the
 * memory, a driver crash); after that every tensor on it is gone. Returns the unsubscribe function.
 */
export function watchContextLoss(onLost: () => void): () => void {
  // An OffscreenCanvas in the worker, an HTMLCanvasElement on the page: both are event targets.
  const canvas = (webglContext() as unknown as { canvas?: EventTarget } | null)?.canvas;
  if (!canvas) return () => {};
  const listener = () => onLost();
  canvas.addEventListener('webglcontextlost', listener as EventListener, { once: true });
  return () => canvas.removeEventListener('webglcontextlost', listener as EventListener);
}

/** Loses the WebGL context on purpose, as a GPU reset would (WEBGL_lose_context); false when not on WebGL. */
export function loseWebglContext(): boolean {
  const extension = webglContext()?.getExtension('WEBGL_lose_context');
  if (!extension) return false;
  extension.loseContext();
  return true;
}
