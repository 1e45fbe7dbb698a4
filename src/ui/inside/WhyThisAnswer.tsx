import { useEffect, useRef, useState } from 'react';
import { argmax } from '../../render/probabilityBars';
import { useAppStoreApi, useInference } from '../context';
import { createExplanationView } from './explanationView';
import { ExplanationMaps } from './ExplanationMaps';
import { probabilitiesIn } from './probabilityOutput';
import { selectDataset } from '../../store/datasets';
import { useDataset } from '../useDataset';

/** A pen in motion (or a burst of refreshes) is explained once it rests this long: a backward pass per move would slow the pen. */
const REST_MS = 150;
/** While training, at most one explanation a second: each is a backward pass on the page's thread. */
const TRAINING_INTERVAL_MS = 1000;

/**
 * "Why this answer": saliency and Grad-CAM for the probe (a test image or the drawing), for the
 * predicted class or any other, from the page's copy of the network. It follows the probe and the
 * weights, outside React.
 */
export function WhyThisAnswer() {
  const inference = useInference();
  const store = useAppStoreApi();
  const rootRef = useRef<HTMLElement>(null);
  const [explained, setExplained] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { classNames } = useDataset();
  const explainedRef = useRef<number | null>(null);
  const explainNow = useRef<() => void>(() => {});

  useEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    const view = createExplanationView(root);
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastAt = -Infinity;
    const run = () => {
      timer = null;
      lastAt = performance.now();
      const state = store.getState();
      const inspection = state.inspection;
      const { classNames } = selectDataset(state);
      if (!inspection) return view.update(null, null, classNames);
      const pixels = inspection.snapshot.probe.pixels;
      const probabilities = probabilitiesIn(state.spec, inspection, classNames.length);
      const classIndex = explainedRef.current ?? (probabilities ? argmax(probabilities) : 0);
      view.update(pixels.some((v) => v > 0) ? inference.explain(pixels, classIndex) : null, { pixels, shape: state.spec.inputShape }, classNames);
    };
    const soon = () => {
      if (timer !== null) clearTimeout(timer);
      const training = store.getState().engineState === 'training';
      timer = setTimeout(run, Math.max(REST_MS, training ? lastAt + TRAINING_INTERVAL_MS - performance.now() : 0));
    };
    explainNow.current = run;
    const unsubscribeStore = store.subscribe((state, previous) => {
      if (state.inspection !== previous.inspection) soon();
    });
    // The copy's weights arrive after the tab opens, and follow training.
    const unsubscribeInference = inference.subscribe((message) => {
      setProblem(message);
      soon();
    });
    run();
    return () => {
      if (timer !== null) clearTimeout(timer);
      unsubscribeStore();
      unsubscribeInference();
      view.destroy();
      explainNow.current = () => {};
    };
  }, [inference, store]);

  const chooseClass = (value: string) => {
    const classIndex = value === 'predicted' ? null : Number(value);
    setExplained(classIndex);
    explainedRef.current = classIndex;
    explainNow.current();
  };

  return (
    <section ref={rootRef} className="explanation" aria-labelledby="why-heading">
      <div className="explanation-header">
        <h3 id="why-heading">Why this answer</h3>
        <label className="visually-hidden" htmlFor="explain-class">
          Explain class
        </label>
        <select id="explain-class" value={explained ?? 'predicted'} onChange={(e) => chooseClass(e.target.value)}>
          <option value="predicted">Explain the predicted class</option>
          {classNames.map((name, c) => (
            <option key={name} value={c}>
              Explain class {name}
            </option>
          ))}
        </select>
      </div>
      <p className="hint">For the probe image, with the network’s current weights: which pixels and places drive its score for a class.</p>
      {problem && (
        <p className="draw-problem" role="alert">
          {problem}
        </p>
      )}
      <ExplanationMaps />
    </section>
  );
}
