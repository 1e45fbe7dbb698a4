import { createStore, type StoreApi } from 'zustand/vanilla';
import { createEvaluationSlice, type EvaluationSlice } from './evaluationSlice';
import { createInspectionSlice, type InspectionSlice } from './inspectionSlice';
import { createLibrarySlice, type LibrarySlice } from './librarySlice';
import { createNetworkSlice, type NetworkSlice } from './networkSlice';
import { createOwnDataSlice, type OwnDataSlice } from './ownDataSlice';
import { createRunsSlice, type RunsSlice } from './runsSlice';
import { createTrainingSlice, type TrainingSlice } from './trainingSlice';

export type AppState = NetworkSlice & TrainingSlice & InspectionSlice & LibrarySlice & EvaluationSlice & RunsSlice & OwnDataSlice;
export type AppStore = StoreApi<AppState>;

/** A fresh store per app instance (and per test), reached through React context. */
export function createAppStore(): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createNetworkSlice(...a),
    ...createTrainingSlice(...a),
    ...createInspectionSlice(...a),
    ...createLibrarySlice(...a),
    ...createEvaluationSlice(...a),
    ...createRunsSlice(...a),
    ...createOwnDataSlice(...a),
  }));
}
