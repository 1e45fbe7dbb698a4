import { useEffect, useRef, useState, type RefObject } from 'react';
import { useAppStoreApi, useInference } from '../context';
import { PadButtons } from './PadButtons';
import { createDigitReader, type DigitReader } from './digitReader';
import { createDrawingPad, type DrawingPad } from './drawingPad';

/** What the probe bar asks of the pad: make the drawing on it the probe image (when "My drawing" is chosen). */
export interface DrawPadHandle {
  sendDrawing(): void;
}

/**
 * "Draw a digit": a compact pad for mouse, pen or finger (or the keyboard) in the probe bar. Every
 * change of the drawing becomes the probe image at once, so every layer's maps and the answer
 * follow the pen. The per-move path (pad -> reader -> store -> inside view) never touches React state.
 */
export function DrawPad({ handle }: { handle: RefObject<DrawPadHandle | null> }) {
  const inference = useInference();
  const store = useAppStoreApi();
  const padRef = useRef<HTMLCanvasElement>(null);
  const pad = useRef<DrawingPad | null>(null);
  const [hasInk, setHasInk] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const canvas = padRef.current;
    if (!canvas) return;
    const reader: DigitReader = createDigitReader({
      sendProbe: (pixels) => {
        const probe = store.getState().probe;
        const lastTestIndex = probe.kind === 'test' ? probe.index : probe.lastTestIndex;
        store.getState().setProbe({ kind: 'pixels', pixels, label: null, lastTestIndex });
      },
      recordLatency: (latency) => inference.recordLatency(latency),
    });
    const drawingPad = createDrawingPad(canvas, {
      onChange(strokes, timeStamp) {
        inference.activate();
        reader.read(strokes, timeStamp);
      },
      onStrokeEnd(strokes) {
        setHasInk(strokes.some((s) => s.length > 0));
      },
    });
    pad.current = drawingPad;
    handle.current = { sendDrawing: () => reader.read(drawingPad.strokes(), null) };
    const unsubscribe = inference.subscribe(setProblem);
    return () => {
      unsubscribe();
      drawingPad.destroy();
      pad.current = null;
      handle.current = null;
    };
  }, [inference, store, handle]);

  return (
    <section className="draw-pad-area" aria-labelledby="draw-heading">
      <h3 id="draw-heading" className="visually-hidden">
        Draw a digit
      </h3>
      <canvas ref={padRef} className="draw-pad" tabIndex={0} role="application" aria-roledescription="drawing pad" aria-label="Drawing pad: draw a digit" />
      <PadButtons pad={pad} hasInk={hasInk} />
      <p className="hint draw-how">Mouse, pen or finger; or arrows to move the pen and Space to put it down.</p>
      {problem && (
        <p className="draw-problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
