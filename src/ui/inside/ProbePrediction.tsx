import { useEffect, useRef } from 'react';
import { hasTrainedModel } from '../../store/networkSlice';
import { useAppStore } from '../context';
import { selectDataset } from '../../store/datasets';
import { useDataset } from '../useDataset';
import { PredictionRegion } from './PredictionRegion';
import { createPredictionView, type PredictionView } from './predictionView';
import { probabilitiesIn } from './probabilityOutput';
import { useInspection } from './useInspection';

/** A drawing's answer is spoken once the pen has rested this long, not on every move. */
const ANNOUNCE_AFTER_MS = 700;

/**
 * The network's answer for the probe, beside the maps it comes from: drawn from the same snapshot,
 * so it changes in the same frame as every layer (for a drawing, on every pen move).
 */
export function ProbePrediction() {
  const rootRef = useRef<HTMLDivElement>(null);
  const view = useRef<PredictionView | null>(null);
  const untrained = useAppStore((s) => !hasTrainedModel(s));
  const dataset = useDataset();
  const announced = useRef<{ key: string; timer: ReturnType<typeof setTimeout> | null }>({ key: '', timer: null });

  useEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    view.current = createPredictionView(root);
    const pending = announced.current;
    return () => {
      if (pending.timer !== null) clearTimeout(pending.timer);
      view.current?.destroy();
      view.current = null;
    };
  }, []);

  useInspection((inspection, state) => {
    const prediction = view.current;
    if (!prediction || !inspection) return;
    const { probe } = inspection.snapshot;
    const drawing = probe.testIndex === null;
    const ink = !drawing || probe.pixels.some((v) => v > 0);
    const { classNames, classNoun, drawable } = selectDataset(state);
    const probabilities = ink ? probabilitiesIn(state.spec, inspection, classNames.length) : null;
    prediction.update({
      probabilities,
      label: probe.label,
      classNames,
      instead: !ink ? (drawable ? `Draw a ${classNoun} on the pad.` : 'Draw on the pad.') : `No prediction: the last layer is not a ${classNames.length}-class softmax.`,
      subject: drawing ? 'your drawing' : `test image ${(probe.testIndex ?? 0) + 1}`,
    });
    // Spoken when the probe changes (a new test image, a drawing at rest), not on live refreshes.
    const pending = announced.current;
    const key = drawing ? 'drawing' : `test ${probe.testIndex}`;
    if (pending.timer !== null) clearTimeout(pending.timer);
    pending.timer = null;
    if (drawing) {
      pending.timer = setTimeout(() => prediction.announce(), ANNOUNCE_AFTER_MS);
    } else if (key !== pending.key) {
      prediction.announce();
    }
    pending.key = key;
  });

  return (
    <div ref={rootRef} className="probe-answer">
      <PredictionRegion classNames={dataset.classNames} classHeading={dataset.id === 'mnist' ? 'Digit' : 'Class'} />
      {untrained && <p className="draw-note">Untrained: its answers are guesses until you train it.</p>}
    </div>
  );
}
