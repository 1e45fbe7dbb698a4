import { createContext, useContext, type Context } from 'react';
import { useStore } from 'zustand';
import type { EngineController } from '../app/engineController';
import type { EvaluationController } from '../app/evaluationController';
import type { ExportController } from '../app/exportController';
import type { OwnDataController } from '../app/ownDataController';
import type { FileController } from '../app/fileController';
import type { InferenceController } from '../app/inferenceController';
import type { LibraryController } from '../app/libraryController';
import type { LinkController } from '../app/linkController';
import type { AppState, AppStore } from '../store/appStore';

export const StoreContext = createContext<AppStore | null>(null);
export const ControllerContext = createContext<EngineController | null>(null);
export const InferenceContext = createContext<InferenceController | null>(null);
export const LibraryContext = createContext<LibraryController | null>(null);
export const FilesContext = createContext<FileController | null>(null);
export const LinkContext = createContext<LinkController | null>(null);
export const ExportContext = createContext<ExportController | null>(null);
export const EvaluationContext = createContext<EvaluationController | null>(null);
export const OwnDataContext = createContext<OwnDataController | null>(null);

export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore needs a StoreContext provider.');
  return store;
}

/** Reads one slice of app state; keep selectors atomic so components re-render only on what they show. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}

/** A context's value, or an error naming the provider that is missing (a wiring mistake, never a user's). */
function useProvided<T>(context: Context<T | null>, provider: string): T {
  const value = useContext(context);
  if (!value) throw new Error(`This component needs a ${provider} provider.`);
  return value;
}

export const useController = (): EngineController => useProvided(ControllerContext, 'ControllerContext');
export const useInference = (): InferenceController => useProvided(InferenceContext, 'InferenceContext');
export const useLibrary = (): LibraryController => useProvided(LibraryContext, 'LibraryContext');
export const useFiles = (): FileController => useProvided(FilesContext, 'FilesContext');
export const useLinks = (): LinkController => useProvided(LinkContext, 'LinkContext');
export const useExport = (): ExportController => useProvided(ExportContext, 'ExportContext');
export const useEvaluation = (): EvaluationController => useProvided(EvaluationContext, 'EvaluationContext');
export const useOwnData = (): OwnDataController => useProvided(OwnDataContext, 'OwnDataContext');
