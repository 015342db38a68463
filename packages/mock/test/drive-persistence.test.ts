// The drive kept on disk (`dataDir`): a restarted emulator serves the same spaces, files and bytes; one
// emulator per folder at a time (a live one's lock refuses another, a dead one's is taken over); what a
// kill -9 can leave behind (a half-written state.json.tmp, a blob no state names) does not stop a start,
// and the stray blob is removed; reset empties the drive and its bytes on disk. Real servers on 127.0.0.1
// port 0, each temporary folder removed after its test.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorageClient, type StorageClient } from '@dingtalk-storage/client';
import { afterEach, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index.js';
import { expectRefusal, OWNER } from './drive.js';

const folders: string[] = [];
const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'drive-persistence-'));
  folders.push(dir);
  return dir;
}

async function start(dir: string): Promise<{ mock: MockServer; storage: StorageClient }> {
  const mock = await startMockServer({ port: 0, mode: 'stateful', dataDir: dir });
  servers.push(mock);
  return { mock, storage: createStorageClient({ baseUrl: mock.url, accessToken: 'tok', retry: false }) };
}

async function stop(mock: MockServer): Promise<void> {
  servers.splice(servers.indexOf(mock), 1);
  await mock.close();
}

/** getFileUploadInfo, the signed PUT (real HTTP to the byte origin), commitFile. */
async function upload(storage: StorageClient, spaceId: string, name: string, content: string) {
  const info = await storage.getFileUploadInfo({
    spaceId,
    unionId: OWNER,
    protocol: 'HEADER_SIGNATURE',
    multipart: false,
  });
  const put = await fetch(info.headerSignatureInfo?.resourceUrls?.[0] ?? '', {
    method: 'PUT',
    headers: info.headerSignatureInfo?.headers ?? {},
    body: content,
  });
  expect(put.status).toBe(200);
  const { dentry } = await storage.commitFile({
    spaceId,
    unionId: OWNER,
    uploadKey: info.uploadKey ?? '',
    name,
    parentId: '0',
  });
  return dentry;
}

async function download(storage: StorageClient, spaceId: string, dentryId: string) {
  const { headerSignatureInfo } = await storage.getFileDownloadInfo({ spaceId, dentryId, unionId: OWNER });
  const got = await fetch(headerSignatureInfo?.resourceUrls?.[0] ?? '', {
    headers: headerSignatureInfo?.headers ?? {},
  });
  expect(got.status).toBe(200);
  return got.text();
}

const blobFiles = async (dir: string) => (await readdir(join(dir, 'blobs'))).sort();

