/**
 * From a canvas's RGBA to the dataset's bytes: RGB as it is, or grey as ITU-R BT.601 luma (what
 * PIL's convert('L') computes, so the exported script's grey images are these). Pure.
 */
import { imageHash } from '../stratifiedSplit';

/** Luma of one pixel, rounded as PIL rounds it: (R*299 + G*587 + B*114 + 500) / 1000. */
export const luma = (r: number, g: number, b: number) => Math.floor((r * 299 + g * 587 + b * 114 + 500) / 1000);

/** `rgba` (4 bytes a pixel) as `channels` (1 or 3) bytes a pixel, into `out` at `offset`. */
export function pixelsFromRgba(rgba: Uint8ClampedArray | Uint8Array, channels: 1 | 3, out: Uint8Array, offset = 0): void {
  const count = rgba.length / 4;
  for (let p = 0; p < count; p++) {
    const r = rgba[p * 4] ?? 0, g = rgba[p * 4 + 1] ?? 0, b = rgba[p * 4 + 2] ?? 0;
    if (channels === 1) out[offset + p] = luma(r, g, b);
    else out.set([r, g, b], offset + p * 3);
  }
}

/** Whether every pixel of `rgba` is grey (R = G = B): then the image needs one channel, not three. */
export function isGreyRgba(rgba: Uint8ClampedArray | Uint8Array): boolean {
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) return false;
  return true;
}

/** The centred square of a `width` x `height` picture, as [x, y, side]: what a square input sees of a photo. */
export function centredSquare(width: number, height: number): [number, number, number] {
  const side = Math.min(width, height);
  return [Math.floor((width - side) / 2), Math.floor((height - side) / 2), side];
}

/**
 * A key that two images share only when their pixels are the same (two 32-bit hashes and the
 * length: a chance collision among 10,000 images is about 1 in 10^11), so copies are found without
 * keeping every image's pixels.
 */
export function pixelKey(rgba: Uint8ClampedArray | Uint8Array): string {
  let second = 0x9e3779b9;
  for (let i = rgba.length - 1; i >= 0; i--) second = Math.imul(second ^ (rgba[i] ?? 0), 0x5bd1e995) ^ (second >>> 15);
  return `${rgba.length.toString(36)}.${imageHash(rgba).toString(36)}.${(second >>> 0).toString(36)}`;
}
