/**
 * The user's own datasets in IndexedDB (through `idb`), readable from the page and from the
 * training worker: one record per dataset (its description and counts) and one per image (a PNG of
 * the kept 64x64 copy, never float arrays). A dataset is written in one transaction, so a full
 * quota leaves nothing half-written. What comes back is checked before use.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { datasetDescriptionProblems, type DatasetDescription } from '../../core/dataset/description';

export const OWN_DATABASE_NAME = 'kernelscope-own-data';
const VERSION = 1;

export interface OwnDatasetRecord {
  description: DatasetDescription;
  /** Images per class, in the description's class order. */
  classCounts: number[];
  /** Bytes of the kept images. */
  bytes: number;
  createdAt: number;
}

export interface OwnImageRecord {
  datasetId: string;
  label: number;
  /** Its place within its class (torchvision's file order). */
  order: number;
  /** The file's path as the user gave it ("leaves/oak/1.jpg"), or what made it ("drawing 3"). */
  source: string;
  /** The kept copy: a square PNG, KEPT_SIDE a side (28 for a drawing, as the pad prepares it). */
  png: Blob;
}

interface OwnSchema extends DBSchema {
  datasets: { key: string; value: OwnDatasetRecord };
  images: { key: number; value: OwnImageRecord; indexes: { dataset: string } };
}

/** A storage failure in words a user can act on; `full` when the quota is what stopped it. */
export class OwnStorageError extends Error {
  constructor(
    message: string,
    readonly full: boolean,
  ) {
    super(message);
    this.name = 'OwnStorageError';
  }
}

function storageError(error: unknown, what: string): OwnStorageError {
  if (error instanceof OwnStorageError) return error;
  const full = error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
  if (full) return new OwnStorageError(`The browser's storage for this page is full, so ${what} was not saved; nothing was lost. Delete a dataset or a saved model under My data, or free site storage, and try again.`, true);
  return new OwnStorageError(`The browser would not store ${what}${error instanceof Error ? `: ${error.message}` : ''}.`, false);
}

function readRecord(value: unknown): OwnDatasetRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Partial<OwnDatasetRecord>;
  if (datasetDescriptionProblems(r.description).length > 0 || r.description?.source.kind !== 'user') return null;
  const counts = r.classCounts;
  if (!Array.isArray(counts) || counts.length !== r.description.classNames.length || !counts.every((c) => Number.isInteger(c) && c >= 0)) return null;
  return typeof r.bytes === 'number' && typeof r.createdAt === 'number' ? (value as OwnDatasetRecord) : null;
}

export class OwnStore {
  private constructor(private readonly db: IDBPDatabase<OwnSchema>) {}

  static async open(): Promise<OwnStore> {
    try {
      const db = await openDB<OwnSchema>(OWN_DATABASE_NAME, VERSION, {
        upgrade(database) {
          database.createObjectStore('datasets', { keyPath: 'description.id' });
          database.createObjectStore('images', { autoIncrement: true }).createIndex('dataset', 'datasetId');
        },
      });
      return new OwnStore(db);
    } catch (error) {
      throw storageError(error, 'your images');
    }
  }

  close(): void {
    this.db.close();
  }

  /** Every dataset kept, newest first; damaged records are left out. */
  async list(): Promise<OwnDatasetRecord[]> {
    const all = await this.db.getAll('datasets');
    return all.map(readRecord).filter((r): r is OwnDatasetRecord => r !== null).sort((a, b) => b.createdAt - a.createdAt);
  }

  async get(id: string): Promise<OwnDatasetRecord | null> {
    return readRecord(await this.db.get('datasets', id));
  }

  /** Writes a dataset and its images in one transaction (replacing one of the same id). */
  async save(record: OwnDatasetRecord, images: readonly Omit<OwnImageRecord, 'datasetId'>[]): Promise<void> {
    const id = record.description.id;
    try {
      const tx = this.db.transaction(['datasets', 'images'], 'readwrite');
      const imageStore = tx.objectStore('images');
      for (const key of await imageStore.index('dataset').getAllKeys(id)) await imageStore.delete(key);
      await tx.objectStore('datasets').put(record);
      for (const image of images) await imageStore.add({ ...image, datasetId: id });
      await tx.done;
    } catch (error) {
      throw storageError(error, `the dataset "${record.description.name}"`);
    }
  }

  /** The dataset's images in class order, each class in its files' order. */
  async images(id: string): Promise<OwnImageRecord[]> {
    const images = await this.db.getAllFromIndex('images', 'dataset', id);
    return images.sort((a, b) => a.label - b.label || a.order - b.order);
  }

  async delete(id: string): Promise<void> {
    const tx = this.db.transaction(['datasets', 'images'], 'readwrite');
    const imageStore = tx.objectStore('images');
    for (const key of await imageStore.index('dataset').getAllKeys(id)) await imageStore.delete(key);
    await tx.objectStore('datasets').delete(id);
    await tx.done;
  }
}
