import { useEffect, useRef, useState } from 'react';
import { hasTrainedModel } from '../../store/networkSlice';
import { useAppStore, useAppStoreApi, useInference } from '../context';
import { Icon } from '../Icon';
import { createDrawingPad, type DrawingPad } from './drawingPad';
import { createDigitReader, type DigitReader } from './digitReader';
import { createExplanationView } from './explanationView';
import { createPredictionView } from './predictionView';
import { ExplanationMaps } from './ExplanationMaps';
import { PredictionRegion } from './PredictionRegion';

const DIGITS = Array.from({ length: 10 }, (_, d) => d);

/**
 * "Draw a digit": a pad for mouse, pen or finger; the drawing prepared the way MNIST's digits were;
 * the network's answer on every move; why it answered that; and "Use my drawing" to send the drawing
 * through the inside view. The per-move path (pad -> reader -> views) never touches React state.
 */
export function DrawPanel() {
  const inference = useInference();
  const store = useAppStoreApi();
  const usingDrawing = useAppStore((s) => s.probe.kind === 'pixels');
  const untrained = useAppStore((s) => !hasTrainedModel(s));
  const padRef = useRef<HTMLCanvasElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const pad = useRef<DrawingPad | null>(null);
  const reader = useRef<DigitReader | null>(null);
  const [hasInk, setHasInk] = useState(false);
  const [explained, setExplained] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const canvas = padRef.current;
    const panel = panelRef.current;
    if (!canvas || !panel) return;
    const prediction = createPredictionView(panel);
    const explanation = createExplanationView(panel);
    const digitReader = createDigitReader(inference, {
      showPrediction: (pixels, probabilities, ink) => prediction.update(pixels, probabilities, ink),
      showExplanation: (e, pixels) => explanation.update(e, pixels),
      sendProbe: (pixels) => {
        const probe = store.getState().probe;
        const lastTestIndex = probe.kind === 'test' ? probe.index : probe.lastTestIndex;
        store.getState().setProbe({ kind: 'pixels', pixels, label: null, lastTestIndex });
      },
    });
    reader.current = digitReader;
    const drawingPad = createDrawingPad(canvas, {
      onChange(strokes, timeStamp) {
        inference.activate();
        inference.setInUse(true);
        digitReader.read(strokes, timeStamp);
      },
      onStrokeEnd(strokes) {
        const ink = strokes.some((s) => s.length > 0);
        setHasInk(ink);
        inference.setInUse(ink);
        digitReader.strokeEnded();
        prediction.announce();
      },
    });
    pad.current = drawingPad;
    const unsubscribe = inference.subscribe((message) => {
      setProblem(message);
      digitReader.reread(drawingPad.penDown());
    });
    return () => {
      unsubscribe();
      drawingPad.destroy();
      digitReader.destroy();
      prediction.destroy();
      explanation.destroy();
      pad.current = null;
      reader.current = null;
    };
  }, [inference, store]);

  // The network copy loads once the panel is on screen and the page has a moment, not on first paint.
  useEffect(() => {
    const panel = panelRef.current;
    if (!panel) return;
    const observer = new IntersectionObserver(([entry]) => {
      if (!entry?.isIntersecting) return;
      observer.disconnect();
      if (window.requestIdleCallback) window.requestIdleCallback(() => inference.activate(), { timeout: 3000 });
      else window.setTimeout(() => inference.activate(), 500);
    });
    observer.observe(panel);
    return () => observer.disconnect();
  }, [inference]);

  const chooseClass = (value: string) => {
    const classIndex = value === 'predicted' ? null : Number(value);
    setExplained(classIndex);
    reader.current?.setExplainedClass(classIndex);
  };

  const useDrawing = () => {
    const sends = !usingDrawing;
    if (!sends) {
      const probe = store.getState().probe;
      if (probe.kind === 'pixels') store.getState().setProbe({ kind: 'test', index: probe.lastTestIndex });
    }
    reader.current?.setSendsProbe(sends);
  };

  // The probe can leave the drawing from the inside view (Next, Random): stop sending it then.
  useEffect(() => {
    if (!usingDrawing) reader.current?.setSendsProbe(false);
  }, [usingDrawing]);

  return (
    <section ref={panelRef} className="draw-panel" aria-labelledby="draw-heading">
      <div className="draw-title">
        <h3 id="draw-heading">Draw a digit</h3>
        <p className="hint draw-how">Mouse, pen or finger; on the keyboard, arrows move the pen and Space puts it down or lifts it.</p>
        {problem ? (
          <p className="draw-problem" role="alert">
            {problem}
          </p>
        ) : untrained || usingDrawing ? (
          <p className="draw-note">
            {usingDrawing ? 'Every layer below shows your drawing, live. ' : null}
            {untrained ? 'Untrained: its answers are guesses until you train it.' : null}
          </p>
        ) : null}
      </div>
      <div className="draw-grid">
        <div className="draw-input">
          <canvas ref={padRef} className="draw-pad" tabIndex={0} role="application" aria-roledescription="drawing pad" aria-label="Drawing pad: draw a digit" />
          <div className="draw-buttons">
            <button type="button" className="icon-button" disabled={!hasInk} onClick={() => pad.current?.undoStroke()}>
              <Icon name="undo" /> Undo stroke
            </button>
            <button type="button" className="icon-button" disabled={!hasInk} onClick={() => pad.current?.clear()}>
              <Icon name="close" /> Clear
            </button>
          </div>
        </div>
        <div className="draw-answer">
          <PredictionRegion />
          <button type="button" className="icon-button" aria-pressed={usingDrawing} disabled={!hasInk && !usingDrawing} onClick={useDrawing} title="Send the drawing through every layer below, live">
            Use my drawing
          </button>
        </div>
        <figure className="draw-sees">
          <canvas className="draw-prepared" role="img" aria-label="What the network sees: your drawing at 28 by 28 pixels" />
          <figcaption className="hint">
            <strong>What the network sees:</strong> 28×28, fitted to 20×20, centred by its centre of mass: as MNIST’s digits.
          </figcaption>
        </figure>
        <section className="explanation" aria-labelledby="why-heading">
          <div className="explanation-header">
            <h4 id="why-heading">Why this answer</h4>
            <label className="visually-hidden" htmlFor="explain-class">
              Explain class
            </label>
            <select id="explain-class" value={explained ?? 'predicted'} onChange={(e) => chooseClass(e.target.value)}>
              <option value="predicted">Explain the predicted class</option>
              {DIGITS.map((d) => (
                <option key={d} value={d}>
                  Explain class {d}
                </option>
              ))}
            </select>
          </div>
          <ExplanationMaps />
        </section>
      </div>
    </section>
  );
}
