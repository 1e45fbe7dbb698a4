import { useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { describeDesign, describeDifferences } from '../../core/training/runDifferences';
import { createLineChartRenderer } from '../../render/lineChart';
import { errorMessage } from '../../core/spec/describeValue';
import { useAppStore, useLibrary } from '../context';
import { comparisonSeries, RUN_COLOURS, zoomAccuracy, type ComparedRun, type ComparisonAxis, type ComparisonMetric } from './comparisonSeries';

const AXIS_LABELS: Record<ComparisonAxis, string> = { examples: 'examples seen', seconds: 'seconds of training' };
const METRIC_TITLES: Record<ComparisonMetric, string> = { accuracy: 'Validation accuracy', loss: 'Validation loss' };

type SavedRun = Omit<ComparedRun, 'color'>;

/**
 * The runs there are to compare: the ended runs of this session, the current one, then the saves
 * chosen. Only while `live` (the dialog is open) does it follow the current run batch by batch:
 * closed, it changes when a run starts or ends, not with every report.
 */
function useComparableRuns(saved: readonly SavedRun[], live: boolean): ComparedRun[] {
  const runs = useAppStore((s) => s.runs);
  const currentRun = useAppStore((s) => s.currentRun);
  const history = useAppStore((s) => s.history);
  const historyVersion = useAppStore((s) => (live ? s.historyVersion : s.history.length > 0 ? 1 : 0));
  const spec = useAppStore((s) => s.spec);
  const settings = useAppStore((s) => s.settings);
  return useMemo(() => {
    const kept = runs.map((run) => ({ ...run, key: `run-${run.id}` }));
    const current = history.length > 0 ? [{ ...(currentRun ?? { label: 'This run', spec, settings }), key: 'current', history: history.toRecord() }] : [];
    return [...kept, ...current, ...saved].map((run, i) => ({ ...run, color: RUN_COLOURS[i % RUN_COLOURS.length] ?? '#0072B2' }));
    // historyVersion: the current run's history grows in place.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runs, currentRun, history, historyVersion, spec, settings, saved]);
}

function ComparisonChart({ runs, axis, metric }: { runs: readonly ComparedRun[]; axis: ComparisonAxis; metric: ComparisonMetric }) {
  const svgRef = useRef<SVGSVGElement>(null);
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const series = comparisonSeries(runs, axis, metric);
    const zoomed = metric === 'accuracy' ? zoomAccuracy(series) : { series, yDomain: undefined };
    const renderer = createLineChartRenderer(svg, { width: 440, height: 220, xLabel: AXIS_LABELS[axis], yLabel: metric === 'accuracy' ? 'accuracy' : 'cross-entropy', yDomain: zoomed.yDomain });
    renderer.update(zoomed.series);
    return () => renderer.destroy();
  }, [runs, axis, metric]);
  const summary = runs
    .map((run) => {
      const last = run.history.validation.at(-1);
      return `${run.label}: ${last ? (metric === 'accuracy' ? `${(last.accuracy * 100).toFixed(2)}%` : last.loss.toFixed(4)) : 'no validation yet'}`;
    })
    .join('; ');
  return (
    <figure className="chart">
      <figcaption>{METRIC_TITLES[metric]}</figcaption>
      <svg ref={svgRef} role="img" aria-label={`${METRIC_TITLES[metric]} against ${AXIS_LABELS[axis]}: ${summary}`} data-runs={runs.length} />
    </figure>
  );
}

/** Each run's colour and what sets it apart from the first one chosen. */
function Legend({ runs }: { runs: readonly ComparedRun[] }) {
  const [reference, ...others] = runs;
  if (!reference) return null;
  return (
    <ul className="compare-legend" aria-label="Runs compared">
      <li>
        <span className="swatch" style={{ background: reference.color }} aria-hidden="true" /> <strong>{reference.label}</strong>: {describeDesign(reference)}
      </li>
      {others.map((run) => (
        <li key={run.key}>
          <span className="swatch" style={{ background: run.color }} aria-hidden="true" /> <strong>{run.label}</strong> vs {reference.label}: {describeDifferences(run, reference).join(', ')}
        </li>
      ))}
    </ul>
  );
}

function bestAccuracy(run: ComparedRun): string {
  const best = Math.max(...run.history.validation.map((v) => v.accuracy));
  return Number.isFinite(best) ? `best validation ${(best * 100).toFixed(2)}%` : 'no validation yet';
}

/**
 * "Compare runs": two or more runs' validation curves over one another, against examples seen or
 * time trained, with a legend that names what differs ("lr 0.01 vs 0.001", "+ BatchNorm").
 */
export function CompareRuns() {
  const library = useLibrary();
  const saves = useAppStore((s) => s.saves) ?? [];
  const [saved, setSaved] = useState<SavedRun[]>([]);
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const runs = useComparableRuns(saved, open);
  const [unchosen, setUnchosen] = useState<ReadonlySet<string>>(new Set());
  const [axis, setAxis] = useState<ComparisonAxis>('examples');
  useEffect(() => {
    const element = dialog.current;
    if (open && element && !element.open) element.showModal();
  }, [open]);
  const chosen = runs.filter((run) => !unchosen.has(run.key));
  const addSave = async (id: string) => {
    try {
      const run = await library.readRun(id);
      setSaved((list) => (list.some((r) => r.key === `save-${id}`) ? list : [...list, { key: `save-${id}`, label: `Saved: ${run.name}`, spec: run.spec, settings: run.settings, history: run.history }]));
      setSaveProblem(null);
    } catch (error) {
      setSaveProblem(errorMessage(error));
    }
  };
  const unshownSaves = saves.filter((save) => !saved.some((r) => r.key === `save-${save.id}`));
  const toggle = (key: string) =>
    setUnchosen((set) => {
      const next = new Set(set);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  return (
    <>
      <button type="button" className="compare-open" disabled={runs.length + saves.length < 2} onClick={() => setOpen(true)} aria-describedby="compare-hint">
        Compare runs
      </button>
      <span id="compare-hint" className="hint">
        {runs.length + saves.length < 2 ? ' Train twice (change a setting or a layer in between) to compare the runs.' : ` ${runs.length - saved.length} run${runs.length - saved.length === 1 ? '' : 's'} this session${saves.length > 0 ? `, ${saves.length} saved` : ''}.`}
      </span>
      {/* A modal dialog shows in the top layer wherever it sits; in the body it is valid HTML whatever
          holds the button (today a <p> in MetricsCharts, which cannot contain a heading or a dialog). */}
      {createPortal(
        <dialog ref={dialog} className="compare-dialog" aria-labelledby="compare-title" onClose={() => setOpen(false)}>
          <div className="export-dialog-header">
            <h2 id="compare-title">Compare runs</h2>
            <button type="button" onClick={() => dialog.current?.close()}>
              Close
            </button>
          </div>
          {open && (
            <>
              <fieldset className="compare-runs">
                <legend>Runs</legend>
                {runs.map((run) => (
                  <label key={run.key}>
                    <input type="checkbox" checked={!unchosen.has(run.key)} onChange={() => toggle(run.key)} />
                    <span className="swatch" style={{ background: run.color }} aria-hidden="true" /> {run.label} ({bestAccuracy(run)})
                  </label>
                ))}
                {unshownSaves.length > 0 && (
                  <span className="compare-saves">
                    <label htmlFor="compare-save">Add a saved model</label>{' '}
                    <select id="compare-save" value="" onChange={(e) => e.target.value && void addSave(e.target.value)}>
                      <option value="">Choose…</option>
                      {unshownSaves.map((save) => (
                        <option key={save.id} value={save.id}>
                          {save.name}
                        </option>
                      ))}
                    </select>
                  </span>
                )}
                {saveProblem && <p role="alert">{saveProblem}</p>}
              </fieldset>
              <fieldset className="compare-axis">
                <legend>Against</legend>
                {(['examples', 'seconds'] as const).map((a) => (
                  <label key={a}>
                    <input type="radio" name="compare-axis" checked={axis === a} onChange={() => setAxis(a)} /> {a === 'examples' ? 'Examples seen' : 'Training time'}
                  </label>
                ))}
              </fieldset>
              {chosen.length === 0 ? (
                <p className="hint">Choose runs above to compare them.</p>
              ) : (
                <>
                  <div className="chart-row">
                    <ComparisonChart runs={chosen} axis={axis} metric="accuracy" />
                    <ComparisonChart runs={chosen} axis={axis} metric="loss" />
                  </div>
                  <p className="hint">Lines with dots: validation after each epoch; faint lines: the training batches, smoothed.</p>
                  <Legend runs={chosen} />
                </>
              )}
            </>
          )}
        </dialog>,
        document.body,
      )}
    </>
  );
}
