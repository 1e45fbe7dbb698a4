import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { EngineController } from '../app/engineController';
import type { EvaluationController } from '../app/evaluationController';
import type { ExportController } from '../app/exportController';
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

export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore needs a StoreContext provider.');
  return store;
}

/** Reads one slice of app state; keep selectors atomic so components re-render only on what they show. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}

export function useController(): EngineController {
  const controller = useContext(ControllerContext);
  if (!controller) throw new Error('useController needs a ControllerContext provider.');
  return controller;
}

export function useInference(): InferenceController {
  const inference = useContext(InferenceContext);
  if (!inference) throw new Error('useInference needs an InferenceContext provider.');
  return inference;
}

export function useLibrary(): LibraryController {
  const library = useContext(LibraryContext);
  if (!library) throw new Error('useLibrary needs a LibraryContext provider.');
  return library;
}

export function useFiles(): FileController {
  const files = useContext(FilesContext);
  if (!files) throw new Error('useFiles needs a FilesContext provider.');
  return files;
}

export function useLinks(): LinkController {
  const links = useContext(LinkContext);
  if (!links) throw new Error('useLinks needs a LinkContext provider.');
  return links;
}

export function useExport(): ExportController {
  const exporter = useContext(ExportContext);
  if (!exporter) throw new Error('useExport needs an ExportContext provider.');
  return exporter;
}

export function useEvaluation(): EvaluationController {
  const evaluation = useContext(EvaluationContext);
  if (!evaluation) throw new Error('useEvaluation needs an EvaluationContext provider.');
  return evaluation;
}
