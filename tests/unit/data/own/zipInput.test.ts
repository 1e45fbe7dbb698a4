import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { planImageFolder } from '../../../../src/data/own/imageFolder';
import { MAX_ZIP_BYTES, readZip } from '../../../../src/data/own/zipInput';
import { encodePng } from './imageFiles';

const blob = (bytes: Uint8Array) => new Blob([bytes as BlobPart]);

describe('readZip: a .zip of an ImageFolder', () => {
  it('gives its entries with their paths inside it, and its folders (an empty one too), for the folder plan', async () => {
    const png = encodePng(4, 4);
    const zip = zipSync({ leaves: { oak: { '1.png': png, '2.png': png }, ash: { '1.png': encodePng(4, 4, () => [9, 9, 9]) }, elm: {} } });
    const read = await readZip(blob(zip), 'leaves.zip');
    expect(read.skipped).toEqual([]);
    expect(read.files.map((f) => f.path).sort()).toEqual(['leaves/ash/1.png', 'leaves/oak/1.png', 'leaves/oak/2.png']);
    expect(new Uint8Array(await read.files.find((f) => f.path === 'leaves/oak/1.png')!.file.arrayBuffer())).toEqual(png);
    const plan = planImageFolder(read.files.map((f) => ({ path: f.path, bytes: f.file.size })), read.folders);
    expect(plan.classes.map((c) => c.name)).toEqual(['ash', 'oak']);
    expect(plan.notes).toEqual(['The folder "elm" holds no images the page can read: it is left out.']);
  });

  it('refuses a zip bomb by its directory, before inflating anything: eleven entries of 100 MB each declared', async () => {
    // What is judged is the sizes the zip's directory declares; a real bomb deflates 1.1 GB of zeros
    // into a megabyte (14 s to make here), so the test writes the declared sizes into a small zip.
    const zip = zipSync(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`bomb/a/${i}.png`, new Uint8Array(8)])), { level: 0 });
    const view = new DataView(zip.buffer);
    for (let at = 0; at + 4 <= zip.length; at++) {
      // Central directory records (PK\x01\x02) hold the uncompressed size at +24.
      if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, 100_000_000, true);
    }
    const read = await readZip(blob(zip), 'bomb.zip');
    expect(read.files).toEqual([]);
    expect(read.skipped).toEqual([{ path: 'bomb.zip', reason: 'its files would be 1,100 MB unzipped (at most 1,000 MB): too large to unzip in a browser tab (a zip bomb, or a dataset to unzip and choose as a folder)' }]);
  });

  it('refuses what is not a zip, and a zip too large to read, with the reason', async () => {
    const notZip = await readZip(blob(new TextEncoder().encode('PK but not really')), 'fake.zip');
    expect(notZip.skipped[0]?.reason).toMatch(/^it is not a zip the page can read/);
    const huge = { size: MAX_ZIP_BYTES + 1, arrayBuffer: () => Promise.reject(new Error('read')) } as unknown as Blob;
    expect((await readZip(huge, 'huge.zip')).skipped[0]?.reason).toBe('it is a 500 MB zip: too large to read in a browser tab (at most 500 MB); unzip it and choose the folder');
  });
});
