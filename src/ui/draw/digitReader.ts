import { prepareStrokes, type Stroke } from '../../data/digit';
import type { Explanation } from '../../engine/protocol';
import { argmax } from '../../render/probabilityBars';
import type { DrawLatency } from '../../app/inferenceController';

/** While the drawing is the probe image, the inside view gets it at most this often during a stroke. */
const PROBE_INTERVAL_MS = 200;

export interface DigitReaderSinks {
  /** The prepared 28x28 image and the class probabilities (null before the network copy is ready), for every change. */
  showPrediction(pixels: Float32Array, probabilities: Float32Array | null, hasInk: boolean): void;
  /** `pixels`: the image explained. */
  showExplanation(explanation: Explanation | null, pixels: Float32Array | null): void;
  /** The drawing is the probe image: hand it the new pixels. */
  sendProbe(pixels: Float32Array): void;
}

export interface DigitInference {
  predict(pixels: Float32Array): Float32Array | null;
  explain(pixels: Float32Array, classIndex: number): Explanation | null;
  recordLatency(latency: DrawLatency): void;
}

export interface DigitReader {
  /** Every change of the drawing: prepare, predict, show, all before this frame paints; an input event's `timeStamp` is logged as a latency. */
  read(strokes: readonly Stroke[], timeStamp: number | null): void;
  /** A finished stroke (or one undone, or the pad cleared): explain now, and update the probe. */
  strokeEnded(): void;
  /** Weights changed: read the same drawing again (explained again once the pen is up). */
  reread(penDown: boolean): void;
  /** null explains the predicted class. */
  setExplainedClass(classIndex: number | null): void;
  setSendsProbe(sends: boolean): void;
  destroy(): void;
}

/** One channel for every "after the paint" task: a new MessageChannel per pointer move costs more than the message. */
let paintChannel: { port: MessagePort; queue: (() => void)[] } | null = null;

/** Runs `callback` after the next frame has been painted: an animation frame, then a task. */
function afterNextPaint(callback: () => void): void {
  if (!paintChannel) {
    const channel = new MessageChannel();
    const queue: (() => void)[] = [];
    channel.port1.onmessage = () => queue.shift()?.();
    paintChannel = { port: channel.port2, queue };
  }
  const { port, queue } = paintChannel;
  requestAnimationFrame(() => {
    queue.push(callback);
    port.postMessage(null);
  });
}

/**
 * The drawing pad's pipeline, outside React: strokes -> the MNIST-style 28x28 image -> the network
 * copy's probabilities -> the sinks, synchronously on each pointer move so the answer lands in the
 * frame that shows the stroke. The slower explanation follows when a stroke ends.
 */
export function createDigitReader(inference: DigitInference, sinks: DigitReaderSinks): DigitReader {
  let pixels: Float32Array | null = null;
  let probabilities: Float32Array | null = null;
  let explainedClass: number | null = null;
  let sendsProbe = false;
  let probeTimer: ReturnType<typeof setTimeout> | null = null;
  let lastProbeAt = -Infinity;
  let destroyed = false;

  /**
   * The explanation (a backward pass, several predictions' worth) waits for the pen to lift: on a
   * 2-core machine, redoing it during strokes took more from training than every prediction did.
   */
  const explain = () => {
    if (!pixels || !probabilities) return sinks.showExplanation(null, pixels);
    const classIndex = explainedClass ?? argmax(probabilities);
    sinks.showExplanation(classIndex >= 0 ? inference.explain(pixels, classIndex) : null, pixels);
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
      const started = performance.now();
      pixels = prepareStrokes(strokes).pixels;
      predict();
      probeSoon();
      if (timeStamp === null) return;
      const ready = performance.now();
      afterNextPaint(() => inference.recordLatency({ toReady: ready - timeStamp, toPaint: performance.now() - timeStamp, work: ready - started }));
    },
    strokeEnded() {
      explain();
      probeNow();
    },
    reread(penDown) {
      predict();
      if (!penDown) explain();
    },
    setExplainedClass(classIndex) {
      explainedClass = classIndex;
      explain();
    },
    setSendsProbe(sends) {
      sendsProbe = sends;
      if (sends) probeNow();
    },
    destroy() {
      destroyed = true;
      if (probeTimer !== null) clearTimeout(probeTimer);
    },
  };
}
