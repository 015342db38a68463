// Both blob stores keep the same promises (bytes.ts's BlobStore): what is written reads back whole or by
// range, a body past maxBytes is refused and leaves nothing, and what is deleted is gone. The file store
// also never leaves a temp file, removes a killed writer's, and refuses an id that is not its own.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileBlobStore } from '../src/drive/blob-store-fs.js';
import { createMemoryBlobStore } from '../src/drive/blob-store-memory.js';
import { type BlobStore, BlobTooLargeError } from '../src/drive/bytes.js';

const dirs: string[] = [];
const freshDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'blob-store-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** The bytes 0..n-1 (mod 256), in chunks of the given sizes. */
async function* chunked(...sizes: number[]) {
  let next = 0;
  for (const size of sizes) {
    yield Uint8Array.from({ length: size }, () => next++ % 256);
  }
}
const bytes = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => (from + i) % 256);

async function readAll(source: AsyncIterable<Uint8Array>): Promise<number[]> {
  const out: number[] = [];
  for await (const chunk of source) out.push(...chunk);
  return out;
}

const stores: [string, () => Promise<{ store: BlobStore; dir?: string }>][] = [
  ['memory', async () => ({ store: createMemoryBlobStore() })],
  [
    'file',
    async () => {
      const dir = await freshDir();
      return { store: createFileBlobStore(dir), dir };
    },
  ],
];

describe.each(stores)('the %s blob store', (_, make) => {
  it('reads back what it wrote, whole and by any range across chunks', async () => {
    const { store } = await make();
    const blob = await store.write(chunked(3, 0, 5, 2), 100);
    expect(blob.size).toBe(10);
    expect(await readAll(store.read(blob.id))).toEqual(bytes(0, 10));
    for (const [start, end] of [
      [0, 0],
      [2, 3],
      [3, 7],
      [4, 9],
      [9, 9],
    ] as const) {
      expect(await readAll(store.read(blob.id, { start, end })), `${start}-${end}`).toEqual(
        bytes(start, end + 1),
      );
    }
    expect(await store.list()).toEqual([blob.id]);
  });

  it('keeps an empty blob', async () => {
    const { store } = await make();
    const blob = await store.write(chunked(), 0);
    expect(blob.size).toBe(0);
    expect(await readAll(store.read(blob.id))).toEqual([]);
  });

  it('accepts exactly maxBytes, refuses one byte more with BlobTooLargeError and keeps nothing', async () => {
    const { store, dir } = await make();
    expect((await store.write(chunked(4, 4), 8)).size).toBe(8);
    let read = 0;
    async function* endless() {
      for (;;) {
        read++;
        yield new Uint8Array(4);
      }
    }
    await expect(store.write(endless(), 8)).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(read).toBe(3); // stopped at the chunk past the limit, not at the end of the source
    // The folder before `list`, which would remove a temp file left behind.
    if (dir) expect(await readdir(dir)).toHaveLength(1);
    expect(await store.list()).toHaveLength(1);
  });

  it("rejects with the source's error and keeps nothing", async () => {
    const { store, dir } = await make();
    async function* broken() {
      yield new Uint8Array(5);
      throw new Error('the client went away');
    }
    await expect(store.write(broken(), 100)).rejects.toThrow('the client went away');
    if (dir) expect(await readdir(dir)).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  it('deletes a blob: it is no longer listed or readable; deleting it again is fine', async () => {
    const { store } = await make();
    const kept = await store.write(chunked(2), 10);
    const gone = await store.write(chunked(3), 10);
    await store.delete(gone.id);
    await store.delete(gone.id);
    expect(await store.list()).toEqual([kept.id]);
    await expect(readAll(store.read(gone.id))).rejects.toThrow();
  });
});

describe('the file blob store on its own', () => {
  it('a new store on the same folder lists and reads the blobs of the last (a restart)', async () => {
    const dir = await freshDir();
    const blob = await createFileBlobStore(dir).write(chunked(6), 10);
    const again = createFileBlobStore(dir);
    expect(await again.list()).toEqual([blob.id]);
    expect(await readAll(again.read(blob.id))).toEqual(bytes(0, 6));
  });

  it('list removes temp files a killed writer left, not the temp file of a write under way', async () => {
    const dir = await freshDir();
    const store = createFileBlobStore(dir);
    const blob = await store.write(chunked(1), 10);
    await writeFile(join(dir, `.tmp-${crypto.randomUUID()}`), 'half a blob');
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const writing = new Promise<void>((resolve) => {
      started = resolve;
    });
    const slow = store.write(
      (async function* () {
        yield new Uint8Array(1);
        started();
        await held;
      })(),
      10,
    );
    await writing;
    expect(await store.list()).toEqual([blob.id]);
    const names = await readdir(dir);
    expect(names.filter((name) => name.startsWith('.tmp-'))).toHaveLength(1); // the live one
    release();
    const second = await slow;
    expect((await store.list()).sort()).toEqual([blob.id, second.id].sort());
  });

  it.each([
    '../escape',
    '/etc/passwd',
    '',
    '.tmp-3b241101-e2bb-4255-8caf-4136c566a962',
    'A3B241101-E2BB-4255-8CAF-4136C566A962',
  ])('refuses the id %j with a TypeError, reaching no file', async (id) => {
    const store = createFileBlobStore(await freshDir());
    expect(() => store.read(id)).toThrow(TypeError);
    await expect(store.delete(id)).rejects.toThrow(/Invalid blob `id`/);
  });
});
