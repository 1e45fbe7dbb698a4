import { BUILTIN_DATASETS } from '../core/dataset';
import { PRESETS, presetSuits, type Preset } from '../core/editing/presets';
import type { NetworkSpec } from '../core/spec/spec';
import { useAppStore } from './context';
import { Icon } from './Icon';
import { useDataset } from './useDataset';

const CUSTOM = '';

const clearLayers = (spec: NetworkSpec): NetworkSpec => (spec.layers.length === 0 ? spec : { ...spec, layers: [] });

/** Loads a ready-made network into the builder (an undoable edit); shows "Custom" once edited. */
export function PresetPicker() {
  const presetId = useAppStore((s) => s.presetId);
  const choosePreset = useAppStore((s) => s.choosePreset);
  const editNetwork = useAppStore((s) => s.editNetwork);
  const dataset = useDataset();
  const suited = PRESETS.filter((p) => presetSuits(p, dataset.id));
  const others = PRESETS.filter((p) => !presetSuits(p, dataset.id));
  const madeFor = (p: Preset) => (p.datasets ?? []).map((id) => BUILTIN_DATASETS.find((d) => d.id === id)?.name ?? id).join(', ');
  const option = (p: Preset, suffix = '') => (
    <option key={p.id} value={p.id}>
      {p.name}
      {suffix}
    </option>
  );
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
          {suited.map((p) => option(p))}
          {others.length > 0 && <optgroup label="Made for another dataset">{others.map((p) => option(p, ` (for ${madeFor(p)})`))}</optgroup>}
        </select>
        {/* A short face, so the select keeps room for the presets' names; the name says it whole. */}
        <button type="button" className="start-empty icon-button" aria-label="New empty network" title="New empty network: remove every layer (Undo brings them back)" onClick={() => editNetwork(clearLayers, 'Start an empty network', { select: null })}>
          <Icon name="newPage" />
          Empty
        </button>
      </div>
      <p id="preset-description" className="hint">
        {description}
      </p>
    </div>
  );
}
