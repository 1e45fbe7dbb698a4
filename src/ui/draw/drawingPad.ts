import type { Stroke, StrokePoint } from '../../data/digit';

export interface DrawingPadOptions {
  /** The drawing changed (a point added, a stroke undone, the pad cleared); `timeStamp` is the pointer or key event's, for latency (null for a button's Undo or Clear). */
  onChange(strokes: readonly Stroke[], timeStamp: number | null): void;
  /** A stroke was finished (pen lifted) or removed: the moment for slower work. */
  onStrokeEnd(strokes: readonly Stroke[]): void;
}

export interface DrawingPad {
  strokes(): readonly Stroke[];
  /** A stroke is being drawn (a pointer or the keyboard pen is down). */
  penDown(): boolean;
  undoStroke(): void;
  clear(): void;
  destroy(): void;
}

/** Pen width on screen, as a fraction of the pad's side: about MNIST's stroke on a digit that fills the pad. */
const SCREEN_PEN = 0.075;
/** Keyboard pen: each arrow press moves it this fraction of the pad. */
const KEY_STEP = 0.04;
const INK = '#ffffff';
const PAPER = '#111827';
const CURSOR = '#f59e0b';

/** A mouse reports 0.5 while a button is down, a finger often 0 or 1: only a pen's pressure varies, and only that widens or thins the stroke. */
function pressureOf(event: PointerEvent): number {
  return event.pointerType === 'pen' && event.pressure > 0 ? event.pressure : 0.5;
}

/**
 * Freehand drawing on a canvas with pointer events: mouse, pen (with pressure) and finger, each
 * move's coalesced points kept so fast strokes stay smooth. The canvas has `touch-action: none`
 * (in CSS), so a finger draws instead of scrolling the page. From the keyboard, the arrow keys move
 * a pen and Space puts it down or lifts it.
 */
