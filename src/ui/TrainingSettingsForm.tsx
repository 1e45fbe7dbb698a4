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
  type BackendPreference,
} from '../core/training/training';
import { useAppStore, useController } from './context';

const BACKEND_CHOICES: readonly BackendPreference[] = ['auto', ...BACKENDS];

interface ChoiceFieldProps<T extends string | number> {
  id: string;
  label: string;
  value: T;
  choices: readonly T[];
  labelOf(choice: T): string;
  onChoose(choice: T): void;
  describedBy?: string;
  disabled?: boolean;
}

/** A labelled select of fixed choices; the choice comes back typed, not as the option's text. */
function ChoiceField<T extends string | number>({ id, label, value, choices, labelOf, onChoose, describedBy, disabled }: ChoiceFieldProps<T>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} disabled={disabled} aria-describedby={describedBy} onChange={(e) => onChoose(choices[e.target.selectedIndex] ?? value)}>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {labelOf(choice)}
          </option>
        ))}
      </select>
    </div>
  );
}

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
      <ChoiceField id="optimizer" label="Optimizer" value={settings.optimizer} choices={OPTIMIZERS} labelOf={(o) => OPTIMIZER_LABELS[o]} onChoose={(optimizer) => setSettings({ optimizer })} />
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
      <ChoiceField id="backend" label="Backend" value={backendPreference} choices={BACKEND_CHOICES} labelOf={(b) => BACKEND_LABELS[b]} disabled={engineLoading} onChoose={(b) => void controller.chooseBackend(b)} />
      <ChoiceField id="batch-size" label="Batch size" value={settings.batchSize} choices={BATCH_SIZES} labelOf={String} onChoose={(batchSize) => setSettings({ batchSize })} />
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
      <ChoiceField id="schedule" label="Learning-rate schedule" value={settings.schedule} choices={SCHEDULES} labelOf={(name) => SCHEDULE_LABELS[name]} describedBy="schedule-hint" onChoose={(schedule) => setSettings({ schedule })} />
      <ChoiceField id="augmentation" label="Augmentation" value={settings.augmentation} choices={AUGMENTATIONS} labelOf={(name) => AUGMENTATION_LABELS[name]} describedBy="schedule-hint" onChoose={(augmentation) => setSettings({ augmentation })} />
      <p id="schedule-hint" className="hint settings-hint">
        {settings.schedule === 'cosine' ? 'The rate falls smoothly from the one above to 0 at the last batch: big steps early, fine ones at the end. ' : 'The same rate for every batch. '}
        {settings.augmentation === 'shift' ? 'Each training image is moved a pixel or two, a new way each time, so the network learns shapes, not places.' : ''}
      </p>
    </fieldset>
  );
}
