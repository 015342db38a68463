// Any upload body cut into parts of `partSize` bytes, pulled one at a time: bytes in memory are sliced
// without copying, a Blob is read a part at a time, a stream is gathered into one fresh buffer per part.
// The caller pulls the next part only when it has room to send it, so a stream never has more than the
// parts in flight plus the one being gathered in memory. A part is kept until it is sent, so every attempt
// of its PUT sends the same bytes; then `sent` hands its memory back to gather a later part in (fresh,
// zero-filled buffers per part were most of a streamed upload's CPU and garbage: apps/bench).
import { check } from '../errors.js';

/** What `uploadFile` takes as the file's bytes. */
export type UploadBody =
  | Uint8Array
  | ArrayBuffer
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

export interface SlicedBody {
  /** The size in bytes, when known before reading (not for a stream). */
  size: number | undefined;
  /** The parts in order; the last may be shorter, and an empty body is one empty part. */
  parts: AsyncGenerator<Uint8Array<ArrayBuffer>, void, undefined>;
  /** A part is sent for good: its memory may hold a later part. */
  sent(part: Uint8Array<ArrayBuffer>): void;
}

const keep = () => {};

export function sliceBody(body: UploadBody, partSize: number): SlicedBody {
  if (body instanceof ArrayBuffer) return inMemory(new Uint8Array(body), partSize);
  if (body instanceof Uint8Array) return inMemory(body, partSize);
  if (typeof Blob !== 'undefined' && body instanceof Blob)
    return { size: body.size, parts: blobParts(body, partSize), sent: keep };
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream)
    return gathered(readerChunks(body), partSize);
  check(
    typeof body === 'object' && body !== null && Symbol.asyncIterator in body,
    'body',
    'a Uint8Array, an ArrayBuffer, a Blob, a ReadableStream or an AsyncIterable of Uint8Array',
    body,
  );
  return gathered(body as AsyncIterable<Uint8Array>, partSize);
}

function inMemory(bytes: Uint8Array, partSize: number): SlicedBody {
  async function* parts() {
    let offset = 0;
    do {
      yield bytes.subarray(offset, offset + partSize) as Uint8Array<ArrayBuffer>;
      offset += partSize;
    } while (offset < bytes.byteLength);
  }
  return { size: bytes.byteLength, parts: parts(), sent: keep };
}

async function* blobParts(blob: Blob, partSize: number) {
  let offset = 0;
  do {
    yield new Uint8Array(await blob.slice(offset, offset + partSize).arrayBuffer());
    offset += partSize;
  } while (offset < blob.size);
}

/** A web stream's chunks; stopping early cancels the stream. */
async function* readerChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
    done = true;
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** Chunks of any size gathered into parts of exactly `partSize` (the last one shorter). */
function gathered(source: AsyncIterable<Uint8Array>, partSize: number): SlicedBody {
  /** The memory of parts sent, to gather the next ones in. */
  const free: ArrayBuffer[] = [];
  return {
    size: undefined,
    parts: gatheredParts(source, partSize, free),
    sent: (part) => {
      if (part.buffer.byteLength === partSize) free.push(part.buffer);
    },
  };
}

async function* gatheredParts(source: AsyncIterable<Uint8Array>, partSize: number, free: ArrayBuffer[]) {
  // Taken when the first byte of a part arrives, not when the previous one goes.
  let part: Uint8Array<ArrayBuffer> | undefined;
  let filled = 0;
  let yielded = false;
  for await (const chunk of source) {
    check(chunk instanceof Uint8Array, 'body', 'chunks that are Uint8Array (a Node.js buffer is one)', chunk);
    for (let offset = 0; offset < chunk.byteLength; ) {
      part ??= new Uint8Array(free.pop() ?? new ArrayBuffer(partSize));
      const taken = Math.min(partSize - filled, chunk.byteLength - offset);
      part.set(chunk.subarray(offset, offset + taken), filled);
      filled += taken;
      offset += taken;
      if (filled === partSize) {
        const full = part;
        part = undefined;
        filled = 0;
        yielded = true;
        yield full;
      }
    }
  }
  if (part || !yielded) yield (part ?? new Uint8Array(0)).subarray(0, filled);
}