/** Waits for `check` to hold (blob files are removed after the answer); a deadline only catches a hang. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not so after 10 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A process that has ended: its pid names no live process. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid as number;
}

describe('a drive in dataDir', () => {
  it('keeps state and bytes across close and restart', async () => {
    const dir = await dataDir();
    const first = await start(dir);
    const { space } = await first.storage.createSpace({
      unionId: OWNER,
      option: { name: 'Kept', quota: 1000 },
    });
    const file = await upload(first.storage, space.id, 'kept.txt', 'bytes that survive');
    const other = await upload(first.storage, space.id, 'other.txt', 'a second file');
    await stop(first.mock);

    const second = await start(dir);
    const { usedQuota: _, partitions: __, ...kept } = space;
    expect((await second.storage.getSpace({ spaceId: space.id, unionId: OWNER })).space).toMatchObject({
      ...kept,
      usedQuota: 'bytes that survive'.length + 'a second file'.length,
    });
    expect(await download(second.storage, space.id, file.id)).toBe('bytes that survive');
    expect(await download(second.storage, space.id, other.id)).toBe('a second file');
    // New ids do not reuse old ones.
    const later = await upload(second.storage, space.id, 'later.txt', 'new');
    expect([file.id, other.id]).not.toContain(later.id);
  });

  it('refuses a second emulator on the folder while the first runs, with an error naming the folder', async () => {
    const dir = await dataDir();
    const first = await start(dir);
    await expect(startMockServer({ port: 0, mode: 'stateful', dataDir: dir })).rejects.toThrow(
      `Another emulator in this process uses the data folder ${dir}`,
    );
    const { space } = await first.storage.createSpace({ unionId: OWNER });
    expect(space.id).toBeTypeOf('string');
    await stop(first.mock);
    // Closed, the folder is free again.
    await start(dir);
  });

  it("refuses a folder whose lock names another live process, naming that process's pid", async () => {
    const dir = await dataDir();
    await writeFile(join(dir, 'lock'), String(process.ppid));
    await expect(startMockServer({ port: 0, mode: 'stateful', dataDir: dir })).rejects.toThrow(
      `Another emulator (pid ${process.ppid}) uses the data folder ${dir}`,
    );
    expect(await readFile(join(dir, 'lock'), 'utf8')).toBe(String(process.ppid));
  });

  it('takes over a stale lock, one whose process has ended', async () => {
    const dir = await dataDir();
    await writeFile(join(dir, 'lock'), String(await deadPid()));
    const { mock, storage } = await start(dir);
    expect(await readFile(join(dir, 'lock'), 'utf8')).toBe(String(process.pid));
    expect((await storage.createSpace({ unionId: OWNER })).space.id).toBeTypeOf('string');
    await stop(mock);
    await expect(readdir(dir)).resolves.not.toContain('lock');
  });

  it('starts despite a leftover state.json.tmp and removes blobs no state names', async () => {
    const dir = await dataDir();
    const first = await start(dir);
    const { space } = await first.storage.createSpace({ unionId: OWNER });
    const file = await upload(first.storage, space.id, 'kept.txt', 'kept bytes');
    await stop(first.mock);
    const named = await blobFiles(dir);
    expect(named).toHaveLength(1);
    // What a kill -9 mid-write leaves: half a state, a blob renamed in but never named, a temp blob.
    await writeFile(join(dir, 'state.json.tmp'), '{"format":1,"spa');
    const orphan = crypto.randomUUID();
    await writeFile(join(dir, 'blobs', orphan), 'orphan bytes');
    await writeFile(join(dir, 'blobs', `.tmp-${crypto.randomUUID()}`), 'half a blob');

    const second = await start(dir);
    expect(await blobFiles(dir)).toEqual(named);
    expect(await download(second.storage, space.id, file.id)).toBe('kept bytes');
  });

  it('reset empties the drive and its bytes on disk, and it stays empty after a restart', async () => {
    const dir = await dataDir();
    const first = await start(dir);
    const { space } = await first.storage.createSpace({ unionId: OWNER });
    await upload(first.storage, space.id, 'one.txt', 'one');
    await upload(first.storage, space.id, 'two.txt', 'two');
    expect(await blobFiles(dir)).toHaveLength(2);
    first.mock.reset();
    await expectRefusal(first.storage.getSpace({ spaceId: space.id, unionId: OWNER }), 404, 'spaceNotFound');
    await eventually(async () => (await blobFiles(dir)).length === 0, 'the blob files removed');
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
    expect([state.spaces, state.dentries]).toEqual([{}, {}]);
    await stop(first.mock);

    const second = await start(dir);
    await expectRefusal(second.storage.getSpace({ spaceId: space.id, unionId: OWNER }), 404, 'spaceNotFound');
  });

  it('a start refused for a bad option leaves the folder free for the next', async () => {
    const dir = await dataDir();
    await expect(
      startMockServer({ port: 0, mode: 'stateful', dataDir: dir, maxDentries: 0 }),
    ).rejects.toThrow(/`maxDentries`/);
    await expect(readdir(dir)).resolves.not.toContain('lock');
    const { storage } = await start(dir);
    expect((await storage.createSpace({ unionId: OWNER })).space.id).toBeTypeOf('string');
  });
});
