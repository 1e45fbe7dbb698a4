/**
 * An image file's format and size, read from its first bytes before anything is decoded: a 30,000 x
 * 30,000 PNG is a few kilobytes on disk and 3.6 GB once decoded, so the size is judged from the
 * header and such a file is refused unread. Pure: bytes in, facts or a reason out.
 */

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

export const IMAGE_FORMAT_NAMES: Record<ImageFormat, string> = { png: 'PNG', jpeg: 'JPEG', gif: 'GIF', webp: 'WebP', bmp: 'BMP' };

/** Enough of a file to find its size in: JPEG's frame header may follow large metadata (EXIF, ICC). */
export const HEADER_BYTES = 256 * 1024;
/** The most pixels an image may have: a 48-megapixel phone photo decodes to 192 MB of RGBA. */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** The longest side a browser's canvas takes everywhere. */
export const MAX_IMAGE_SIDE = 16_384;

export type ImageHeader = { ok: true; format: ImageFormat; width: number; height: number } | { ok: false; reason: string };

const SUPPORTED = 'PNG, JPEG, WebP, GIF or BMP';

const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, i: number) => u16le(b, i) | ((b[i + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, i: number) => u16be(b, i) * 0x10000 + u16be(b, i + 2);
const i32le = (b: Uint8Array, i: number) => u16le(b, i) | (u16le(b, i + 2) << 16);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

function pngSize(b: Uint8Array): [number, number] | string {
  // Signature, then the IHDR chunk: length 13, type, width, height (big-endian).
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return 'its PNG header is cut short or damaged';
  return [u32be(b, 16), u32be(b, 20)];
}

/** Walks JPEG's segments to the first frame header (SOF0-SOF15 but DHT, JPG and DAC). */
function jpegSize(b: Uint8Array): [number, number] | string {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return 'its JPEG segments are damaged';
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return 'its JPEG data starts before a frame header says its size';
    const length = u16be(b, i + 2);
    if (length < 2) return 'its JPEG segments are damaged';
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > b.length) break;
      return [u16be(b, i + 7), u16be(b, i + 5)];
    }
    i += 2 + length;
  }
  return 'no JPEG frame header was found in its first 256 KB';
}

function gifSize(b: Uint8Array): [number, number] | string {
  if (b.length < 10) return 'its GIF header is cut short';
  return [u16le(b, 6), u16le(b, 8)];
}

function webpSize(b: Uint8Array): [number, number] | string {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && b.length >= 30) {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return 'its WebP (lossy) header is damaged';
    return [u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff];
  }
  if (chunk === 'VP8L' && b.length >= 25) {
    if (b[20] !== 0x2f) return 'its WebP (lossless) header is damaged';
    const bits = (b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24);
    return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
  }
  if (chunk === 'VP8X' && b.length >= 30) return [u24le(b, 24) + 1, u24le(b, 27) + 1];
  return 'its WebP header is cut short or of an unknown kind';
}

function bmpSize(b: Uint8Array): [number, number] | string {
  if (b.length < 26) return 'its BMP header is cut short';
  const headerSize = i32le(b, 14);
  if (headerSize === 12) return [u16le(b, 18), u16le(b, 20)];
  // Height is negative for a top-down bitmap.
  return [Math.abs(i32le(b, 18)), Math.abs(i32le(b, 22))];
}

function sniff(b: Uint8Array): ImageFormat | null {
  if (b[0] === 0x89 && ascii(b, 1, 3) === 'PNG' && b[4] === 0x0d && b[5] === 0x0a) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  if (ascii(b, 0, 2) === 'BM') return 'bmp';
  return null;
}

const SIZE_READERS: Record<ImageFormat, (b: Uint8Array) => [number, number] | string> = { png: pngSize, jpeg: jpegSize, gif: gifSize, webp: webpSize, bmp: bmpSize };

/**
 * The format and size that `head` (a file's first bytes, up to HEADER_BYTES) declares, or why the
 * file cannot be taken: empty, not an image of a kind the page reads, a damaged header, no pixels,
 * or too large to decode safely.
 */
export function readImageHeader(head: Uint8Array, fileBytes = head.length): ImageHeader {
  if (fileBytes === 0) return { ok: false, reason: 'the file is empty (0 bytes)' };
  const format = sniff(head);
  if (!format) return { ok: false, reason: `it is not an image this page reads (${SUPPORTED})` };
  const size = SIZE_READERS[format](head);
  if (typeof size === 'string') return { ok: false, reason: size };
  const [width, height] = size;
  const name = IMAGE_FORMAT_NAMES[format];
  if (width < 1 || height < 1) return { ok: false, reason: `its ${name} header says it has no pixels (${width} x ${height})` };
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    const megapixels = ((width * height) / 1e6).toLocaleString('en', { maximumFractionDigits: 0 });
    return { ok: false, reason: `it is ${width.toLocaleString('en')} x ${height.toLocaleString('en')} pixels (${megapixels} megapixels): too large to decode safely (at most 50 megapixels and ${MAX_IMAGE_SIDE.toLocaleString('en')} pixels a side)` };
  }
  return { ok: true, format, width, height };
}
