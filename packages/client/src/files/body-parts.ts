// Any upload body cut into parts of `partSize` bytes, pulled one at a time: bytes in memory are sliced
// without copying, a Blob is read a part at a time, a stream's chunks are held as they came (a chunk across
// a part's end is split into two views; chunks under HELD_CHUNK_BYTES are copied together into pieces). The
// caller pulls the next part only when it has room to send it, so a stream never has more than the parts in
// flight plus the one being read in memory. A part is kept until it is sent, so every attempt of its PUT
// sends the same bytes. Chunks are held, not copied: a copy into a part's own buffer was most of a streamed
// upload's CPU (apps/bench, files). So a source must not write into a chunk it has yielded, as Node's and
// web streams never do (AWS lib-storage holds them too).
import { check } from '../errors.js';

/**
 * What `uploadFile` takes as the file's bytes. A stream's chunks of HELD_CHUNK_BYTES or more are held until
 * their part is sent, not copied: a source must not write into a chunk it has yielded (Node's and web
 * streams never do).
 */
export type UploadBody =
  | Uint8Array
  | ArrayBuffer
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/** A part's bytes: the pieces they are in, in order, and their total. */
export interface Part {
  pieces: Uint8Array[];
  byteLength: number;
}

export interface SlicedBody {
  /** The size in bytes, when known before reading (not for a stream). */
  size: number | undefined;
  /** The parts in order; the last may be shorter, and an empty body is one empty part. */
  parts: AsyncGenerator<Part, void, undefined>;
  /**
   * Cancels the source now, also while `parts` waits on it (its own `return()` would wait for that read):
   * a web stream is cancelled, a Node stream destroyed, another async iterator returned (an async generator
   * stuck in a read of its own ends only when that read does; the upload does not wait for it).
   */
  cancel(): void;
}

const nothingToCancel = () => {};

export function sliceBody(body: UploadBody, partSize: number): SlicedBody {
  if (body instanceof ArrayBuffer) return inMemory(new Uint8Array(body), partSize);
  if (body instanceof Uint8Array) return inMemory(body, partSize);
  if (typeof Blob !== 'undefined' && body instanceof Blob)
    return { size: body.size, parts: blobParts(body, partSize), cancel: nothingToCancel };
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) {
    const reader = body.getReader();
    return {
      size: undefined,
      parts: gatheredParts(readerChunks(reader), partSize),
      cancel: () => {
        reader.cancel().catch(() => {});
      },
    };
  }
  check(
    typeof body === 'object' && body !== null && Symbol.asyncIterator in body,
    'body',
    'a Uint8Array, an ArrayBuffer, a Blob, a ReadableStream or an AsyncIterable of Uint8Array',
    body,
  );
  const iterator = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  const { destroy } = body as { destroy?: unknown };
  return {
    size: undefined,
    parts: gatheredParts({ [Symbol.asyncIterator]: () => iterator }, partSize),
    cancel: () => {
      // A Node stream's iterator is an async generator, whose return() waits for the read under way.
      if (typeof destroy === 'function') destroy.call(body);
      else
        Promise.resolve()
          .then(() => iterator.return?.())
          .catch(() => {});
    },
  };
}

const partOf = (bytes: Uint8Array): Part => ({ pieces: [bytes], byteLength: bytes.byteLength });

function inMemory(bytes: Uint8Array, partSize: number): SlicedBody {
  async function* parts() {
    let offset = 0;
    do {
      yield partOf(bytes.subarray(offset, offset + partSize));
      offset += partSize;
    } while (offset < bytes.byteLength);
  }
  return { size: bytes.byteLength, parts: parts(), cancel: nothingToCancel };
}

async function* blobParts(blob: Blob, partSize: number) {
  let offset = 0;
  do {
    yield partOf(new Uint8Array(await blob.slice(offset, offset + partSize).arrayBuffer()));
    offset += partSize;
  } while (offset < blob.size);
}

/** A web stream's chunks; stopping early cancels the stream. */
async function* readerChunks(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<Uint8Array> {
  let done = false;
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
    done = true;
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/**
 * Chunks at least this large are held as they came. Smaller ones are copied together into pieces of
 * GATHERED_PIECE_BYTES: a piece per 100-byte line of a text stream would cost more in objects and writes
 * than its bytes, and the memory bound would no longer be the bytes.
 */
export const HELD_CHUNK_BYTES = 16 * 1024;
/** The size of the pieces small chunks are copied into. */
export const GATHERED_PIECE_BYTES = 64 * 1024;

/** Chunks of any size in parts of exactly `partSize` bytes (the last one shorter). */
export async function* gatheredParts(source: AsyncIterable<Uint8Array>, partSize: number) {
  let part: Part = { pieces: [], byteLength: 0 };
  let yielded = false;
  // Small chunks copied so far, not yet a piece of the part.
  let gathering: Uint8Array | undefined;
  let gathered = 0;
  const endGathering = () => {
    if (!gathering || gathered === 0) return;
    // A piece only partly filled is cut to its bytes, so that it holds no more memory than it carries.
    part.pieces.push(gathered === gathering.byteLength ? gathering : gathering.slice(0, gathered));
    gathering = undefined;
    gathered = 0;
  };
  for await (const chunk of source) {
    check(chunk instanceof Uint8Array, 'body', 'chunks that are Uint8Array (a Node.js buffer is one)', chunk);
    for (let offset = 0; offset < chunk.byteLength; ) {
      const taken = Math.min(partSize - part.byteLength, chunk.byteLength - offset);
      const piece =
        offset === 0 && taken === chunk.byteLength ? chunk : chunk.subarray(offset, offset + taken);
      if (piece.byteLength >= HELD_CHUNK_BYTES) {
        endGathering();
        part.pieces.push(piece);
      } else {
        if (gathering && gathered + piece.byteLength > gathering.byteLength) endGathering();
        gathering ??= new Uint8Array(GATHERED_PIECE_BYTES);
        gathering.set(piece, gathered);
        gathered += piece.byteLength;
      }
      part.byteLength += taken;
      offset += taken;
      if (part.byteLength === partSize) {
        endGathering();
        const full = part;
        part = { pieces: [], byteLength: 0 };
        yielded = true;
        yield full;
      }
    }
  }
  endGathering();
  if (part.byteLength > 0 || !yielded) yield part;
}
