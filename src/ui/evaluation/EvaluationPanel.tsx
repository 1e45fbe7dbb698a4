import { useEffect, useMemo, useRef, useState } from 'react';
import { imagesInCell, mostConfidentMistakes, perClassAccuracy } from '../../core/training/evaluation';
import { cellName, createConfusionMatrixRenderer, type ConfusionMatrixRenderer, type MatrixCell } from '../../render/confusionMatrix';
import type { TestResult } from '../../store/evaluationSlice';
import { isTrainingActive } from '../../store/trainingSlice';
import { useAppStore, useEvaluation } from '../context';
import { useDataset } from '../useDataset';
import { GALLERY_LIMIT, TestImageGallery } from './TestImageGallery';

const percent = (v: number) => `${(v * 100).toFixed(2)}%`;

/** The matrix, drawn by its d3 renderer; a cell's button selects it. */
function ConfusionMatrix({ result, classNames, selected, onSelect }: { result: TestResult; classNames: readonly string[]; selected: MatrixCell | null; onSelect(cell: MatrixCell): void }) {
  const el = useRef<HTMLDivElement>(null);
  const renderer = useRef<ConfusionMatrixRenderer | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;
  useEffect(() => {
    if (!el.current) return;
    const r = createConfusionMatrixRenderer(el.current, { onSelect: (cell) => select.current(cell) });
    renderer.current = r;
    return () => r.destroy();
  }, []);
  useEffect(() => {
    renderer.current?.update({ classNames, counts: result.counts, perClass: perClassAccuracy(result.counts, result.classes) });
  }, [result, classNames]);
  useEffect(() => renderer.current?.select(selected), [selected, result]);
  return <div ref={el} role="region" aria-label="Confusion matrix" className="confusion-holder" />;
}

/** What the gallery shows: one cell's images, or the most confident mistakes. */
function Images({ result, classNames, cell, onShowMistakes }: { result: TestResult; classNames: readonly string[]; cell: MatrixCell | null; onShowMistakes(): void }) {
  const indices = useMemo(
    () =>
      cell
        ? imagesInCell(result.labels, result.predicted, result.confidence, cell.truth, cell.predicted)
        : mostConfidentMistakes(result.labels, result.predicted, result.confidence, GALLERY_LIMIT),
    [result, cell],
  );
  const title = cell ? `True ${classNames[cell.truth]}, predicted ${classNames[cell.predicted]}` : 'The most confident mistakes';
  return (
    <section className="test-images" aria-labelledby="test-images-heading">
      <div className="panel-header">
        <h3 id="test-images-heading">{title}</h3>
        {cell && (
          <button type="button" onClick={onShowMistakes}>
            Show the most confident mistakes
          </button>
        )}
      </div>
      <TestImageGallery result={result} indices={indices} classNames={classNames} name={cell ? cellName(cell, indices.length, classNames) : title} />
    </section>
  );
}

/**
 * The honest number: the model on the 10,000 test images it never trained on, by itself when
 * training ends or when asked ("Evaluate"), the confusion matrix of its answers, and the images
 * behind each cell.
 */
export function EvaluationPanel() {
  const evaluator = useEvaluation();
  const evaluation = useAppStore((s) => s.evaluation);
  const training = useAppStore((s) => s.engineState === 'training' || s.engineState === 'evaluating');
  const active = useAppStore((s) => isTrainingActive(s.engineState));
  const ready = useAppStore((s) => s.data.ready !== null);
  const step = useAppStore((s) => s.progress.step);
  const result = evaluation.result;
  const dataset = useDataset();
  const [cell, setCell] = useState<{ result: TestResult; cell: MatrixCell } | null>(null);
  // A selection belongs to the result it was made on: a new evaluation starts from the mistakes.
  const selected = cell && cell.result === result ? cell.cell : null;

  const stale = result !== null && result.step !== step;
  return (
    <section className="evaluation-panel" aria-labelledby="evaluation-heading">
      <div className="panel-header">
        <h2 id="evaluation-heading" className="visually-hidden">
          Test set
        </h2>
        <button type="button" disabled={!ready || training || evaluation.running} onClick={() => void evaluator.evaluate()}>
          Evaluate
        </button>
      </div>
      <p className="hint">
        {training ? 'Pause or stop training to evaluate. ' : ''}All {dataset.splits.test.toLocaleString('en-US')} test images, never used for training{active ? '' : '; this runs by itself when training ends'}.
        {dataset.source.kind === 'user'
          ? ' They are 15% of each of your classes, set aside by a seeded split before training.'
          : !dataset.officialTestSplit && ` ${dataset.name}'s test set here is a split made by Kernelscope (the official one is not available offline), so its accuracy is close to, but not, the published figures.`}
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
      <p role="status" aria-label="Test result" className="test-figures">
        {result
          ? `Test accuracy ${percent(result.accuracy)} (${Math.round(result.accuracy * result.count).toLocaleString('en-US')} of ${result.count.toLocaleString('en-US')}), loss ${result.loss.toFixed(4)}, after ${result.step.toLocaleString('en-US')} steps${stale ? ' (the model has trained since)' : ''}.`
          : ''}
      </p>
      {result && (
        <>
          <p className="hint">Rows: the true {dataset.classNoun}; columns: the network’s answer. Choose a cell to see its images.</p>
          <ConfusionMatrix result={result} classNames={dataset.classNames} selected={selected} onSelect={(c) => setCell({ result, cell: c })} />
          <Images result={result} classNames={dataset.classNames} cell={selected} onShowMistakes={() => setCell(null)} />
        </>
      )}
    </section>
  );
}
