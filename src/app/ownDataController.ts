/**
 * The user's own images: importing files (decoded in a worker of their own), keeping a dataset in
 * IndexedDB (asking the browser to keep the storage, and saying what it answered), and the list
 * of kept datasets in the store. The engine reads the images itself when the dataset is chosen.
 */
import { newOwnDatasetId, ownClassNameProblems, ownDatasetDescription, ownDatasetProblems } from '../core/dataset/ownDataset';
import type { DatasetDescription } from '../core/dataset/description';
import type { Shape3D } from '../core/spec/spec';
import { importClassFilesInWorker, importInWorker, OwnStore, type ImportedImage, type ImportInput, type ImportProgress, type ImportResult, type OwnDatasetRecord, type OwnImageRecord, type SkippedFile } from '../data/own';
import { selectDataset } from '../store/datasets';
import type { AppStore } from '../store/appStore';
import type { OwnDatasetSummary } from '../store/ownDataSlice';

/** Opening IndexedDB can wait forever when another tab holds an older version open: the page starts without the list then. */
const LIST_TIMEOUT_MS = 3000;

export interface OwnDatasetDraft {
  name: string;
  inputShape: Shape3D;
  classes: readonly { name: string; images: readonly ImportedImage[] }[];
}

export interface KeptDataset {
  description: DatasetDescription;
  /** What the browser answered to keeping the storage (navigator.storage.persist), in a sentence. */
  persistence: string;
}

export interface OwnDataController {
  importFiles(input: ImportInput, onProgress: (progress: ImportProgress) => void): Promise<ImportResult>;
  /** Files picked for one class, decoded in a worker. */
  importClassFiles(files: ImportInput['files'], onProgress: (progress: ImportProgress) => void): Promise<{ images: ImportedImage[]; skipped: SkippedFile[] }>;
  /** Keeps the draft as a dataset (one transaction) and lists it; throws an OwnStorageError in words. */
  keep(draft: OwnDatasetDraft): Promise<KeptDataset>;
  /** Deletes a kept dataset (not the one in use); its images stay in memory for undoDelete until the next delete. */
  delete(id: string): Promise<void>;
  /** Puts the last deleted dataset back; false when there is none. */
  undoDelete(): Promise<boolean>;
}

const summaryOf = (record: OwnDatasetRecord): OwnDatasetSummary => ({ description: record.description, classCounts: record.classCounts, bytes: record.bytes, createdAt: record.createdAt });

/** The kept datasets, newest first; none when storage cannot be read (the page still works). */
export async function readOwnDatasets(): Promise<OwnDatasetSummary[]> {
  const timeout = new Promise<OwnDatasetSummary[]>((resolve) => setTimeout(() => resolve([]), LIST_TIMEOUT_MS));
  const read = (async () => {
    const store = await OwnStore.open();
    try {
      return (await store.list()).map(summaryOf);
    } finally {
      store.close();
    }
  })().catch(() => []);
  return Promise.race([read, timeout]);
}

async function askToPersist(): Promise<string> {
  if (!navigator.storage?.persist) return 'This browser cannot promise to keep the images: it may clear them when the disk runs low.';
  try {
    if (await navigator.storage.persisted()) return 'The browser keeps this site’s storage until you clear it.';
    return (await navigator.storage.persist())
      ? 'The browser agreed to keep this site’s storage until you clear it.'
      : 'The browser did not promise to keep the images: it may clear them when the disk runs low (installing the page or bookmarking it often helps).';
  } catch {
    return 'The browser did not say whether it will keep the images.';
  }
}

async function withOwnStore<T>(work: (store: OwnStore) => Promise<T>): Promise<T> {
  const ownStore = await OwnStore.open();
  try {
    return await work(ownStore);
  } finally {
    ownStore.close();
  }
}

export function createOwnDataController(store: AppStore): OwnDataController {
  let deleted: { record: OwnDatasetRecord; images: OwnImageRecord[] } | null = null;
  const list = (summaries: readonly OwnDatasetSummary[]) => store.getState().setOwnDatasets([...summaries].sort((a, b) => b.createdAt - a.createdAt));
  return {
    importFiles: (input, onProgress) => importInWorker(input, onProgress),
    importClassFiles: (files, onProgress) => importClassFilesInWorker(files, onProgress),
    async keep({ name, inputShape, classes }) {
      const classNames = classes.map((c) => c.name);
      const classCounts = classes.map((c) => c.images.length);
      const problems = [...ownClassNameProblems(classNames), ...ownDatasetProblems(classNames, classCounts)];
      if (problems.length > 0) throw new Error(problems.join(' '));
      // A drawing probes a dataset of drawings only as the pad prepares it: 28x28, grey.
      const drawn = classes.every((c) => c.images.every((i) => i.origin === 'pad')) && inputShape.join('x') === '28x28x1';
      const description = ownDatasetDescription({ id: newOwnDatasetId(Math.random), name, inputShape, classNames, classCounts, drawn });
      const images = classes.flatMap((c, label) => c.images.map((image, order) => ({ label, order, source: image.source, png: image.png })));
      const record: OwnDatasetRecord = { description, classCounts, bytes: images.reduce((sum, i) => sum + i.png.size, 0), createdAt: Date.now() };
      await withOwnStore((s) => s.save(record, images));
      const persistence = await askToPersist();
      list([summaryOf(record), ...store.getState().ownDatasetSummaries.filter((s) => s.description.id !== description.id)]);
      return { description, persistence };
    },
    async delete(id) {
      if (selectDataset(store.getState()).id === id) throw new Error('This dataset is the one in use: choose another under Dataset first.');
      deleted = await withOwnStore(async (s) => {
        const record = await s.get(id);
        const images = await s.images(id);
        await s.delete(id);
        return record ? { record, images } : null;
      });
      list(store.getState().ownDatasetSummaries.filter((s) => s.description.id !== id));
    },
    async undoDelete() {
      const restore = deleted;
      if (!restore) return false;
      await withOwnStore((s) => s.save(restore.record, restore.images.map(({ datasetId: _id, ...image }) => image)));
      deleted = null;
      list([summaryOf(restore.record), ...store.getState().ownDatasetSummaries]);
      return true;
    },
  };
}