export function createDrawingPad(canvas: HTMLCanvasElement, options: DrawingPadOptions): DrawingPad {
  // Desynchronized: a drawing surface the browser may show without waiting for the page's next frame.
  const context = canvas.getContext('2d', { desynchronized: true });
  const strokes: StrokePoint[][] = [];
  let active: { pointerId: number; stroke: StrokePoint[]; rect: DOMRect } | null = null;
  let keyPen: { x: number; y: number; down: boolean } | null = null;
  let side = 0;

  const resize = () => {
    const rect = canvas.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    side = rect.width;
    canvas.width = Math.max(1, Math.round(rect.width * ratio));
    canvas.height = Math.max(1, Math.round(rect.height * ratio));
    redraw();
  };

  const penWidth = (p: StrokePoint) => side * SCREEN_PEN * (0.5 + p.pressure);

  const segment = (a: StrokePoint, b: StrokePoint) => {
    if (!context) return;
    context.lineWidth = (penWidth(a) + penWidth(b)) / 2;
    context.beginPath();
    context.moveTo(a.x, a.y);
    context.lineTo(b.x, b.y);
    context.stroke();
  };

  const redraw = () => {
    if (!context) return;
    const ratio = canvas.width / Math.max(1, side);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.fillStyle = PAPER;
    context.fillRect(0, 0, side, side);
    context.strokeStyle = INK;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    for (const stroke of strokes) {
      const first = stroke[0];
      if (!first) continue;
      if (stroke.length === 1) segment(first, first);
      for (let i = 1; i < stroke.length; i++) segment(stroke[i - 1] as StrokePoint, stroke[i] as StrokePoint);
    }
    if (keyPen && document.activeElement === canvas) {
      context.strokeStyle = CURSOR;
      context.lineWidth = 2;
      context.beginPath();
      context.arc(keyPen.x, keyPen.y, side * SCREEN_PEN * 0.6, 0, Math.PI * 2);
      context.stroke();
      context.strokeStyle = INK;
    }
  };

  const addPoint = (stroke: StrokePoint[], point: StrokePoint) => {
    const last = stroke[stroke.length - 1];
    stroke.push(point);
    segment(last ?? point, point);
  };

  /** How many strokes are on the pad, for the page's tests; written only when it changes, since an attribute write costs a style pass. */
  const changed = (timeStamp: number | null) => {
    const count = String(strokes.filter((s) => s.length > 0).length);
    if (canvas.dataset.strokes !== count) canvas.dataset.strokes = count;
    options.onChange(strokes, timeStamp);
  };

  const pointOf = (event: PointerEvent, rect: DOMRect): StrokePoint => ({
    x: event.clientX - rect.left,
    y: event.clientY - rect.top,
    pressure: pressureOf(event),
  });

  const onPointerDown = (event: PointerEvent) => {
    if (active || (event.pointerType === 'mouse' && event.button !== 0)) return;
    canvas.setPointerCapture(event.pointerId);
    const rect = canvas.getBoundingClientRect();
    const stroke: StrokePoint[] = [];
    strokes.push(stroke);
    active = { pointerId: event.pointerId, stroke, rect };
    addPoint(stroke, pointOf(event, rect));
    changed(event.timeStamp);
  };

  const onPointerMove = (event: PointerEvent) => {
    if (!active || event.pointerId !== active.pointerId) return;
    const events = event.getCoalescedEvents?.() ?? [];
    for (const e of events.length > 0 ? events : [event]) addPoint(active.stroke, pointOf(e, active.rect));
    changed(event.timeStamp);
  };

  const onPointerEnd = (event: PointerEvent) => {
    if (!active || event.pointerId !== active.pointerId) return;
    active = null;
    options.onStrokeEnd(strokes);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const move = moves[event.key];
    const toggle = event.key === ' ' || event.key === 'Enter';
    if (!move && !toggle && event.key !== 'Escape') return;
    event.preventDefault();
    keyPen ??= { x: side / 2, y: side / 2, down: false };
    const pen = keyPen;
    if (move) {
      pen.x = Math.min(side, Math.max(0, pen.x + move[0] * side * KEY_STEP));
      pen.y = Math.min(side, Math.max(0, pen.y + move[1] * side * KEY_STEP));
      const stroke = strokes[strokes.length - 1];
      if (pen.down && stroke) addPoint(stroke, { x: pen.x, y: pen.y, pressure: 0.5 });
    } else if (toggle && !pen.down) {
      pen.down = true;
      strokes.push([{ x: pen.x, y: pen.y, pressure: 0.5 }]);
    } else if (pen.down) {
      pen.down = false;
      redraw();
      options.onStrokeEnd(strokes);
      return;
    }
    redraw();
    changed(event.timeStamp);
  };

  const onBlur = () => {
    if (keyPen?.down) {
      keyPen.down = false;
      options.onStrokeEnd(strokes);
    }
    redraw();
  };

  canvas.dataset.strokes = '0';
  const observer = new ResizeObserver(resize);
  observer.observe(canvas);
  const listening = new AbortController();
  const { signal } = listening;
  canvas.addEventListener('pointerdown', onPointerDown, { signal });
  canvas.addEventListener('pointermove', onPointerMove, { signal });
  canvas.addEventListener('pointerup', onPointerEnd, { signal });
  canvas.addEventListener('pointercancel', onPointerEnd, { signal });
  canvas.addEventListener('keydown', onKeyDown, { signal });
  canvas.addEventListener('focus', redraw, { signal });
  canvas.addEventListener('blur', onBlur, { signal });

  const removeStrokes = (count: number) => {
    active = null;
    if (keyPen) keyPen.down = false;
    strokes.splice(strokes.length - count, count);
    redraw();
    changed(null);
    options.onStrokeEnd(strokes);
  };

  return {
    strokes: () => strokes,
    penDown: () => active !== null || keyPen?.down === true,
    undoStroke: () => removeStrokes(Math.min(1, strokes.length)),
    clear: () => removeStrokes(strokes.length),
    destroy() {
      observer.disconnect();
      listening.abort();
    },
  };
}
