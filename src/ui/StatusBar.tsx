import { useAppStore } from './context';
import { useDataset } from './useDataset';

const STATE_LABELS = {
  loading: 'Loading',
  ready: 'Ready',
  training: 'Training',
  paused: 'Paused',
  evaluating: 'Checking validation set',
  stopped: 'Stopped',
  done: 'Done',
  diverged: 'Diverged',
  failed: 'Failed',
} as const;

const dataCounts = (d: { trainCount: number; validationCount: number; testCount: number }) =>
  `${d.trainCount.toLocaleString('en-US')} train, ${d.validationCount.toLocaleString('en-US')} validation, ${d.testCount.toLocaleString('en-US')} test`;

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** Data loading, backend, speed and position in training: the figures a person glances at. */
export function StatusBar() {
  const state = useAppStore((s) => s.engineState);
  const message = useAppStore((s) => s.engineMessage);
  const data = useAppStore((s) => s.data);
  const dataset = useDataset();
  const backend = useAppStore((s) => s.backend);
  const thread = useAppStore((s) => s.thread);
  const progress = useAppStore((s) => s.progress);
  const settingsEpochs = useAppStore((s) => s.settings.epochs);
  // Until the engine has the network's dataset, the counts on record are another dataset's.
  const ready = data.datasetId === dataset.id ? data.ready : null;
  const loadedMb = (data.loadedBytes / 1e6).toFixed(1);
  const totalMb = (data.totalBytes / 1e6).toFixed(1);

  return (
    <footer className="status-bar" aria-label="Status">
      <div className="status-row">
        <span>
          <strong>{state === 'loading' ? `Loading ${dataset.name}` : STATE_LABELS[state]}</strong>
        </span>
        {!ready ? (
          dataset.source.kind === 'generated' ? (
            <span className="data-progress">Drawing {dataset.name}…</span>
          ) : (
            <span className="data-progress">
              <label htmlFor="mnist-progress">{dataset.name} download</label>{' '}
              <progress id="mnist-progress" max={data.totalBytes || 1} value={data.datasetId === dataset.id ? data.loadedBytes : 0} />{' '}
              {data.totalBytes > 0 && data.datasetId === dataset.id && `${loadedMb} / ${totalMb} MB`}
            </span>
          )
        ) : (
          <span className="data-summary" title={`${dataset.name}: ${dataCounts(ready)}`}>
            {dataset.name} ready: {dataCounts(ready)}{' '}
            <span className="status-extra">
              {`(${dataset.source.kind === 'generated' ? 'drawn here' : dataset.source.kind === 'user' ? 'read from this browser' : `${(ready.bytes / 1e6).toFixed(1)} MB`} in ${(ready.ms / 1000).toFixed(1)} s)`}
            </span>
          </span>
        )}
        <span title={backend?.reason}>
          Backend: <output aria-label="Backend">{backend ? backend.name : '…'}</output>
          {thread && ` (${thread === 'worker' ? 'in a worker' : 'on the page thread'})`}
          {backend && (
            <details className="backend-why">
              <summary>why?</summary>
              <span className="backend-reason-text">{backend.reason}</span>
            </details>
          )}
        </span>
        <span>
          Epoch <output aria-label="Epoch">{progress.step > 0 ? `${progress.epoch + 1} / ${settingsEpochs}` : '—'}</output>
        </span>
        <span>
          Batch <output aria-label="Batch">{progress.step > 0 ? `${progress.batch + 1} / ${progress.batchesPerEpoch}` : '—'}</output>
        </span>
        <span>
          <output aria-label="Examples per second">{progress.examplesPerSecond > 0 ? progress.examplesPerSecond.toFixed(0) : '—'}</output> examples/s
        </span>
        <span>
          Loss <output aria-label="Training loss">{progress.smoothedLoss === null ? '—' : progress.smoothedLoss.toFixed(3)}</output>
        </span>
        <span>
          Accuracy <output aria-label="Training accuracy">{percent(progress.smoothedAccuracy)}</output>
        </span>
        <span>
          Validation <output aria-label="Validation accuracy">{percent(progress.validationAccuracy)}</output>
        </span>
      </div>
      {message && (
        <p role="alert" className="alert">
          {message}
        </p>
      )}
    </footer>
  );
}
