/**
 * Generated bad files for the importer's fuzz test, each kind with the reason the page must give:
 * empty, not an image by name, random bytes under an image's name, a header declaring a bomb, a
 * real picture cut short. Deterministic (seeded), so a failure names the same file every run.
 */
import { mulberry32 } from '../../../src/data/random';
import { encodePng, gifHeader, jpegHeader } from '../../unit/data/own/imageFiles';

export interface BadFile {
  name: string;
  bytes: Uint8Array;
  /** The reason the page must give for it. */
  reason: RegExp;
}

const EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'bmp'];
const NOT_READ = /it is not an image this page reads|damaged or cut short/;

export function badFiles(count: number, seed = 11): BadFile[] {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
  const picture = encodePng(48, 40, (x, y) => [(x * 5) % 256, (y * 7) % 256, ((x + y) * 3) % 256]);
  const kinds: ((i: number) => BadFile)[] = [
    (i) => ({ name: `empty-${i}.${EXTENSIONS[i % 6]}`, bytes: new Uint8Array(), reason: /the file is empty \(0 bytes\)/ }),
    (i) => ({ name: `notes-${i}.${['txt', 'pdf', 'svg', 'heic', 'tiff'][i % 5]}`, bytes: bytes(1 + int(200)), reason: /it is not an image file/ }),
    (i) => ({ name: `noise-${i}.${EXTENSIONS[i % 6]}`, bytes: bytes(1 + int(3000)), reason: NOT_READ }),
    (i) => {
      const side = 16_385 + int(40_000);
      const header = [encodePng(side, 100 + int(100), undefined, true), gifHeader(side, side), jpegHeader(side, side)][i % 3]!;
      return { name: `bomb-${i}.${['png', 'gif', 'jpg'][i % 3]}`, bytes: header, reason: /too large to decode safely/ };
    },
    (i) => ({ name: `cut-${i}.png`, bytes: picture.subarray(0, 33 + int(Math.floor(picture.length / 2) - 33)), reason: NOT_READ }),
    (i) => ({ name: `text-${i}.jpg`, bytes: new TextEncoder().encode(`<html>not a photo ${i}</html>`), reason: NOT_READ }),
  ];
  return Array.from({ length: count }, (_, i) => kinds[i % kinds.length]!(i));
}
