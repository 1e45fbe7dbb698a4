import type { StateCreator } from 'zustand';
import type { DatasetDescription } from '../core/dataset/description';
import type { AppState } from './appStore';

/** One of the user's own datasets as the page lists it (the images stay in IndexedDB). */
export interface OwnDatasetSummary {
  description: DatasetDescription;
  classCounts: readonly number[];
  bytes: number;
  createdAt: number;
}

export interface OwnDataSlice {
  /** The user's own datasets' descriptions, newest first: what Dataset offers beside the built-in ones. */
  ownDatasets: readonly DatasetDescription[];
  ownDatasetSummaries: readonly OwnDatasetSummary[];
  setOwnDatasets(summaries: readonly OwnDatasetSummary[]): void;
}

export const createOwnDataSlice: StateCreator<AppState, [], [], OwnDataSlice> = (set) => ({
  ownDatasets: [],
  ownDatasetSummaries: [],
  setOwnDatasets: (summaries) => set({ ownDatasetSummaries: summaries, ownDatasets: summaries.map((s) => s.description) }),
});
