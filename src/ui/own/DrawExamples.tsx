import { useEffect, useRef, useState } from 'react';
import { prepareStrokes, MNIST_SIZE } from '../../data/digit';
import { importedImage, type DraftClass, type ImportedImage } from '../../data/own';
import { createDrawingPad, type DrawingPad } from '../draw/drawingPad';
import { PadButtons } from '../draw/PadButtons';

/** The pad's drawing prepared as MNIST's digits were, as grey RGBA (white ink on black, as MNIST's bytes are). */
function drawingRgba(pixels: Float32Array): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(pixels.length * 4);
  pixels.forEach((v, i) => {
    const byte = Math.round(v * 255);
    rgba.set([byte, byte, byte, 255], i * 4);
  });
  return rgba;
}

/**
 * Drawn classes: a pad, and a button per class that adds the drawing to it (prepared by the pad's
 * MNIST preparation, so 28x28 like the digits) and clears the pad for the next.
 */
export function DrawExamples({ classes, onAdd }: { classes: readonly DraftClass[]; onAdd: (classId: number, image: ImportedImage) => void }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const pad = useRef<DrawingPad | null>(null);
  const drawn = useRef(0);
  const [hasInk, setHasInk] = useState(false);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const drawingPad = createDrawingPad(canvas, { onChange: (strokes) => setHasInk(strokes.some((s) => s.length > 0)), onStrokeEnd: () => undefined });
    pad.current = drawingPad;
    return () => {
      drawingPad.destroy();
      pad.current = null;
    };
  }, []);

  const add = async (classId: number) => {
    const strokes = pad.current?.strokes() ?? [];
    if (!strokes.some((s) => s.length > 0)) return;
    // Prepared before the pad is cleared: clearing empties the strokes it handed out.
    const rgba = drawingRgba(prepareStrokes(strokes).pixels);
    pad.current?.clear();
    drawn.current += 1;
    onAdd(classId, await importedImage(rgba, MNIST_SIZE, `drawing ${drawn.current}`, MNIST_SIZE, 'pad'));
  };

  return (
    <section className="own-tool own-draw" aria-label="Draw examples">
      <canvas ref={canvasRef} className="draw-pad" tabIndex={0} role="application" aria-roledescription="drawing pad" aria-label="Drawing pad: draw an example" />
      <div className="own-tool-side">
        <p className="hint">Draw one example, then add it to its class. The pad prepares it as MNIST’s digits were: 28 × 28, grey.</p>
        <div className="own-tool-targets">
          {classes.map((c, i) => (
            <button key={c.id} type="button" className="primary" disabled={!hasInk || c.left} onClick={() => void add(c.id)}>
              Add to “{c.name.trim() || `class ${i + 1}`}”
            </button>
          ))}
        </div>
        <PadButtons pad={pad} hasInk={hasInk} />
      </div>
    </section>
  );
}
