/**
 * "My models": named saves of the trained model in IndexedDB. Save writes a new record (the ones
 * before it are never touched), Load asks before it replaces a trained model, Delete can be undone.
 * Results and failures become a notice in the store, never a throw.
 */
import { knownDataset } from '../store/datasets';
import { datasetChangeNote } from '../core/dataset/specDataset';
import { cleanModelName, type SavedModel } from '../core/export/savedModel';
import type { EngineHandle } from '../engine/client';
import type { AppStore } from '../store/appStore';
import type { ModelDatabase } from './modelDatabase';
import { applyModel, captureModel } from './trainedModels';
import { errorMessage } from '../core/spec/describeValue';

export interface LibraryController {
  /** Saves the current trained model under `name`; resolves to whether it was saved. */
  save(name: string): Promise<boolean>;
  /** Loads a save (after the discard question when a trained model would be replaced). */
  load(id: string): void;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** Puts the save deleted last back. */
  undoRemove(): Promise<void>;
  /** A save's run (network, settings, history; no weights reach the page's state), to compare; throws when it cannot be read. */
  readRun(id: string): Promise<Pick<SavedModel, 'name' | 'spec' | 'settings' | 'history'>>;
}


export function createLibraryController(store: AppStore, handle: Promise<EngineHandle>, database: Promise<ModelDatabase | null>): LibraryController {
  let deleted: { id: string; model: SavedModel } | null = null;
  const notice = (kind: 'info' | 'problem', text: string) => store.getState().setLibraryNotice({ kind, text });

  const withDatabase = async (action: (db: ModelDatabase) => Promise<void>): Promise<boolean> => {
    const db = await database;
    if (!db) {
      notice('problem', 'This browser does not let the page keep models (IndexedDB is unavailable, as in some private windows).');
      return false;
    }
    try {
      await action(db);
      return true;
    } catch (error) {
      notice('problem', errorMessage(error));
      return false;
    } finally {
      store.getState().setSaves(await db.listSaves().catch(() => store.getState().saves ?? []));
    }
  };

  void database.then(async (db) => {
    if (db) store.getState().setSaves(await db.listSaves().catch(() => []));
  });

  return {
    save: async (rawName) => {
      const name = cleanModelName(rawName);
      if (name === '') {
        notice('problem', 'Give the model a name first.');
        return false;
      }
      return withDatabase(async (db) => {
        const captured = await captureModel(store, await handle, name);
        if (!captured) throw new Error('There is no trained model to save yet: train the network first.');
        await db.addSave(captured.model);
        notice('info', `Saved "${name}".`);
      });
    },
    load: (id) => {
      const name = store.getState().saves?.find((s) => s.id === id)?.name ?? 'the saved model';
      store.getState().confirmDiscard(`Loading "${name}"`, () => {
        void withDatabase(async (db) => {
          const read = await db.readSave(id);
          if (!read.ok) throw new Error(`"${name}" could not be loaded: ${read.message}`);
          const before = store.getState().spec;
          await applyModel(store, await handle, read.value, `Load "${name}"`);
          notice('info', `Loaded "${name}".${datasetChangeNote(before, store.getState().spec, (id) => knownDataset(id, store.getState().ownDatasets))}`);
        });
      });
    },
    readRun: async (id) => {
      const db = await database;
      if (!db) throw new Error('This browser does not let the page keep models.');
      const read = await db.readSave(id);
      if (!read.ok) throw new Error(`This save could not be read: ${read.message}`);
      const { name, spec, settings, history } = read.value;
      return { name, spec, settings, history };
    },
    rename: async (id, rawName) => {
      const name = cleanModelName(rawName);
      if (name === '') return notice('problem', 'A name cannot be empty.');
      await withDatabase(async (db) => {
        await db.renameSave(id, name);
        notice('info', `Renamed to "${name}".`);
      });
    },
    remove: async (id) => {
      await withDatabase(async (db) => {
        const model = await db.deleteSave(id);
        deleted = model ? { id, model } : null;
        store.getState().setDeletedSave(model ? { id, name: model.name } : null);
        notice('info', model ? `Deleted "${model.name}".` : 'Deleted a save that could not be read.');
      });
    },
    undoRemove: async () => {
      const last = deleted;
      if (!last) return;
      await withDatabase(async (db) => {
        await db.addSave(last.model, last.id);
        deleted = null;
        store.getState().setDeletedSave(null);
        notice('info', `Put "${last.model.name}" back.`);
      });
    },
  };
}
