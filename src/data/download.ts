/** Streaming helpers for loadMnist: read a body chunk by chunk with progress, and inflate with DecompressionStream. */

/** Thrown when a body is longer than the caller said it would be (e.g. an HTML page instead of the file). */
export class BodyTooLongError extends Error {
  override readonly name = 'BodyTooLongError';
  constructor(readonly start: Uint8Array) {
    super('the response is longer than expected');
  }
}

/**
 * Reads a response body into one buffer of `expectedBytes`, calling `onChunk(bytes)` per chunk.
 * Returns what arrived: fewer bytes than expected when the body was shorter (the caller decides).
 */
export async function readBody(
  response: Response,
  expectedBytes: number,
  onChunk: (bytes: number) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  const out = new Uint8Array(expectedBytes);
  if (!response.body) {
    const all = new Uint8Array(await response.arrayBuffer());
    if (all.length > expectedBytes) throw new BodyTooLongError(all.subarray(0, 64));
    out.set(all);
    onChunk(all.length);
    return out.subarray(0, all.length);
  }
  const reader = response.body.getReader();
  let offset = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (offset + value.length > expectedBytes) {
      const start = offset > 0 ? out.slice(0, 64) : value.slice(0, 64);
      await reader.cancel();
      throw new BodyTooLongError(start);
    }
    out.set(value, offset);
    offset += value.length;
    onChunk(value.length);
  }
  return out.subarray(0, offset);
}

/**
 * Inflates zlib-format DEFLATE (what node:zlib deflateSync writes) into a buffer of exactly
 * `expectedBytes`. Rejects when the data is corrupt (bad stream or Adler-32) or has another length.
 */
export async function inflate(compressed: Uint8Array<ArrayBuffer>, expectedBytes: number): Promise<Uint8Array> {
  const stream = new Blob([compressed]).stream().pipeThrough(new DecompressionStream('deflate'));
  const reader = stream.getReader();
  const out = new Uint8Array(expectedBytes);
  let offset = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (offset + value.length > expectedBytes) {
      await reader.cancel();
      throw new Error(`inflates to more than the expected ${expectedBytes} bytes`);
    }
    out.set(value, offset);
    offset += value.length;
  }
  if (offset !== expectedBytes) throw new Error(`inflates to ${offset} bytes, expected ${expectedBytes}`);
  return out;
}
