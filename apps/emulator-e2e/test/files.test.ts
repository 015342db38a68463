// Issue 26, points 1–3: the client's uploadFile and downloadFile (@dingtalk-storage/client/files) against the
// drive emulator: bytes of every size come back the same (SHA-256), the large one from a Node Readable in
// parts; a dropped part's PUT is retried alone; an abort leaves no file; progress; a ranged download.
import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createStorageClient, type StorageClient } from '@dingtalk-storage/client';
import {
  DEFAULT_PART_SIZE,
  downloadFile,
  MIN_PART_SIZE,
  type UploadProgress,
  uploadFile,
} from '@dingtalk-storage/client/files';
import { describe, expect, it } from 'vitest';
import { sha256, testBytes } from './bytes.js';
import { emulatorPerFile } from './emulator.js';
import { UNION_ID } from './sdk.js';

const emulator = emulatorPerFile();
/**
 * Signed URLs that hold 4 s, for an upload slower than its signatures: long enough that a busy machine still
 * PUTs parts 1 and 2 in time, and signs once within SIGNATURE_USE_SHARE of it.
 */
const SHORT_LIFETIME_SECONDS = 4;
const shortLived = emulatorPerFile({ signedUrlLifetimeSeconds: SHORT_LIFETIME_SECONDS });

const ROOT = '0';
const MiB = 1024 * 1024;

async function spaceFor(sceneId: string): Promise<{ storage: StorageClient; spaceId: string }> {
  const storage = createStorageClient({ accessToken: 'emulator-e2e-token', baseUrl: emulator.mock.url });
  const { space } = await storage.createSpace({ unionId: UNION_ID, option: { scene: 'files', sceneId } });
  return { storage, spaceId: space.id };
}

/** `size` pseudo-random bytes as a Node Readable of 1 MiB chunks (AES-CTR keystream), made as read; and their SHA-256. */
function readableOf(size: number, seed: string): { readable: Readable; sha256: string } {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16);
  const keystream = () => createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const hash = createHash('sha256');
  const cipher = keystream();
  for (let left = size; left > 0; left -= MiB) hash.update(cipher.update(Buffer.alloc(Math.min(MiB, left))));
  async function* chunks() {
    const again = keystream();
    for (let left = size; left > 0; left -= MiB) yield again.update(Buffer.alloc(Math.min(MiB, left)));
  }
  return { readable: Readable.from(chunks(), { objectMode: false }), sha256: hash.digest('hex') };
}

/** The SHA-256 and size of a download, read as it streams. */
async function digestOf(response: Response): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), size };
}

const journal = (operationId: string) => emulator.mock.requests.filter((r) => r.operationId === operationId);

