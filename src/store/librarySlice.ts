import type { StateCreator } from 'zustand';
import type { SaveSummary } from '../core/export/savedModel';
import type { AppState } from './appStore';

/** A line about the browser's copy of the work: what a reload restored, or why something was not kept. */
export interface StorageNotice {
  kind: 'info' | 'problem';
  text: string;
}

export interface LibrarySlice {
  /** The checkpoint last written (what a reload brings back); null when none is kept. */
  checkpoint: { savedAt: number; step: number } | null;
  storageNotice: StorageNotice | null;
  /** The named saves of "My models", newest first; null until the list has been read. */
  saves: SaveSummary[] | null;
  /** What the last action in "My models" did or why it failed. */
  libraryNotice: StorageNotice | null;
  /** What opening the page from a link did, or why the link could not be opened. */
  linkNotice: StorageNotice | null;
  setLinkNotice(notice: StorageNotice | null): void;
  /** The save deleted last, which Undo puts back. */
  deletedSave: { id: string; name: string } | null;
  setLibraryNotice(notice: StorageNotice | null): void;
  setDeletedSave(deleted: LibrarySlice['deletedSave']): void;
  setCheckpoint(checkpoint: LibrarySlice['checkpoint']): void;
  setStorageNotice(notice: StorageNotice | null): void;
  setSaves(saves: SaveSummary[]): void;
}

export const createLibrarySlice: StateCreator<AppState, [], [], LibrarySlice> = (set) => ({
  checkpoint: null,
  storageNotice: null,
  saves: null,
  libraryNotice: null,
  linkNotice: null,
  setLinkNotice: (linkNotice) => set({ linkNotice }),
  deletedSave: null,
  setLibraryNotice: (libraryNotice) => set({ libraryNotice }),
  setDeletedSave: (deletedSave) => set({ deletedSave }),
  setCheckpoint: (checkpoint) => set({ checkpoint }),
  setStorageNotice: (storageNotice) => set({ storageNotice }),
  setSaves: (saves) => set({ saves }),
});
