import { PRESETS } from '../core/presets';
import { useAppStore } from './context';

export function PresetPicker({ disabled }: { disabled: boolean }) {
  const presetId = useAppStore((s) => s.presetId);
  const choosePreset = useAppStore((s) => s.choosePreset);
  const description = PRESETS.find((p) => p.id === presetId)?.description;
  return (
    <div className="field">
      <label htmlFor="preset">Preset</label>
      <select id="preset" value={presetId} disabled={disabled} onChange={(e) => choosePreset(e.target.value)} aria-describedby="preset-description">
        {PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <p id="preset-description" className="hint">
        {description}
      </p>
    </div>
  );
}
