// The blob store on disk (`dataDir`): one file per blob under `dir`, named by its id. A blob is streamed into
// `dir/.tmp-<id>` one chunk at a time (each write awaited: the body is never held, and a slow disk slows the
// upload down), fsynced, then renamed to `dir/<id>`: a kill -9 leaves a whole blob or a temp file, which
// `list` removes. Node only.
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type BlobStore, BlobTooLargeError } from './bytes.js';

/** What a blob id looks like (`crypto.randomUUID()`): a safe file name, never a path. */
const BLOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TEMP_PREFIX = '.tmp-';

/** How much a download reads from disk at a time. */
const READ_CHUNK_BYTES = 1024 * 1024;

export function createFileBlobStore(dir: string): BlobStore {
  if (typeof dir !== 'string' || !dir) {
    throw new TypeError(`Invalid \`dir\`: expected a directory path, received ${JSON.stringify(dir)}.`);
  }
  let ready: Promise<unknown> | undefined;
  const made = () => (ready ??= mkdir(dir, { recursive: true }));
  /** Temp files of writes under way in this process: `list` must not take them for a killed one's. */
  const writing = new Set<string>();
  const pathOf = (id: string) => join(dir, checkId(id));

  return {
    async write(source, maxBytes) {
      await made();
      const id = crypto.randomUUID();
      const temp = join(dir, `${TEMP_PREFIX}${id}`);
      writing.add(temp);
      try {
        const file = await open(temp, 'wx');
        let size = 0;
        try {
          for await (const chunk of source) {
            size += chunk.byteLength;
            if (size > maxBytes) throw new BlobTooLargeError(`the body exceeds ${maxBytes} bytes`);
            for (let done = 0; done < chunk.byteLength; ) {
              done += (await file.write(chunk, done, chunk.byteLength - done)).bytesWritten;
            }
          }
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temp, join(dir, id));
        await syncDirectory(dir);
        return { id, size };
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      } finally {
        writing.delete(temp);
      }
    },
    read(id, range) {
      const path = pathOf(id);
      // Opened when first read: a stream nobody reads would report a missing file as an unhandled error.
      return (async function* () {
        // 1 MiB reads, not the default 64 KiB: a download took a third less CPU (apps/bench, emulator).
        yield* createReadStream(path, {
          highWaterMark: READ_CHUNK_BYTES,
          ...(range && { start: range.start, end: range.end }),
        });
      })();
    },
    async delete(id) {
      await rm(pathOf(id), { force: true });
    },
    async list() {
      await made();
      const ids: string[] = [];
      for (const name of await readdir(dir)) {
        const path = join(dir, name);
        if (name.startsWith(TEMP_PREFIX) && !writing.has(path)) await rm(path, { force: true });
        else if (BLOB_ID.test(name)) ids.push(name);
      }
      return ids;
    },
  };
}

function checkId(id: string): string {
  if (typeof id !== 'string' || !BLOB_ID.test(id)) {
    const shown = JSON.stringify(id)?.slice(0, 100) ?? String(id);
    throw new TypeError(`Invalid blob \`id\`: expected an id the store made (a UUID), received ${shown}.`);
  }
  return id;
}

/** Makes the rename durable; a platform that cannot open a directory (Windows) has nothing to sync. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EPERM on Windows: the rename is as durable as that platform makes it.
  } finally {
    await handle?.close();
  }
}
