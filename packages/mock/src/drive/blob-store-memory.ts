// The blob store in memory (the default, and MSW's): each blob is the chunks it arrived in, copied once, so
// a read of a range walks the chunks and hands out views, never a copy of the whole blob.
// No Node-only API here: it runs in a browser under MSW.
import { type BlobRef, type BlobStore, BlobTooLargeError } from './bytes.js';

export function createMemoryBlobStore(): BlobStore {
  const blobs = new Map<string, Uint8Array[]>();
  return {
    async write(source, maxBytes) {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new BlobTooLargeError(`the body exceeds ${maxBytes} bytes`);
        // A copy: the source may reuse its buffer, or hold a larger one this view would keep alive.
        if (chunk.byteLength) chunks.push(new Uint8Array(chunk));
      }
      const ref: BlobRef = { id: crypto.randomUUID(), size };
      blobs.set(ref.id, chunks);
      return ref;
    },
    read(id, range) {
      // Looked up now: a blob deleted while it is read is still read whole.
      const chunks = blobs.get(id);
      return (async function* () {
        if (!chunks) throw new Error(`no blob ${JSON.stringify(id)} in the store`);
        let offset = 0;
        for (const chunk of chunks) {
          const from = Math.max((range?.start ?? 0) - offset, 0);
          const to = Math.min((range ? range.end + 1 : Number.POSITIVE_INFINITY) - offset, chunk.byteLength);
          offset += chunk.byteLength;
          if (from < to) yield chunk.subarray(from, to);
          if (range && offset > range.end) return;
        }
      })();
    },
    async delete(id) {
      blobs.delete(id);
    },
    async list() {
      return [...blobs.keys()];
    },
  };
}
