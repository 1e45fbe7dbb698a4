import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEADER_BYTES, readImageHeader } from '../../../../src/data/own/imageHeader';
import { projectRoot } from '../mnistFiles';
import { bmpHeader, encodePng, gifHeader, jpegHeader, webpHeader } from './imageFiles';

describe('readImageHeader: the format and size from the first bytes, before any decoding', () => {
  it.each([
    ['png', encodePng(640, 480, () => [10, 20, 30])],
    ['jpeg', jpegHeader(640, 480, 4000)],
    ['jpeg', jpegHeader(640, 480, 16, 0xc2)],
    ['gif', gifHeader(640, 480)],
    ['webp', webpHeader('VP8 ', 640, 480)],
    ['webp', webpHeader('VP8L', 640, 480)],
    ['webp', webpHeader('VP8X', 640, 480)],
    ['bmp', bmpHeader(640, 480)],
    ['bmp', bmpHeader(640, -480)],
  ] as const)('reads a %s of 640 x 480', (format, bytes) => {
    expect(readImageHeader(bytes)).toEqual({ ok: true, format, width: 640, height: 480 });
  });

  it('reads a real JPEG from disk (highlight.js ships one)', () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(projectRoot, 'node_modules/highlight.js/styles/pojoaque.jpg')));
    const header = readImageHeader(bytes.subarray(0, HEADER_BYTES), bytes.length);
    expect(header).toMatchObject({ ok: true, format: 'jpeg' });
    if (header.ok) expect(header.width * header.height).toBeGreaterThan(0);
  });

  it('refuses a decompression bomb by its header: a 30,000 x 30,000 PNG is a few bytes here and 3.6 GB decoded', () => {
    const bomb = encodePng(30_000, 30_000, undefined, true);
    expect(bomb.length).toBeLessThan(100);
    expect(readImageHeader(bomb)).toEqual({ ok: false, reason: 'it is 30,000 x 30,000 pixels (900 megapixels): too large to decode safely (at most 50 megapixels and 16,384 pixels a side)' });
    expect(readImageHeader(jpegHeader(20_000, 100)).ok).toBe(false);
    expect(readImageHeader(encodePng(8000, 6000, undefined, true)).ok).toBe(true);
  });

  it('says why a file is not taken: empty, not an image, damaged, no pixels', () => {
    expect(readImageHeader(new Uint8Array(0))).toEqual({ ok: false, reason: 'the file is empty (0 bytes)' });
    expect(readImageHeader(new TextEncoder().encode('hello, not a picture'))).toEqual({ ok: false, reason: 'it is not an image this page reads (PNG, JPEG, WebP, GIF or BMP)' });
    expect(readImageHeader(encodePng(10, 10).subarray(0, 12))).toEqual({ ok: false, reason: 'its PNG header is cut short or damaged' });
    expect(readImageHeader(gifHeader(0, 10))).toEqual({ ok: false, reason: 'its GIF header says it has no pixels (0 x 10)' });
    expect(readImageHeader(jpegHeader(10, 10).subarray(0, 8))).toMatchObject({ ok: false, reason: 'no JPEG frame header was found in its first 256 KB' });
  });

  it('fuzz: 2,000 random and mangled headers never throw, and whatever it accepts is a size it may decode', () => {
    const valid = [encodePng(32, 32), jpegHeader(64, 48), gifHeader(5, 5), webpHeader('VP8L', 100, 80), webpHeader('VP8X', 7, 9), bmpHeader(3, 3)];
    const mangled = fc.tuple(fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 8 }), fc.nat()).map(([bytes, edits, cut]) => {
      const copy = bytes.slice(0, Math.max(0, bytes.length - (cut % (bytes.length + 1))));
      for (const [at, value] of edits) if (copy.length) copy[at % copy.length] = value;
      return copy;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), mangled), (bytes) => {
        const header = readImageHeader(bytes);
        if (header.ok) {
          expect(header.width).toBeGreaterThan(0);
          expect(header.height).toBeGreaterThan(0);
          expect(header.width * header.height).toBeLessThanOrEqual(50_000_000);
        } else {
          expect(header.reason.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
