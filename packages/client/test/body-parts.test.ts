// How uploadFile cuts a stream into parts: every byte once and in order whatever the chunks' sizes; chunks of
// HELD_CHUNK_BYTES or more held as they came (not copied), smaller ones copied together into pieces, so that a
// part of tiny chunks is a few pieces, not one per chunk, and holds no more memory than its bytes.
import { describe, expect, it } from 'vitest';
import { GATHERED_PIECE_BYTES, gatheredParts, HELD_CHUNK_BYTES, type Part } from '../src/files/body-parts.js';

const PART = 4 * GATHERED_PIECE_BYTES + 123;

/** Each chunk its own memory, its bytes telling where in the stream they are. */
function chunksOfSizes(sizes: number[]): Uint8Array[] {
  let at = 0;
  return sizes.map((size) => Uint8Array.from({ length: size }, () => at++ % 251));
}

async function partsOf(chunks: Uint8Array[], partSize = PART): Promise<Part[]> {
  async function* source() {
    yield* chunks;
  }
  const parts: Part[] = [];
  for await (const part of gatheredParts(source(), partSize)) parts.push(part);
  return parts;
}

const bytesOf = (pieces: Uint8Array[]) => Buffer.concat(pieces);

describe('a stream cut into parts', () => {
  it.each([
    ['tiny chunks', Array.from({ length: 3_000 }, (_, i) => 1 + (i % 200))],
    ['chunks about the part size', [PART - 1, PART + 2, 5, PART]],
    [
      'small and large chunks in turn',
      Array.from({ length: 40 }, (_, i) => (i % 2 ? 3 : HELD_CHUNK_BYTES + i)),
    ],
    ['one byte', [1]],
  ])('%s: every byte once, in order, parts of partSize but the last', async (_, sizes) => {
    const chunks = chunksOfSizes(sizes);
    const parts = await partsOf(chunks);
    expect(bytesOf(parts.flatMap((p) => p.pieces)).equals(bytesOf(chunks))).toBe(true);
    for (const part of parts) expect(part.byteLength).toBe(bytesOf(part.pieces).byteLength);
    expect(parts.slice(0, -1).every((p) => p.byteLength === PART)).toBe(true);
    expect(parts.at(-1)?.byteLength).toBeGreaterThan(0);
  });

  it('holds a chunk of HELD_CHUNK_BYTES or more as it came: the same memory, not a copy', async () => {
    const [chunk] = chunksOfSizes([HELD_CHUNK_BYTES]) as [Uint8Array];
    const [part] = await partsOf([chunk]);
    expect(part?.pieces).toHaveLength(1);
    expect(part?.pieces[0]?.buffer).toBe(chunk.buffer);
  });

  it('copies tiny chunks together: a part of 100-byte chunks is a few pieces, no more memory than its bytes', async () => {
    const parts = await partsOf(
      chunksOfSizes(Array.from({ length: Math.ceil((2 * PART) / 100) }, () => 100)),
    );
    for (const part of parts) {
      expect(part.pieces.length).toBeLessThanOrEqual(Math.ceil(part.byteLength / GATHERED_PIECE_BYTES) + 1);
      const held = new Set(part.pieces.map((piece) => piece.buffer));
      const memory = [...held].reduce((sum, buffer) => sum + buffer.byteLength, 0);
      expect(memory).toBe(part.byteLength);
    }
  });

  it('gives an empty stream as one empty part', async () => {
    expect(await partsOf([])).toEqual([{ pieces: [], byteLength: 0 }]);
  });
});