describe('uploadFile then downloadFile through the emulator', () => {
  it.each([
    ['1 byte', 1],
    ['5 MB', 5_000_000],
  ])('%s in one PUT gives the same SHA-256 back', async (_, size) => {
    const { storage, spaceId } = await spaceFor(`bytes-${size}`);
    const bytes = testBytes(size, `files-${size}`);
    const dentry = await uploadFile(storage, {
      spaceId,
      parentId: ROOT,
      unionId: UNION_ID,
      name: 'f.bin',
      body: bytes,
    });
    expect(dentry.size).toBe(size);
    expect(journal('putObject')).toHaveLength(1);
    const response = await downloadFile(storage, { spaceId, dentryId: dentry.id, unionId: UNION_ID });
    expect(await digestOf(response)).toEqual({ sha256: sha256(bytes), size });
  });

  it('64 MB from a Node Readable goes multipart and gives the same SHA-256 back', async () => {
    const size = 64 * MiB;
    const { storage, spaceId } = await spaceFor('bytes-64m');
    const { readable, sha256: expected } = readableOf(size, 'files-64m');
    const dentry = await uploadFile(storage, {
      spaceId,
      parentId: ROOT,
      unionId: UNION_ID,
      name: 'big.bin',
      body: readable,
    });
    expect(dentry.size).toBe(size);
    expect(journal('initMultipartFileUpload')).toHaveLength(1);
    expect(journal('putObject')).toHaveLength(size / DEFAULT_PART_SIZE);
    const response = await downloadFile(storage, { spaceId, dentryId: dentry.id, unionId: UNION_ID });
    expect(await digestOf(response)).toEqual({ sha256: expected, size });
  });

  it('retries a part whose PUT was dropped alone: one more putObject, one commitFile', async () => {
    const { storage, spaceId } = await spaceFor('dropped-part');
    const parts = 5;
    const bytes = testBytes(parts * MIN_PART_SIZE, 'dropped-part');
    emulator.mock.inject('putObject', { reset: true });
    const dentry = await uploadFile(storage, {
      spaceId,
      parentId: ROOT,
      unionId: UNION_ID,
      name: 'parts.bin',
      body: bytes,
      partSize: MIN_PART_SIZE,
      retry: { baseDelayMs: 0 },
    });
    const puts = journal('putObject');
    expect(puts).toHaveLength(parts + 1);
    expect(puts.filter((r) => r.status === 0)).toHaveLength(1);
    // The dropped PUT's path came again; every other part's only once.
    const paths = puts.map((r) => r.path);
    const dropped = puts.find((r) => r.status === 0)?.path;
    expect(paths.filter((p) => p === dropped)).toHaveLength(2);
    expect(new Set(paths).size).toBe(parts);
    expect(journal('commitFile')).toHaveLength(1);
    const response = await downloadFile(storage, { spaceId, dentryId: dentry.id, unionId: UNION_ID });
    expect((await digestOf(response)).sha256).toBe(sha256(bytes));
  });

  it('an abort mid-upload leaves no committed file', async () => {
    const { storage, spaceId } = await spaceFor('abort');
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const error = await uploadFile(storage, {
      spaceId,
      parentId: ROOT,
      unionId: UNION_ID,
      name: 'never.bin',
      body: readableOf(20 * MIN_PART_SIZE, 'abort').readable,
      partSize: MIN_PART_SIZE,
      concurrency: 2,
      signal: controller.signal,
      // Mid-upload: once the first part is in.
      onProgress: () => controller.abort(reason),
    }).catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(journal('commitFile')).toHaveLength(0);
    expect(journal('putObject').length).toBeLessThan(20);
    const { dentries } = await storage.listDentries({ spaceId, parentId: ROOT, unionId: UNION_ID });
    expect(dentries ?? []).toEqual([]);
  });

  it('reports progress that only grows and ends at the size', async () => {
    const { storage, spaceId } = await spaceFor('progress');
    const size = 7 * MIN_PART_SIZE + 11;
    const seen: UploadProgress[] = [];
    await uploadFile(storage, {
      spaceId,
      parentId: ROOT,
      unionId: UNION_ID,
      name: 'progress.bin',
      body: testBytes(size, 'progress'),
      partSize: MIN_PART_SIZE,
      onProgress: (progress) => seen.push(progress),
    });
    const sent = seen.map((p) => p.bytesSent);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(sent.at(-1)).toBe(size);
    expect(seen.every((p) => p.totalBytes === size)).toBe(true);
  });

  it('downloads a range as that slice of the file', async () => {
    const { storage, spaceId } = await spaceFor('range');
    const bytes = testBytes(300_000, 'range');
    const dentry = await uploadFile(storage, {
      spaceId,
      parentId: ROOT,
      unionId: UNION_ID,
      name: 'r.bin',
      body: bytes,
    });
    const response = await downloadFile(storage, {
      spaceId,
      dentryId: dentry.id,
      unionId: UNION_ID,
      range: { start: 123_456, end: 234_566 },
    });
    expect(response.status).toBe(206);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes.subarray(123_456, 234_567));
  });
});

describe('uploadFile slower than its signatures', () => {
  it('signs the parts again once their URLs are stale: every PUT taken, the same SHA-256 back', async () => {
    const storage = createStorageClient({ accessToken: 'emulator-e2e-token', baseUrl: shortLived.mock.url });
    const { space } = await storage.createSpace({
      unionId: UNION_ID,
      option: { scene: 'files', sceneId: 'slow' },
    });
    const entries = (operationId: string) =>
      shortLived.mock.requests.filter((r) => r.operationId === operationId);
    const bytes = testBytes(3 * MIN_PART_SIZE, 'slow-stream');
    // Parts 1 and 2, then a source that stalls until the first signatures have expired: an x-oss-expires of
    // whole seconds lapses at most the lifetime plus a second after it was signed. Without signing again,
    // part 3's PUT is refused (AccessDenied, expired) and the upload fails.
    async function* slowSource() {
      yield bytes.slice(0, 2 * MIN_PART_SIZE);
      const deadline = Date.now() + 60_000;
      while (entries('getMultipartFileUploadInfos').length === 0) {
        if (Date.now() > deadline) throw new Error('uploadFile never signed its parts');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const signedAt = entries('getMultipartFileUploadInfos')[0]?.at ?? 0;
      const expired = signedAt + (SHORT_LIFETIME_SECONDS + 1.5) * 1000;
      while (Date.now() < expired) await new Promise((resolve) => setTimeout(resolve, 50));
      yield bytes.slice(2 * MIN_PART_SIZE);
    }
    const dentry = await uploadFile(storage, {
      spaceId: space.id,
      parentId: ROOT,
      unionId: UNION_ID,
      name: 'slow.bin',
      body: slowSource(),
      partSize: MIN_PART_SIZE,
      retry: false,
    });
    // Signed again at least once (more only if the machine was slow enough for parts 1 and 2 to go stale).
    expect(entries('getMultipartFileUploadInfos').length).toBeGreaterThanOrEqual(2);
    expect(entries('putObject').map((r) => r.status)).toEqual([200, 200, 200]);
    const response = await downloadFile(storage, {
      spaceId: space.id,
      dentryId: dentry.id,
      unionId: UNION_ID,
    });
    expect((await digestOf(response)).sha256).toBe(sha256(bytes));
  });
});
