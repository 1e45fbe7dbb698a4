import type { StateCreator } from 'zustand';
import { DEFAULT_PRESET_ID, PRESETS } from '../core/presets';
import type { NetworkSpec } from '../core/spec';
import type { AppState } from './appStore';

export interface NetworkSlice {
  presetId: string;
  spec: NetworkSpec;
  choosePreset(id: string): void;
}

export function presetSpec(id: string): NetworkSpec {
  const preset = PRESETS.find((p) => p.id === id) ?? PRESETS[0];
  if (!preset) throw new Error('No network presets are defined.');
  return structuredClone(preset.spec);
}

export const createNetworkSlice: StateCreator<AppState, [], [], NetworkSlice> = (set) => ({
  presetId: DEFAULT_PRESET_ID,
  spec: presetSpec(DEFAULT_PRESET_ID),
  choosePreset: (id) => set({ presetId: id, spec: presetSpec(id) }),
});
