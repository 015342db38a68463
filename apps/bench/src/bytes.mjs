// The bytes the emulator benchmarks send: a stream of `size` bytes made from one random chunk sent again and
// again, so that a 500 MB upload never holds more than one chunk in this process.
import { randomFillSync } from 'node:crypto';

export const MiB = 2 ** 20;
/** The chunk the stream repeats: as large as a socket write usually is, so the chunking costs nothing. */
export const CHUNK_BYTES = MiB;

const chunk = randomFillSync(Buffer.alloc(CHUNK_BYTES));

/**
 * `size` bytes as chunks of at most CHUNK_BYTES (the same memory each time: written, never changed). The size
 * is checked at the call, before a request is sent, not when the first chunk is asked for.
 */
export function byteChunks(size) {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new TypeError(`bench: size must be a whole number of bytes, got ${size}`);
  }
  return (function* () {
    for (let left = size; left > 0; left -= CHUNK_BYTES) {
      yield left >= CHUNK_BYTES ? chunk : chunk.subarray(0, left);
    }
  })();
}

/**
 * `size` bytes as byteChunks, each in new memory, as a file read from disk comes: what the file helpers'
 * memory benchmark uploads, since uploadFile holds a stream's chunks (not copies) until their part is sent.
 */
export function* freshChunks(size) {
  for (const chunk of byteChunks(size)) yield Buffer.from(chunk);
}
