import { prepareStrokes, type Stroke } from '../../data/digit';
import type { Explanation } from '../../engine/protocol';
import { argmax } from '../../render/probabilityBars';
import type { DrawLatency } from '../../app/inferenceController';

/** While a stroke goes on, the explanation (a backward pass) is redone at most this often; every prediction still follows each move. */
const EXPLAIN_INTERVAL_MS = 250;
/** While the drawing is the probe image, the inside view gets it at most this often during a stroke. */
const PROBE_INTERVAL_MS = 200;

export interface DigitReaderSinks {
  /** The prepared 28x28 image and the class probabilities (null before the network copy is ready), for every change. */
  showPrediction(pixels: Float32Array, probabilities: Float32Array | null, hasInk: boolean): void;
  showExplanation(explanation: Explanation | null): void;
  /** The drawing is the probe image: hand it the new pixels. */
  sendProbe(pixels: Float32Array): void;
}

export interface DigitInference {
  predict(pixels: Float32Array): Float32Array | null;
  explain(pixels: Float32Array, classIndex: number): Explanation | null;
  recordLatency(latency: DrawLatency): void;
}

export interface DigitReader {
  /** Every change of the drawing: prepare, predict, show, all before this frame paints. */
  read(strokes: readonly Stroke[], timeStamp: number): void;
  /** A finished stroke: explain now, and update the probe. */
  strokeEnded(): void;
  /** Weights changed: read the same drawing again. */
  reread(): void;
  /** null explains the predicted class. */
  setExplainedClass(classIndex: number | null): void;
  setSendsProbe(sends: boolean): void;
  current(): Float32Array | null;
  destroy(): void;
}

/** Runs `callback` after the next frame has been painted: an animation frame, then a task. */
function afterNextPaint(callback: () => void): void {
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => callback();
    channel.port2.postMessage(null);
  });
}

/**
 * The drawing pad's pipeline, outside React: strokes -> the MNIST-style 28x28 image -> the network
 * copy's probabilities -> the sinks, synchronously on each pointer move so the answer lands in the
 * frame that shows the stroke. The slower explanation follows at most a few times a second.
 */
export function createDigitReader(inference: DigitInference, sinks: DigitReaderSinks): DigitReader {
  let pixels: Float32Array | null = null;
  let probabilities: Float32Array | null = null;
  let explainedClass: number | null = null;
  let sendsProbe = false;
  let explainTimer: ReturnType<typeof setTimeout> | null = null;
  let lastExplainAt = -Infinity;
  let probeTimer: ReturnType<typeof setTimeout> | null = null;
  let lastProbeAt = -Infinity;
  let destroyed = false;

  const explainNow = () => {
    if (explainTimer !== null) clearTimeout(explainTimer);
    explainTimer = null;
    lastExplainAt = performance.now();
    if (!pixels || !probabilities) return sinks.showExplanation(null);
    const classIndex = explainedClass ?? argmax(probabilities);
    sinks.showExplanation(classIndex >= 0 ? inference.explain(pixels, classIndex) : null);
  };

  const explainSoon = () => {
    if (explainTimer !== null || destroyed) return;
    explainTimer = setTimeout(explainNow, Math.max(0, lastExplainAt + EXPLAIN_INTERVAL_MS - performance.now()));
  };

  const probeNow = () => {
    if (probeTimer !== null) clearTimeout(probeTimer);
    probeTimer = null;
    lastProbeAt = performance.now();
    if (sendsProbe && pixels) sinks.sendProbe(pixels);
  };

  const probeSoon = () => {
    if (!sendsProbe || probeTimer !== null || destroyed) return;
    probeTimer = setTimeout(probeNow, Math.max(0, lastProbeAt + PROBE_INTERVAL_MS - performance.now()));
  };

  const predict = () => {
    if (!pixels) return;
    const hasInk = pixels.some((v) => v > 0);
    probabilities = hasInk ? inference.predict(pixels) : null;
    sinks.showPrediction(pixels, probabilities, hasInk);
  };

  return {
    read(strokes, timeStamp) {
      pixels = prepareStrokes(strokes).pixels;
      predict();
      explainSoon();
      probeSoon();
      const toReady = performance.now() - timeStamp;
      afterNextPaint(() => inference.recordLatency({ toReady, toPaint: performance.now() - timeStamp }));
    },
    strokeEnded() {
      explainNow();
      probeNow();
    },
    reread() {
      predict();
      explainNow();
    },
    setExplainedClass(classIndex) {
      explainedClass = classIndex;
      explainNow();
    },
    setSendsProbe(sends) {
      sendsProbe = sends;
      if (sends) probeNow();
    },
    current: () => pixels,
    destroy() {
      destroyed = true;
      if (explainTimer !== null) clearTimeout(explainTimer);
      if (probeTimer !== null) clearTimeout(probeTimer);
    },
  };
}
