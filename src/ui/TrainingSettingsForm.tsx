import {
  AUGMENTATIONS,
  AUGMENTATION_LABELS,
  BACKENDS,
  BACKEND_LABELS,
  BATCH_SIZES,
  EPOCHS_RANGE as EPOCHS,
  LEARNING_RATE_RANGE as LEARNING_RATE,
  OPTIMIZERS,
  OPTIMIZER_LABELS,
  SCHEDULES,
  SCHEDULE_LABELS,
  type AugmentationName,
  type BackendPreference,
  type OptimizerName,
  type ScheduleName,
} from '../core/training';
import { useAppStore, useController } from './context';

const BACKEND_CHOICES: readonly BackendPreference[] = ['auto', ...BACKENDS];

function clamp(value: number, min: number, max: number, fallback: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/** Optimizer, learning rate and its schedule, batch size, epochs and augmentation; locked while a model trains. */
export function TrainingSettingsForm({ disabled }: { disabled: boolean }) {
  const settings = useAppStore((s) => s.settings);
  const setSettings = useAppStore((s) => s.setSettings);
  const backendPreference = useAppStore((s) => s.backendPreference);
  const engineLoading = useAppStore((s) => s.engineState === 'loading');
  const controller = useController();
  return (
    <fieldset className="settings" disabled={disabled}>
      <legend>Training settings</legend>
      <div className="field">
        <label htmlFor="optimizer">Optimizer</label>
        <select id="optimizer" value={settings.optimizer} onChange={(e) => setSettings({ optimizer: e.target.value as OptimizerName })}>
          {OPTIMIZERS.map((o) => (
            <option key={o} value={o}>
              {OPTIMIZER_LABELS[o]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="learning-rate">Learning rate</label>
        <input
          id="learning-rate"
          // Typed freely and read on blur; the key shows a rate set elsewhere (a preset, a save, a link).
          key={settings.learningRate}
          type="number"
          min={LEARNING_RATE.min}
          max={LEARNING_RATE.max}
          step="any"
          defaultValue={settings.learningRate}
          onBlur={(e) => {
            const value = clamp(e.target.valueAsNumber, LEARNING_RATE.min, LEARNING_RATE.max, settings.learningRate);
            e.target.value = String(value);
            setSettings({ learningRate: value });
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="backend">Backend</label>
        <select
          id="backend"
          value={backendPreference}
          disabled={engineLoading}
          onChange={(e) => void controller.chooseBackend(e.target.value as BackendPreference)}
        >
          {BACKEND_CHOICES.map((b) => (
            <option key={b} value={b}>
              {BACKEND_LABELS[b]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="batch-size">Batch size</label>
        <select id="batch-size" value={settings.batchSize} onChange={(e) => setSettings({ batchSize: Number(e.target.value) })}>
          {BATCH_SIZES.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="epochs">Epochs</label>
        <input
          id="epochs"
          type="number"
          min={EPOCHS.min}
          max={EPOCHS.max}
          step={1}
          value={settings.epochs}
          onChange={(e) => setSettings({ epochs: Math.round(clamp(e.target.valueAsNumber, EPOCHS.min, EPOCHS.max, settings.epochs)) })}
        />
      </div>
      <div className="field">
        <label htmlFor="schedule">Learning-rate schedule</label>
        <select id="schedule" value={settings.schedule} onChange={(e) => setSettings({ schedule: e.target.value as ScheduleName })} aria-describedby="schedule-hint">
          {SCHEDULES.map((name) => (
            <option key={name} value={name}>
              {SCHEDULE_LABELS[name]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="augmentation">Augmentation</label>
        <select id="augmentation" value={settings.augmentation} onChange={(e) => setSettings({ augmentation: e.target.value as AugmentationName })} aria-describedby="schedule-hint">
          {AUGMENTATIONS.map((name) => (
            <option key={name} value={name}>
              {AUGMENTATION_LABELS[name]}
            </option>
          ))}
        </select>
      </div>
      <p id="schedule-hint" className="hint settings-hint">
        {settings.schedule === 'cosine' ? 'The rate falls smoothly from the one above to 0 at the last batch: big steps early, fine ones at the end. ' : 'The same rate for every batch. '}
        {settings.augmentation === 'shift' ? 'Each training image is moved a pixel or two, a new way each time, so the network learns shapes, not places.' : ''}
      </p>
    </fieldset>
  );
}
