import { useEffect, useRef } from 'react';
import { perClassAccuracy } from '../../core/evaluation';
import { createConfusionMatrixRenderer, type ConfusionMatrixRenderer } from '../../render/confusionMatrix';
import { isTrainingActive } from '../../store/trainingSlice';
import { useAppStore, useEvaluation } from '../context';

const percent = (v: number) => `${(v * 100).toFixed(2)}%`;

/**
 * The honest number: the model on the 10,000 test images it never trained on, by itself when
 * training ends or when asked ("Evaluate"), and the confusion matrix of its answers.
 */
export function EvaluationPanel() {
  const evaluator = useEvaluation();
  const evaluation = useAppStore((s) => s.evaluation);
  const training = useAppStore((s) => s.engineState === 'training' || s.engineState === 'evaluating');
  const active = useAppStore((s) => isTrainingActive(s.engineState));
  const ready = useAppStore((s) => s.data.ready !== null);
  const step = useAppStore((s) => s.progress.step);
  const matrixEl = useRef<HTMLDivElement>(null);
  const renderer = useRef<ConfusionMatrixRenderer | null>(null);
  const result = evaluation.result;

  useEffect(() => {
    if (!matrixEl.current) return;
    const r = createConfusionMatrixRenderer(matrixEl.current);
    renderer.current = r;
    return () => r.destroy();
  }, []);
  useEffect(() => {
    renderer.current?.update(result ? { classes: result.classes, counts: result.counts, perClass: perClassAccuracy(result.counts, result.classes) } : null);
  }, [result]);

  const stale = result !== null && result.step !== step;
  return (
    <section className="panel evaluation-panel" aria-labelledby="evaluation-heading">
      <div className="panel-header">
        <h2 id="evaluation-heading">Test set</h2>
        <button type="button" disabled={!ready || training || evaluation.running} onClick={() => void evaluator.evaluate()}>
          Evaluate
        </button>
      </div>
      <p className="hint">
        {training ? 'Pause or stop training to evaluate. ' : ''}All 10,000 test images, never used for training{active ? '' : '; this runs by itself when training ends'}.
      </p>
      {evaluation.running && (
        <p>
          <label htmlFor="evaluation-progress">Evaluating</label> <progress id="evaluation-progress" max={1} value={evaluation.progress} />
        </p>
      )}
      {evaluation.message && (
        <p role="alert" className="notice problem">
          {evaluation.message}
        </p>
      )}
      <p role="status" className="test-figures">
        {result
          ? `Test accuracy ${percent(result.accuracy)} (${Math.round(result.accuracy * result.count).toLocaleString('en-US')} of ${result.count.toLocaleString('en-US')}), loss ${result.loss.toFixed(4)}, after ${result.step.toLocaleString('en-US')} steps${stale ? ' (the model has trained since)' : ''}.`
          : ''}
      </p>
      <div ref={matrixEl} role="region" aria-label="Confusion matrix" className="confusion-holder" tabIndex={0} hidden={!result} />
    </section>
  );
}
