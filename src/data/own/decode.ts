/**
 * Decoding a user's image, off the main thread where it can be (a Web Worker has createImageBitmap
 * and OffscreenCanvas): the header is read and judged first, so that a decompression bomb is
 * refused unread; then the centred square is resized to the size kept in storage.
 */
import { HEADER_BYTES, readImageHeader, type ImageHeader } from './imageHeader';
import { centredSquare } from './pixels';

/** The side of the copy kept of every image: the largest input offered, so any input size derives from it. */
export const KEPT_SIDE = 64;

/** A file the page cannot take, with the reason in words ("it is not an image this page reads …"). */
export class ImageFileError extends Error {}

export async function readHeaderOf(blob: Blob): Promise<ImageHeader> {
  const head = new Uint8Array(await blob.slice(0, HEADER_BYTES).arrayBuffer());
  return readImageHeader(head, blob.size);
}

const canvases = new Map<number, OffscreenCanvasRenderingContext2D>();

/**
 * One canvas per side, reused: a fresh canvas per image costs more than the image. Safe while
 * several decodes overlap, as each draws and reads (or hands to convertToBlob, which copies) in one
 * synchronous run.
 */
function canvasOf(side: number): OffscreenCanvasRenderingContext2D {
  const known = canvases.get(side);
  if (known) return known;
  const context = new OffscreenCanvas(side, side).getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('This browser gives no 2D canvas to a worker.');
  canvases.set(side, context);
  return context;
}

/**
 * `blob`'s centred square at `side` x `side`, as RGBA over white (a transparent pixel reads as
 * paper, as a drawing's background). Throws ImageFileError for a file the header refuses or the
 * browser cannot decode (a truncated or corrupt file).
 */
export async function decodeSquare(blob: Blob, side: number): Promise<{ rgba: Uint8ClampedArray; width: number; height: number }> {
  const header = await readHeaderOf(blob);
  if (!header.ok) throw new ImageFileError(header.reason);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new ImageFileError('the browser could not decode it: the file is damaged or cut short');
  }
  try {
    const [x, y, square] = centredSquare(bitmap.width, bitmap.height);
    const context = canvasOf(side);
    context.fillStyle = '#fff';
    context.fillRect(0, 0, side, side);
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, x, y, square, square, 0, 0, side, side);
    return { rgba: context.getImageData(0, 0, side, side).data, width: bitmap.width, height: bitmap.height };
  } finally {
    bitmap.close();
  }
}

/** RGBA pixels of `side` x `side` as a PNG file (lossless: what is kept is what trains). */
export async function encodePng(rgba: Uint8ClampedArray, side: number): Promise<Blob> {
  const context = canvasOf(side);
  context.putImageData(new ImageData(new Uint8ClampedArray(rgba), side, side), 0, 0);
  return context.canvas.convertToBlob({ type: 'image/png' });
}
