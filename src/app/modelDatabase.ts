/**
 * Trained models in IndexedDB (through `idb`): the checkpoint that survives a reload, and the named
 * saves of "My models". Everything read back is treated as untrusted and checked by the core
 * (`readSavedModel`), so a damaged or stale record is reported, never loaded half-way. Each write is
 * one transaction: a full quota aborts it and leaves every earlier record as it was.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { readSavedModel, type Result, type SavedModel, type SaveSummary } from '../core/export/savedModel';
import { layoutSize, weightLayout } from '../core/export/weightLayout';

export const DATABASE_NAME = 'kernelscope';
const DATABASE_VERSION = 1;
const CHECKPOINT_KEY = 'current';

export type { SaveSummary };

interface ModelSchema extends DBSchema {
  // Values are typed unknown on purpose: what comes back may be from an older page, or damaged.
  checkpoint: { key: string; value: unknown };
  saves: { key: string; value: unknown };
  saveSummaries: { key: string; value: unknown };
}

/** A storage failure in words a user can act on. */
export class StorageError extends Error {
  constructor(
    message: string,
    readonly full: boolean,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
}

/** Turns what IndexedDB threw into a StorageError; `what` is what was being written. */
export function storageError(error: unknown, what: string): StorageError {
  if (error instanceof StorageError) return error;
  if (isQuotaError(error)) {
    return new StorageError(`The browser's storage for this page is full, so ${what} was not saved. Everything saved before is kept. Delete a saved model, or free site storage, and try again.`, true);
  }
  const detail = error instanceof Error ? `: ${error.message}` : '';
  return new StorageError(`The browser would not store ${what}${detail}.`, false);
}

export function summarize(id: string, model: SavedModel): SaveSummary {
  const accuracies = model.history.validation.map((v) => v.accuracy);
  const layout = weightLayout(model.spec);
  return {
    id,
    name: model.name,
    savedAt: model.savedAt,
    params: layout === null ? 0 : layoutSize(layout),
    bestAccuracy: accuracies.length > 0 ? accuracies.reduce((a, b) => Math.max(a, b), -Infinity) : null,
    step: model.progress.step,
  };
}

function readSummary(value: unknown): SaveSummary | null {
  if (typeof value !== 'object' || value === null) return null;
  const s = value as Record<string, unknown>;
  const ok =
    typeof s.id === 'string' &&
    typeof s.name === 'string' &&
    typeof s.savedAt === 'number' &&
    typeof s.params === 'number' &&
    typeof s.step === 'number' &&
    (s.bestAccuracy === null || typeof s.bestAccuracy === 'number');
  return ok ? (value as SaveSummary) : null;
}

const newId = (): string => `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

export class ModelDatabase {
  private constructor(private readonly db: IDBPDatabase<ModelSchema>) {}

  /** Opens (creating on first use) the page's database; throws a StorageError where IndexedDB is unavailable. */
  static async open(name = DATABASE_NAME): Promise<ModelDatabase> {
    try {
      const db = await openDB<ModelSchema>(name, DATABASE_VERSION, {
        upgrade(database) {
          database.createObjectStore('checkpoint');
          database.createObjectStore('saves');
          database.createObjectStore('saveSummaries');
        },
      });
      return new ModelDatabase(db);
    } catch (error) {
      throw storageError(error, 'your trained model');
    }
  }

  close(): void {
    this.db.close();
  }

  /** The checkpoint, checked; null when there is none. */
  async readCheckpoint(): Promise<Result<SavedModel> | null> {
    const value = await this.db.get('checkpoint', CHECKPOINT_KEY);
    return value === undefined ? null : readSavedModel(value);
  }

  /** Replaces the checkpoint in one put: if it fails, the previous checkpoint stays. */
  async writeCheckpoint(model: SavedModel): Promise<void> {
    try {
      await this.db.put('checkpoint', model, CHECKPOINT_KEY);
    } catch (error) {
      throw storageError(error, 'the checkpoint of your trained model');
    }
  }

  async deleteCheckpoint(): Promise<void> {
    await this.db.delete('checkpoint', CHECKPOINT_KEY);
  }

  /** Every save's summary, newest first; damaged entries are left out. */
  async listSaves(): Promise<SaveSummary[]> {
    const values = await this.db.getAll('saveSummaries');
    return values
      .map(readSummary)
      .filter((s): s is SaveSummary => s !== null)
      .sort((a, b) => b.savedAt - a.savedAt);
  }

  /** Adds a save under a new id (or the given one, to undo a delete); both records or neither. */
  async addSave(model: SavedModel, id = newId()): Promise<SaveSummary> {
    const summary = summarize(id, model);
    await this.writeBoth(id, model, summary, `"${model.name}"`);
    return summary;
  }

  async readSave(id: string): Promise<Result<SavedModel>> {
    const value = await this.db.get('saves', id);
    if (value === undefined) return { ok: false, message: 'That saved model is no longer in this browser.' };
    return readSavedModel(value);
  }

  async renameSave(id: string, name: string): Promise<SaveSummary> {
    const read = await this.readSave(id);
    if (!read.ok) throw new StorageError(read.message, false);
    const model = { ...read.value, name };
    const summary = summarize(id, model);
    await this.writeBoth(id, model, summary, `the new name "${name}"`);
    return summary;
  }

  /** Deletes a save; returns what was deleted, so it can be put back. */
  async deleteSave(id: string): Promise<SavedModel | null> {
    const read = await this.readSave(id);
    const tx = this.db.transaction(['saves', 'saveSummaries'], 'readwrite');
    await Promise.all([tx.objectStore('saves').delete(id), tx.objectStore('saveSummaries').delete(id), tx.done]);
    return read.ok ? read.value : null;
  }

  private async writeBoth(id: string, model: SavedModel, summary: SaveSummary, what: string): Promise<void> {
    const tx = this.db.transaction(['saves', 'saveSummaries'], 'readwrite');
    const done = tx.done;
    const puts: Promise<unknown>[] = [];
    try {
      puts.push(tx.objectStore('saves').put(model, id));
      puts.push(tx.objectStore('saveSummaries').put(summary, id));
      await Promise.all(puts);
      await done;
    } catch (error) {
      // The transaction's own rejection is this same failure, and so is that of a put queued
      // before another one threw (Promise.all never saw it).
      done.catch(() => {});
      for (const put of puts) put.catch(() => {});
      // A put that threw leaves the transaction open; abort it so the other put is undone too.
      try {
        tx.abort();
      } catch {
        // Already finished (aborted by the browser).
      }
      throw storageError(error, what);
    }
  }
}
