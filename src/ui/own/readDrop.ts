/**
 * What the user gave as files with their relative paths: a folder picked with the file input
 * (webkitRelativePath), or files and folders dropped (walked through the entries API, which also
 * shows empty folders).
 */
import type { ImportInput } from '../../data/own';

export function filesFromInput(list: FileList): ImportInput {
  const files = [...list].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
  return { files };
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries answers in batches (100 in Chromium) until an empty one.
  return new Promise((resolve, reject) => {
    const entries: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) return resolve(entries);
        entries.push(...batch);
        next();
      }, reject);
    next();
  });
}

const fileOf = (entry: FileSystemFileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject));

async function walk(entry: FileSystemEntry, into: { files: { file: File; path: string }[]; folders: string[] }): Promise<void> {
  const path = entry.fullPath.replace(/^\//, '');
  if (entry.isFile) {
    into.files.push({ file: await fileOf(entry as FileSystemFileEntry), path });
    return;
  }
  if (!entry.isDirectory) return;
  into.folders.push(path);
  for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, into);
}

/** Files and folders dropped; files alone when the browser gives no entries. */
export async function filesFromDrop(transfer: DataTransfer): Promise<ImportInput> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.some((e) => e === null)) return { files: [...transfer.files].map((file) => ({ file, path: file.name })) };
  const into = { files: [] as { file: File; path: string }[], folders: [] as string[] };
  for (const entry of entries) if (entry) await walk(entry, into);
  return into;
}
