// The emulator benchmarks' bytes: exactly the size asked for, made a chunk at a time (never the whole file).
import { describe, expect, it } from 'vitest';
import { byteChunks, CHUNK_BYTES, freshChunks } from '../src/bytes.mjs';

describe('byteChunks', () => {
  it.each([0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, 3 * CHUNK_BYTES + 7])('yields %i bytes in all', (size) => {
    const chunks = [...byteChunks(size)];
    expect(chunks.reduce((sum, chunk) => sum + chunk.length, 0)).toBe(size);
    expect(chunks.every((chunk) => chunk.length > 0 && chunk.length <= CHUNK_BYTES)).toBe(true);
  });

  it('sends the same memory again rather than making more of it', () => {
    const chunks = [...byteChunks(4 * CHUNK_BYTES)];
    expect(new Set(chunks.map((chunk) => chunk.buffer)).size).toBe(1);
  });

  it.each([-1, 1.5, Number.NaN, '10'])('refuses the size %s at the call, naming it', (size) => {
    expect(() => byteChunks(size)).toThrow(/size must be a whole number of bytes/);
  });
});

describe('freshChunks', () => {
  it('yields the same bytes as byteChunks, each chunk in memory of its own', () => {
    const size = 3 * CHUNK_BYTES + 7;
    const fresh = [...freshChunks(size)];
    expect(Buffer.concat(fresh).equals(Buffer.concat([...byteChunks(size)]))).toBe(true);
    expect(new Set(fresh.map((chunk) => chunk.buffer)).size).toBe(fresh.length);
  });
});
