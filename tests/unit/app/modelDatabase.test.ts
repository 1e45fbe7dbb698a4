import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelDatabase, StorageError } from '../../../src/app/modelDatabase';
import { SAVED_MODEL_VERSION, type SavedModel } from '../../../src/core/export/savedModel';
import { layoutSize, weightLayout } from '../../../src/core/export/weightLayout';
import { getPreset } from '../../../src/core/editing/presets';
import type { NetworkSpec } from '../../../src/core/spec/spec';
import { DEFAULT_SETTINGS } from '../../../src/core/training/training';

const SMALL_CNN = getPreset('small-cnn')?.spec;
if (!SMALL_CNN) throw new Error('small-cnn preset missing');
const SMALL_CNN_PARAMS = 5_994;

/** A valid saved small CNN; `seed` varies the weights, `validation` the accuracies of its epochs. */
function savedModel(name: string, savedAt: number, seed = 0, validation: number[] = [0.55]): SavedModel {
  const spec = structuredClone(SMALL_CNN) as NetworkSpec;
  const layout = weightLayout(spec);
  if (!layout) throw new Error('small-cnn has no weight layout');
  return {
    version: SAVED_MODEL_VERSION,
    name,
    savedAt,
    spec,
    settings: { ...DEFAULT_SETTINGS },
    progress: { epoch: 0, batch: 5, batchesPerEpoch: 1719, step: 6 },
    history: {
      steps: [1, 2, 3, 4, 5, 6],
      loss: [2.31, 2.2, 2.1, 1.9, 1.7, 1.5],
      accuracy: [0.1, 0.15, 0.2, 0.3, 0.4, 0.5],
      seconds: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
      validation: validation.map((accuracy, epoch) => ({ step: 6 * (epoch + 1), epoch, loss: 1.4, accuracy, seconds: 0.6 * (epoch + 1) })),
    },
    weights: layout.map((slot, s) => Float32Array.from({ length: slot.size }, (_, i) => (((i * 7 + s * 13 + seed) % 17) - 8) / 100)),
  };
}

let databaseCount = 0;
const opened: ModelDatabase[] = [];

/** A fresh database of its own for each test. */
async function freshDatabase(): Promise<{ db: ModelDatabase; name: string }> {
  databaseCount += 1;
  const name = `test-${databaseCount}`;
  const db = await ModelDatabase.open(name);
  opened.push(db);
  return { db, name };
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** Opens the database directly (no ModelDatabase checks) to look at or damage what is stored. */
async function rawDatabase(name: string) {
  return openDB(name);
}

async function keyCounts(name: string): Promise<{ checkpoint: number; saves: number; saveSummaries: number }> {
  const raw = await rawDatabase(name);
  try {
    return { checkpoint: await raw.count('checkpoint'), saves: await raw.count('saves'), saveSummaries: await raw.count('saveSummaries') };
  } finally {
    raw.close();
  }
}

function expectSameWeights(actual: Float32Array[], expected: Float32Array[]): void {
  expect(actual).toHaveLength(expected.length);
  for (const [i, weights] of expected.entries()) {
    const got = actual[i];
    expect(got).toBeInstanceOf(Float32Array);
    expect(Array.from(got ?? [])).toEqual(Array.from(weights));
  }
}

/** Runs `action` with IDBObjectStore.prototype.put replaced by `put`, always restoring the original. */
async function withPut<T>(put: (original: IDBObjectStore['put'], store: IDBObjectStore, args: Parameters<IDBObjectStore['put']>) => IDBRequest<IDBValidKey>, action: () => Promise<T>): Promise<T> {
  const original = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    return put(original, this, args);
  };
  try {
    return await action();
  } finally {
    IDBObjectStore.prototype.put = original;
  }
}

const quotaError = (): DOMException => new DOMException('full', 'QuotaExceededError');

/**
 * A quota the browser finds full only when the transaction commits: the put's request succeeds,
 * then the transaction aborts with a QuotaExceededError (as Chrome reports it). fake-indexeddb has
 * no public way to abort with an error, so this uses its internal `_abort(errorName)`.
 */
