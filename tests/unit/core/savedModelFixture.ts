/**
 * Saved-model fixtures shared by the file-format tests (.kernelscope and tfjs Layers files): a
 * valid SavedModel for any valid spec, with deterministic or seeded random weights.
 */
import { SAVED_MODEL_VERSION, type SavedModel, type SavedModelHeader } from '../../../src/core/export/savedModel';
import { weightLayout, type WeightSlot } from '../../../src/core/export/weightLayout';
import { getPreset } from '../../../src/core/editing/presets';
import type { NetworkSpec } from '../../../src/core/spec/spec';
import { DEFAULT_SETTINGS } from '../../../src/core/training/training';
import { mulberry32 } from '../../../src/data/random';

export function presetSpec(id: string): NetworkSpec {
  const spec = getPreset(id)?.spec;
  if (!spec) throw new Error(`preset ${id} missing`);
  return structuredClone(spec) as NetworkSpec;
}

export function layoutOf(spec: NetworkSpec): WeightSlot[] {
  const layout = weightLayout(spec);
  if (!layout) throw new Error('the spec has no weight layout');
  return layout;
}

/** Small deterministic weights (as in savedModel.test.ts). */
export function patternWeights(layout: readonly WeightSlot[]): Float32Array[] {
  return layout.map((slot, s) => Float32Array.from({ length: slot.size }, (_, i) => (((i * 7 + s * 13) % 17) - 8) / 100));
}

/** Seeded 32-bit words: the project's mulberry32, whose numbers are its words over 2^32 (exact in a double). */
export function randomWords(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() * 4294967296;
}

/**
 * Weights with random bit patterns: every finite float32 can come up (negative zero and subnormals
 * included), so a round trip that changes any bit shows.
 */
export function randomBitWeights(layout: readonly WeightSlot[], seed: number): Float32Array[] {
  const next = randomWords(seed);
  return layout.map((slot) => {
    const bits = new Uint32Array(slot.size);
    for (let i = 0; i < bits.length; i++) {
      let word = next();
      // Exponent all ones is Infinity or NaN: clear its top bit to keep the value finite.
      if (((word >>> 23) & 0xff) === 0xff) word &= ~(1 << 30);
      bits[i] = word;
    }
    return new Float32Array(bits.buffer);
  });
}

/** Everything but the weights: 6 steps into epoch 1, one NaN loss, one validation point. */
export function headerFor(spec: NetworkSpec, name = 'Small CNN, first try'): SavedModelHeader {
  return {
    version: SAVED_MODEL_VERSION,
    name,
    savedAt: 1_700_000_000_000,
    spec,
    settings: { ...DEFAULT_SETTINGS },
    progress: { epoch: 0, batch: 5, batchesPerEpoch: 1719, step: 6 },
    history: {
      steps: [1, 2, 3, 4, 5, 6],
      loss: [2.31, 2.2, NaN, 1.9, 1.7, 1.5],
      accuracy: [0.1, 0.15, 0.2, 0.3, 0.4, 0.5],
      seconds: [0.1, 0.2, 0.3, 0.4, 0.5, 0.65],
      validation: [{ step: 6, epoch: 0, loss: 1.4, accuracy: 0.55, seconds: 0.7 }],
    },
  };
}

export function savedModelFor(spec: NetworkSpec, weights: Float32Array[] = patternWeights(layoutOf(spec)), name?: string): SavedModel {
  return { ...headerFor(spec, name), weights };
}

/** The small-cnn preset as a valid saved model. */
export function smallCnnModel(): SavedModel {
  return savedModelFor(presetSpec('small-cnn'));
}

/** Whether two float32 arrays hold the same bits (NaN payloads and the sign of zero included). */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

export function allSameBits(a: readonly Float32Array[], b: readonly Float32Array[]): boolean {
  return a.length === b.length && a.every((w, i) => sameBits(w, b[i] ?? new Float32Array(0)));
}
