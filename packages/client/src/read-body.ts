// Reads a response body whole, but never more than `maxBytes` of it: an endless or huge answer is cut off
// (the stream is cancelled) instead of filling memory.

const UTF8 = new TextDecoder();

/** A body's bytes as text (UTF-8, as JSON is). */
export const textOf = (bytes: Uint8Array): string => UTF8.decode(bytes);

/** Thrown when the body is larger than allowed; the transport turns it into a typed error. */
export class BodyTooLarge extends Error {}

export async function readBody(response: Response, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!response.body) return new Uint8Array();
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body.cancel();
    throw new BodyTooLarge();
  }
  // A body is never longer than its declared length, so one that fits is safe to read in one go (the
  // common case, and the fastest) unless it is compressed: fetch inflates it, and inflated it can be any size.
  if (declared >= 0 && !response.headers.has('content-encoding'))
    return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    size += next.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(next.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
