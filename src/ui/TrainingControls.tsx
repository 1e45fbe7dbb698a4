import { isTrainingActive } from '../store/trainingSlice';
import { useAppStore, useController } from './context';
import { useNetworkAnalysis } from './useNetworkAnalysis';

/** Train, Pause/Resume and Stop, with the reason whenever Train cannot be pressed. */
export function TrainingControls() {
  const controller = useController();
  const state = useAppStore((s) => s.engineState);
  const { valid, problems } = useNetworkAnalysis();
  const firstError = problems.find((p) => p.severity === 'error');
  const active = isTrainingActive(state);
  const blockedReason =
    state === 'loading' ? 'MNIST is still loading.' : state === 'failed' ? 'The engine failed to start.' : !valid ? `Fix the network first: ${firstError?.message ?? 'it has a problem.'}` : null;

  return (
    <div className="controls">
      <button type="button" className="primary" disabled={active || blockedReason !== null} onClick={() => void controller.train()} aria-describedby="train-blocked">
        Train
      </button>
      {state === 'paused' ? (
        <button type="button" onClick={() => void controller.resume()}>
          Resume
        </button>
      ) : (
        <button type="button" disabled={state !== 'training'} onClick={() => void controller.pause()}>
          Pause
        </button>
      )}
      <button type="button" disabled={!active} onClick={() => void controller.stop()}>
        Stop
      </button>
      <span id="train-blocked" className="hint">
        {!active && blockedReason}
      </span>
    </div>
  );
}
