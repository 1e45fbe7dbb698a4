import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { importedImage, KEPT_SIDE, type DraftClass, type ImportedImage } from '../../data/own';
import { cameraErrorMessage, startCamera, type Camera } from './camera';

/** Frames captured per second while a button is held: enough variety, few enough near-copies. */
const FRAMES_PER_SECOND = 8;

/**
 * The camera as a way in: the preview (mirrored, as a mirror is what people expect, and kept as
 * shown), and per class a button that captures frames while it is held (mouse, finger, or Space).
 */
export function CameraCapture({ classes, onAdd }: { classes: readonly DraftClass[]; onAdd: (classId: number, image: ImportedImage) => void }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const camera = useRef<Camera | null>(null);
  const timer = useRef<{ id: number; classId: number } | null>(null);
  const frames = useRef(0);
  const [state, setState] = useState<{ kind: 'starting' } | { kind: 'on' } | { kind: 'failed'; message: string }>({ kind: 'starting' });
  const [holding, setHolding] = useState<number | null>(null);
  const add = useRef(onAdd);
  add.current = onAdd;

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let cancelled = false;
    startCamera(video).then(
      (started) => {
        if (cancelled) return started.stop();
        camera.current = started;
        setState({ kind: 'on' });
      },
      (error: unknown) => !cancelled && setState({ kind: 'failed', message: cameraErrorMessage(error) }),
    );
    return () => {
      cancelled = true;
      if (timer.current) clearInterval(timer.current.id);
      camera.current?.stop();
      camera.current = null;
    };
  }, []);

  /** The frames taken and still being encoded, in order: a hold ends (its button shows released) when they are in. */
  const encoding = useRef<Promise<void>>(Promise.resolve());
  const capture = (classId: number) => {
    const frame = camera.current?.grab(KEPT_SIDE);
    if (!frame) return;
    frames.current += 1;
    const source = `camera ${frames.current}`;
    encoding.current = encoding.current.then(async () => add.current(classId, await importedImage(frame.rgba, KEPT_SIDE, source, frame.shortSide, 'camera')));
  };
  const hold = (classId: number) => {
    if (timer.current || state.kind !== 'on') return;
    setHolding(classId);
    capture(classId);
    timer.current = { id: window.setInterval(() => capture(classId), 1000 / FRAMES_PER_SECOND), classId };
  };
  /** Stops the hold of `classId`'s button (only its own: pressing another button blurs this one after the press began). */
  const release = (classId: number) => {
    if (timer.current?.classId !== classId) return;
    clearInterval(timer.current.id);
    timer.current = null;
    void encoding.current.then(() => setHolding((h) => (h === classId ? null : h)));
  };
  const keyHold = (classId: number) => ({
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key !== ' ' && e.key !== 'Enter') return;
      e.preventDefault();
      if (!e.repeat) hold(classId);
    },
    onKeyUp: (e: KeyboardEvent) => {
      if (e.key === ' ' || e.key === 'Enter') release(classId);
    },
  });

  return (
    <section className="own-tool own-camera" aria-label="Camera">
      <video ref={videoRef} className="own-video" aria-label="Camera preview" />
      <div className="own-tool-side">
        {state.kind === 'failed' ? (
          <p role="alert">{state.message}</p>
        ) : (
          <p className="hint">{state.kind === 'starting' ? 'Starting the camera…' : 'Hold a button to capture frames into its class; move a little, so the class shows its thing from several sides. What the square shows is what is kept.'}</p>
        )}
        <div className="own-tool-targets">
          {classes.map((c, i) => (
            <button
              key={c.id}
              type="button"
              className={`primary${holding === c.id ? ' holding' : ''}`}
              aria-pressed={holding === c.id}
              disabled={state.kind !== 'on' || c.left}
              onPointerDown={(e) => {
                e.currentTarget.setPointerCapture(e.pointerId);
                hold(c.id);
              }}
              onPointerUp={() => release(c.id)}
              onPointerCancel={() => release(c.id)}
              onLostPointerCapture={() => release(c.id)}
              onBlur={() => release(c.id)}
              {...keyHold(c.id)}
            >
              Hold to capture “{c.name.trim() || `class ${i + 1}`}”
            </button>
          ))}
        </div>
      </div>
    </section>
  );
}