function abortOnSuccess(request: IDBRequest<IDBValidKey>): IDBRequest<IDBValidKey> {
  request.addEventListener('success', () => {
    (request.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
  });
  return request;
}

/**
 * Runs `action` with the worker's unhandled-rejection listeners swapped for a collector, and
 * returns what was collected. Only for the one case where ModelDatabase itself leaks a rejection
 * (see the test that uses it); everywhere else an unhandled rejection fails the run as usual.
 */
async function collectUnhandledRejections(action: () => Promise<void>): Promise<unknown[]> {
  const collected: unknown[] = [];
  const listeners = process.listeners('unhandledRejection');
  const collect = (reason: unknown): void => void collected.push(reason);
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', collect);
  try {
    await action();
    // The aborted request's error event comes a task later; let Node report it before restoring.
    await new Promise((resolve) => setTimeout(resolve, 30));
  } finally {
    process.off('unhandledRejection', collect);
    for (const listener of listeners) process.on('unhandledRejection', listener);
  }
  return collected;
}

/** The StorageError `promise` rejects with; fails when it resolves or rejects with something else. */
async function storageFailure(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

describe('ModelDatabase: the checkpoint', () => {
  it('has no checkpoint at first', async () => {
    const { db } = await freshDatabase();
    expect(await db.readCheckpoint()).toBeNull();
  });

  it('gives back the checkpoint it was given, weights included', async () => {
    const { db } = await freshDatabase();
    const model = savedModel('checkpoint', 1000);
    await db.writeCheckpoint(model);
    const read = await db.readCheckpoint();
    expect(read?.ok).toBe(true);
    if (!read?.ok) return;
    expect(read.value).toEqual(model);
    expectSameWeights(read.value.weights, model.weights);

    const next = savedModel('checkpoint', 2000, 3);
    await db.writeCheckpoint(next);
    const second = await db.readCheckpoint();
    if (!second?.ok) throw new Error('second checkpoint not read');
    expectSameWeights(second.value.weights, next.weights);

    await db.deleteCheckpoint();
    expect(await db.readCheckpoint()).toBeNull();
  });

  it('reports a damaged checkpoint instead of loading it', async () => {
    const { db, name } = await freshDatabase();
    const raw = await rawDatabase(name);
    const damaged = { ...savedModel('damaged', 1000), weights: [new Float32Array(3)] };
    await raw.put('checkpoint', damaged, 'current');
    raw.close();
    const read = await db.readCheckpoint();
    expect(read?.ok).toBe(false);
    if (read && !read.ok) expect(read.message).toMatch(/needs 6 weight tensors/);

    const raw2 = await rawDatabase(name);
    await raw2.put('checkpoint', 'not a model', 'current');
    raw2.close();
    const read2 = await db.readCheckpoint();
    expect(read2).toEqual({ ok: false, message: expect.stringMatching(/not a saved Kernelscope model/) as unknown });
  });

  it('keeps the earlier checkpoint when the storage is full', async () => {
    const { db, name } = await freshDatabase();
    const first = savedModel('first', 1000);
    await db.writeCheckpoint(first);
    const error = await withPut(
      () => {
        throw quotaError();
      },
      () => storageFailure(db.writeCheckpoint(savedModel('second', 2000, 5))),
    );
    expect(error.full).toBe(true);
    expect(error.message).toMatch(/full/);
    const read = await db.readCheckpoint();
    if (!read?.ok) throw new Error('the earlier checkpoint is gone');
    expect(read.value.name).toBe('first');
    expectSameWeights(read.value.weights, first.weights);
    expect(await keyCounts(name)).toEqual({ checkpoint: 1, saves: 0, saveSummaries: 0 });
  });

  it('keeps the earlier checkpoint when the quota runs out as the write commits', async () => {
    const { db, name } = await freshDatabase();
    const first = savedModel('first', 1000);
    await db.writeCheckpoint(first);
    const error = await withPut(
      (original, store, args) => abortOnSuccess(original.apply(store, args)),
      () => storageFailure(db.writeCheckpoint(savedModel('second', 2000, 5))),
    );
    expect(error.full).toBe(true);
    const read = await db.readCheckpoint();
    if (!read?.ok) throw new Error('the earlier checkpoint is gone');
    expect(read.value.name).toBe('first');
    expectSameWeights(read.value.weights, first.weights);
    expect(await keyCounts(name)).toEqual({ checkpoint: 1, saves: 0, saveSummaries: 0 });
  });
});

describe('ModelDatabase: saves', () => {
  it('adds, lists (newest first), reads, renames and deletes saves', async () => {
    const { db } = await freshDatabase();
    expect(await db.listSaves()).toEqual([]);
    const older = savedModel('older', 1000, 1, [0.5, 0.8, 0.7]);
    const newer = savedModel('newer', 2000, 2, []);
    const olderSummary = await db.addSave(older);
    const newerSummary = await db.addSave(newer);
    expect(olderSummary.id).not.toBe(newerSummary.id);

    const list = await db.listSaves();
    expect(list.map((s) => s.name)).toEqual(['newer', 'older']);
    expect(list).toEqual([newerSummary, olderSummary]);
    expect(layoutSize(weightLayout(older.spec) ?? [])).toBe(SMALL_CNN_PARAMS);
    expect(olderSummary).toEqual({ id: olderSummary.id, name: 'older', savedAt: 1000, params: SMALL_CNN_PARAMS, bestAccuracy: 0.8, step: 6 });
    expect(newerSummary.bestAccuracy).toBeNull();

    const read = await db.readSave(olderSummary.id);
    if (!read.ok) throw new Error(read.message);
    expect(read.value).toEqual(older);
    expectSameWeights(read.value.weights, older.weights);

    const renamed = await db.renameSave(olderSummary.id, 'renamed');
    expect(renamed).toEqual({ ...olderSummary, name: 'renamed' });
    expect((await db.listSaves()).find((s) => s.id === olderSummary.id)?.name).toBe('renamed');
    const reread = await db.readSave(olderSummary.id);
    if (!reread.ok) throw new Error(reread.message);
    expect(reread.value.name).toBe('renamed');
    expectSameWeights(reread.value.weights, older.weights);

    const deleted = await db.deleteSave(olderSummary.id);
    expect(deleted).toEqual({ ...older, name: 'renamed' });
    expect((await db.listSaves()).map((s) => s.id)).toEqual([newerSummary.id]);
    const gone = await db.readSave(olderSummary.id);
    expect(gone.ok).toBe(false);
    if (!gone.ok) expect(gone.message).toMatch(/no longer in this browser/);

    if (!deleted) throw new Error('nothing was deleted');
    const restored = await db.addSave(deleted, olderSummary.id);
    expect(restored).toEqual(renamed);
    expect(await db.listSaves()).toEqual([newerSummary, renamed]);
    const back = await db.readSave(olderSummary.id);
    if (!back.ok) throw new Error(back.message);
    expectSameWeights(back.value.weights, older.weights);
  });

  it('deleting a save that is not there returns null', async () => {
    const { db } = await freshDatabase();
    expect(await db.deleteSave('missing')).toBeNull();
  });

  it('renaming a damaged save fails with a StorageError and changes nothing', async () => {
    const { db, name } = await freshDatabase();
    const summary = await db.addSave(savedModel('kept', 1000));
    const raw = await rawDatabase(name);
    await raw.put('saves', { broken: true }, summary.id);
    raw.close();
    const error = await storageFailure(db.renameSave(summary.id, 'new name'));
    expect(error.full).toBe(false);
    expect((await db.listSaves())[0]?.name).toBe('kept');
  });

  it('leaves out damaged summaries from the list', async () => {
    const { db, name } = await freshDatabase();
    const summary = await db.addSave(savedModel('good', 1000));
    const raw = await rawDatabase(name);
    await raw.put('saveSummaries', { id: 'x', name: 5 }, 'x');
    await raw.put('saveSummaries', null, 'y');
    raw.close();
    expect(await db.listSaves()).toEqual([summary]);
  });

  /** An earlier save, then a second addSave under a full quota: nothing of the second is stored. */
  async function expectFullQuotaKeepsEarlier(put: Parameters<typeof withPut>[0]): Promise<void> {
    const { db, name } = await freshDatabase();
    const first = savedModel('first', 1000);
    const firstSummary = await db.addSave(first);
    const listBefore = await db.listSaves();
    expect(await keyCounts(name)).toEqual({ checkpoint: 0, saves: 1, saveSummaries: 1 });

    const error = await withPut(put, () => storageFailure(db.addSave(savedModel('second', 2000, 4), 'second-id')));
    expect(error.full).toBe(true);
    expect(error.message).toMatch(/full/);
    expect(error.message).toMatch(/"second" was not saved/);

    expect(await db.listSaves()).toEqual(listBefore);
    const read = await db.readSave(firstSummary.id);
    if (!read.ok) throw new Error(read.message);
    expect(read.value).toEqual(first);
    expectSameWeights(read.value.weights, first.weights);
    const missing = await db.readSave('second-id');
    expect(missing.ok).toBe(false);
    expect(await keyCounts(name)).toEqual({ checkpoint: 0, saves: 1, saveSummaries: 1 });

    // The database still works once there is room again.
    await db.addSave(savedModel('third', 3000));
    expect((await db.listSaves()).map((s) => s.name)).toEqual(['third', 'first']);
  }

  it('writes neither record when the storage is full (every put refused)', async () => {
    await expectFullQuotaKeepsEarlier(() => {
      throw quotaError();
    });
  });

  it('writes neither record when the storage fills on the second put (the first is undone)', async () => {
    let calls = 0;
    const leaked = await collectUnhandledRejections(() =>
      expectFullQuotaKeepsEarlier((original, store, args) => {
        calls += 1;
        if (calls > 1) throw quotaError();
        return original.apply(store, args);
      }),
    );
    expect(calls).toBe(2);
    // Known defect: writeBoth never awaits the first put's request when the second put throws, so
    // its AbortError (after tx.abort()) goes unhandled. Once fixed, tighten to toEqual([]).
    expect(leaked).toEqual([]);
  });

  it('writes neither record when the quota runs out as the transaction commits', async () => {
    let calls = 0;
    await expectFullQuotaKeepsEarlier((original, store, args) => {
      calls += 1;
      const request = original.apply(store, args);
      return calls === 2 ? abortOnSuccess(request) : request;
    });
    expect(calls).toBe(2);
  });

  it('turns other storage failures into a StorageError that is not about space', async () => {
    const { db } = await freshDatabase();
    const error = await withPut(
      () => {
        throw new DOMException('nope', 'DataCloneError');
      },
      () => storageFailure(db.addSave(savedModel('x', 1))),
    );
    expect(error.full).toBe(false);
    expect(error.message).toMatch(/would not store "x": nope/);
  });
});
