import type { StateCreator } from 'zustand';
import type { RunHistory } from '../core/export/savedModel';
import type { NetworkSpec } from '../core/spec/spec';
import type { TrainingSettings } from '../core/training/training';
import type { AppState } from './appStore';

/** A run's design: what was trained, and how. */
export interface RunDesignRecord {
  /** "Run 3", or a save's name for a run that came from one. */
  label: string;
  spec: NetworkSpec;
  settings: TrainingSettings;
}

/** A run of this session that has ended (a new run or another network replaced it), kept to compare. */
export interface KeptRun extends RunDesignRecord {
  id: number;
  history: RunHistory;
}

/** Runs kept at most; the oldest goes first. */
export const MAX_KEPT_RUNS = 12;

export interface RunsSlice {
  /** Ended runs of this session, oldest first. */
  runs: KeptRun[];
  /** The run the training history belongs to, once one started or was restored. */
  currentRun: RunDesignRecord | null;
  nextRunNumber: number;
  /** A new run starts (Train): it is "Run N", of this network and these settings. */
  beginRun(spec: NetworkSpec, settings: TrainingSettings): void;
  /** The history now shows a run that came from elsewhere (a checkpoint, a save, a file). */
  adoptRun(design: RunDesignRecord): void;
  /** Keeps the current run with a copy of its history, if it trained at all; called before the history is cleared. */
  keepCurrentRun(): void;
}

export const createRunsSlice: StateCreator<AppState, [], [], RunsSlice> = (set, get) => ({
  runs: [],
  currentRun: null,
  nextRunNumber: 1,
  beginRun: (spec, settings) => set((s) => ({ currentRun: { label: `Run ${s.nextRunNumber}`, spec, settings }, nextRunNumber: s.nextRunNumber + 1 })),
  adoptRun: (design) => set({ currentRun: design }),
  keepCurrentRun: () => {
    const { currentRun, history, runs } = get();
    if (!currentRun || history.length === 0) return;
    const id = (runs.at(-1)?.id ?? 0) + 1;
    set({ runs: [...runs, { ...currentRun, id, history: history.toRecord() }].slice(-MAX_KEPT_RUNS), currentRun: null });
  },
});
