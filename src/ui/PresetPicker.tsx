import { PRESETS } from '../core/presets';
import type { NetworkSpec } from '../core/spec';
import { useAppStore } from './context';

const CUSTOM = '';

const clearLayers = (spec: NetworkSpec): NetworkSpec => (spec.layers.length === 0 ? spec : { ...spec, layers: [] });

/** Loads a ready-made network into the builder (an undoable edit); shows "Custom" once edited. */
export function PresetPicker() {
  const presetId = useAppStore((s) => s.presetId);
  const choosePreset = useAppStore((s) => s.choosePreset);
  const editNetwork = useAppStore((s) => s.editNetwork);
  const description = presetId === null ? 'Your own network. Choose a preset to start again from one (Undo brings yours back).' : PRESETS.find((p) => p.id === presetId)?.description;
  return (
    <div className="field preset-field">
      <label htmlFor="preset">Preset</label>
      <div className="preset-row">
      <select id="preset" value={presetId ?? CUSTOM} onChange={(e) => e.target.value !== CUSTOM && choosePreset(e.target.value)} aria-describedby="preset-description" title={description}>
        {presetId === null && (
          <option value={CUSTOM} disabled>
            Custom network
          </option>
        )}
        {PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <button type="button" className="start-empty" onClick={() => editNetwork(clearLayers, 'Start an empty network', { select: null })}>
        New empty network
      </button>
      </div>
      <p id="preset-description" className="hint">
        {description}
      </p>
    </div>
  );
}
