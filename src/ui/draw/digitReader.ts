import { prepareStrokes, type Stroke } from '../../data/digit';
import type { DrawLatency } from '../../app/inferenceController';

export interface DigitReaderSinks {
  /** The drawing prepared as MNIST's digits were (28x28): it becomes the probe image, and every layer's maps follow. */
  sendProbe(pixels: Float32Array): void;
  recordLatency(latency: DrawLatency): void;
}

export interface DigitReader {
  /**
   * Every change of the drawing: prepare it and hand it on, synchronously, so the maps (drawn from
   * the page's copy of the network in a microtask after this) land in the frame that shows the
   * stroke. An input event's `timeStamp` is logged as a latency, to that frame painted.
   */
  read(strokes: readonly Stroke[], timeStamp: number | null): void;
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

/** The drawing pad's pipeline, outside React: strokes -> the MNIST-style 28x28 image -> the probe. */
export function createDigitReader(sinks: DigitReaderSinks): DigitReader {
  return {
    read(strokes, timeStamp) {
      const started = performance.now();
      sinks.sendProbe(prepareStrokes(strokes).pixels);
      if (timeStamp === null) return;
      // Queued after the inside view's own microtask (queued by sendProbe), so `ready` is the
      // moment every layer's maps and the prediction are computed and waiting for the frame.
      queueMicrotask(() => {
        const ready = performance.now();
        afterNextPaint(() => sinks.recordLatency({ toReady: ready - timeStamp, toPaint: performance.now() - timeStamp, work: ready - started }));
      });
    },
  };
}
