import { continuationOf } from '../core/training/training';
import { batchesPerEpochOf, isTrainingActive } from '../store/trainingSlice';
import { useAppStore, useController } from './context';
import { useNetworkAnalysis } from './useNetworkAnalysis';

/** Train, Pause/Resume and Stop, with the reason whenever Train cannot be pressed. */
export function TrainingControls() {
  const controller = useController();
  const state = useAppStore((s) => s.engineState);
  const { valid, problems } = useNetworkAnalysis();
  const firstError = problems.find((p) => p.severity === 'error');
  const active = isTrainingActive(state);
  // Primitive selectors: the continuation is recomputed only when what it depends on changes.
  const step = useAppStore((s) => s.progress.step);
  const epoch = useAppStore((s) => s.progress.epoch);
  const batch = useAppStore((s) => s.progress.batch);
  const trainedBatches = useAppStore((s) => s.progress.batchesPerEpoch);
  const epochs = useAppStore((s) => s.settings.epochs);
  const batchesNow = useAppStore((s) => batchesPerEpochOf(s.data, s.settings));
  const next = step > 0 && !active && state !== 'loading' ? continuationOf({ epoch, batch, batchesPerEpoch: trainedBatches, step }, batchesNow, epochs) : null;
  const blockedReason =
    state === 'loading' ? 'MNIST is still loading.' : state === 'failed' ? 'The engine failed to start.' : !valid ? `Fix the network first: ${firstError?.message ?? 'it has a problem.'}` : null;

  return (
    <div className="controls">
      <button type="button" className="primary" disabled={active || blockedReason !== null} onClick={() => void controller.train()} aria-describedby="train-blocked">
        Train
      </button>
      {next && blockedReason === null && (
        <button type="button" onClick={() => void controller.continueTraining()} aria-describedby="continue-from">
          Continue
        </button>
      )}
      {state === 'paused' ? (
        <button type="button" className="pause-resume" onClick={() => void controller.resume()}>
          Resume
        </button>
      ) : (
        <button type="button" className="pause-resume" disabled={state !== 'training'} onClick={() => void controller.pause()}>
          Pause
        </button>
      )}
      <button type="button" disabled={!active} onClick={() => void controller.stop()}>
        Stop
      </button>
      <span id="train-blocked" className="hint">
        {!active && blockedReason}
      </span>
      {next && blockedReason === null && (
        <span id="continue-from" className="hint">
          Continue goes on from epoch {next.epoch + 1}, batch {next.batch + 1}; Train starts again from scratch.
        </span>
      )}
    </div>
  );
}
