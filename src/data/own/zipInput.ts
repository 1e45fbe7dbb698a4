/**
 * A .zip of an ImageFolder (the layout a teacher hands out): its entries become files with their
 * paths inside it. The sizes are judged before anything is inflated: the zip's own size from the
 * file, and every entry's size from the zip's directory, so a zip bomb is refused unread.
 */
import { unzipSync } from 'fflate';
import type { SkippedFile } from './imageFolder';

/** The largest .zip read (it is read whole into memory). */
export const MAX_ZIP_BYTES = 500_000_000;
/** The most its entries may add up to once inflated. */
export const MAX_UNZIPPED_BYTES = 1_000_000_000;
/** The largest single entry: no picture the page takes is larger on disk. */
export const MAX_ENTRY_BYTES = 100_000_000;

const megabytes = (bytes: number) => `${(bytes / 1e6).toLocaleString('en', { maximumFractionDigits: 0 })} MB`;

export const isZipPath = (path: string) => path.toLowerCase().endsWith('.zip');

export interface ZipEntries {
  files: { file: Blob; path: string }[];
  folders: string[];
  skipped: SkippedFile[];
}

/**
 * The files inside `zip` (named `path`), their paths prefixed by nothing: "leaves/oak/1.jpg". A zip
 * the page refuses comes back as one skipped file with the reason.
 */
export async function readZip(zip: Blob, path: string): Promise<ZipEntries> {
  const refuse = (reason: string): ZipEntries => ({ files: [], folders: [], skipped: [{ path, reason }] });
  if (zip.size > MAX_ZIP_BYTES) return refuse(`it is a ${megabytes(zip.size)} zip: too large to read in a browser tab (at most ${megabytes(MAX_ZIP_BYTES)}); unzip it and choose the folder`);
  const bytes = new Uint8Array(await zip.arrayBuffer());
  let declared = 0;
  let tooLarge: string | null = null;
  const folders = new Set<string>();
  let entries: Record<string, Uint8Array>;
  try {
    // First the zip's directory alone (the filter refuses every entry, so nothing is inflated).
    unzipSync(bytes, {
      filter: (entry) => {
        if (entry.name.endsWith('/')) folders.add(entry.name.slice(0, -1));
        else declared += entry.originalSize;
        if (entry.originalSize > MAX_ENTRY_BYTES) tooLarge ??= `${entry.name} inside it would be ${megabytes(entry.originalSize)} unzipped`;
        return false;
      },
    });
    if (declared > MAX_UNZIPPED_BYTES) tooLarge ??= `its files would be ${megabytes(declared)} unzipped (at most ${megabytes(MAX_UNZIPPED_BYTES)})`;
    if (tooLarge !== null) return refuse(`${tooLarge}: too large to unzip in a browser tab (a zip bomb, or a dataset to unzip and choose as a folder)`);
    entries = unzipSync(bytes, { filter: (entry) => !entry.name.endsWith('/') });
  } catch (error) {
    return refuse(`it is not a zip the page can read (${error instanceof Error ? error.message : String(error)})`);
  }
  const files = Object.entries(entries).map(([name, data]) => ({ file: new Blob([data as BlobPart]), path: name }));
  for (const { path: name } of files) {
    const parts = name.split('/');
    for (let depth = 1; depth < parts.length; depth++) folders.add(parts.slice(0, depth).join('/'));
  }
  return { files, folders: [...folders], skipped: [] };
}
