// Issue 24, flow 10: the CLI with --data-dir keeps the drive on disk. Stopped and started again on the same
// folder it serves the same file, same bytes; a second emulator on a folder in use is refused; killed with
// SIGKILL during a multipart upload (two parts PUT, one PUT in flight) it starts again with everything
// committed intact, the in-flight part's temp file gone, and the upload resumable: its key and finished parts
// are in the saved state (the drive saves an upload's parts as each PUT finishes), so the missing parts can be
// PUT and the file committed.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTemporaryFolder } from '../../../scripts/temporary-folder.mjs';
import { bytesOf, concat, putSigned, sha256, testBytes } from './bytes.js';
import { type RunningCli, runCli, startCli } from './cli.js';
import { commitFile, createSpace, downloadFile, findByName, uploadFile } from './drive.js';
import { connectSdk, type Sdk, storage, UNION_ID } from './sdk.js';

// Removed however this process ends (the reaper), and in afterAll.
const temporary = createTemporaryFolder('dingtalk-storage-emulator-e2e-');
afterAll(() => temporary.remove());

/** Every CLI a test started: ended after it, whatever happened. */
const running = new Set<RunningCli>();
afterEach(async () => {
  await Promise.all([...running].map((cli) => cli.kill9()));
  running.clear();
});

/** A data folder of the test's own, not yet made (the emulator makes it). */
const newDataDir = () => join(temporary.path, `drive-${randomUUID()}`);

async function startEmulator(dataDir: string): Promise<{ cli: RunningCli; sdk: Sdk }> {
  const cli = await startCli(['--mode', 'stateful', '--port', '0', '--data-dir', dataDir]);
  running.add(cli);
  return { cli, sdk: connectSdk(cli.url) };
}

describe('the CLI with --data-dir', () => {
  it('serves the same file with the same bytes after a stop and a start on the same folder', async () => {
    const dataDir = newDataDir();
    const bytes = testBytes(250_000, 'kept');

    const first = await startEmulator(dataDir);
    const space = await createSpace(first.sdk, { sceneId: 'persistence' });
    const file = await uploadFile(first.sdk, space.id, { name: 'kept.bin', bytes });
    expect(await first.cli.stop()).toBe(0);

    const second = await startEmulator(dataDir);
    // createSpace answers the space it made for the same (scene, sceneId): how a client finds it again.
    expect((await createSpace(second.sdk, { sceneId: 'persistence' })).id).toBe(space.id);
    const found = await findByName(second.sdk, space.id, 'kept.bin');
    expect(found).toMatchObject({ id: file.id, uuid: file.uuid, size: bytes.length, version: 1 });
    expect(sha256(await downloadFile(second.sdk, space.id, file.id as string))).toBe(sha256(bytes));
  });

  it('refuses a second emulator on a data folder in use, naming the folder', async () => {
    const dataDir = newDataDir();
    await startEmulator(dataDir);
    const refused = await runCli(['--mode', 'stateful', '--port', '0', '--data-dir', dataDir]);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain(dataDir);
  });

  it('killed with SIGKILL during a multipart upload, starts again with the committed file intact and the upload resumable', async () => {
    const dataDir = newDataDir();
    const blobs = join(dataDir, 'blobs');
    const committed = testBytes(180_000, 'committed before the kill');
    const parts = [1, 2, 3, 4].map((n) =>
      testBytes(100 * 1024 + n * 1_000, `part ${n} of the interrupted upload`),
    );

    const first = await startEmulator(dataDir);
    const { client, headers, runtime } = first.sdk;
    const space = await createSpace(first.sdk, { sceneId: 'killed' });
    const file = await uploadFile(first.sdk, space.id, { name: 'committed.bin', bytes: committed });

    const init = await client.initMultipartFileUploadWithOptions(
      space.id,
      new storage.InitMultipartFileUploadRequest({ unionId: UNION_ID }),
      headers,
      runtime,
    );
    const uploadKey = init.body?.uploadKey as string;
    const infos = await partInfos(first.sdk, uploadKey, [1, 2, 3]);
    await bytesOf(await putSigned(infos.get(1), parts[0] as Uint8Array));
    await bytesOf(await putSigned(infos.get(2), parts[1] as Uint8Array));

    // Part 3: its first 64 KiB sent, the rest never; killed once the byte origin is writing it to disk.
    const before = new Set(readdirSync(blobs));
    const part3 = parts[2] as Uint8Array;
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(part3.slice(0, 64 * 1024));
      },
    });
    const inFlight = putSigned(infos.get(3), stalled, { 'content-length': String(part3.length) }).then(
      (answer) => `answered ${answer.status}`,
      () => 'connection lost',
    );
    const temp = await newFileWithBytes(blobs, before);
    await first.cli.kill9();
    // The PUT never got an answer: its connection went with the process.
    expect(await inFlight).toBe('connection lost');

    const second = await startEmulator(dataDir);
    expect(existsSync(join(blobs, temp)), 'the killed PUT’s temp file is removed at start').toBe(false);
    expect(sha256(await downloadFile(second.sdk, space.id, file.id as string))).toBe(sha256(committed));

    const resumed = await partInfos(second.sdk, uploadKey, [3, 4]);
    await bytesOf(await putSigned(resumed.get(3), part3));
    await bytesOf(await putSigned(resumed.get(4), parts[3] as Uint8Array));
    const whole = concat(parts);
    const dentry = await commitFile(second.sdk, space.id, {
      uploadKey,
      name: 'resumed.bin',
      size: whole.length,
    });
    expect(sha256(await downloadFile(second.sdk, space.id, dentry.id as string))).toBe(sha256(whole));
  });
});

/** getMultipartFileUploadInfos: each part's signed PUT, by part number. */
async function partInfos({ client, headers, runtime }: Sdk, uploadKey: string, partNumbers: number[]) {
  const answer = await client.getMultipartFileUploadInfosWithOptions(
    new storage.GetMultipartFileUploadInfosRequest({ unionId: UNION_ID, uploadKey, partNumbers }),
    headers,
    runtime,
  );
  return new Map(
    (answer.body?.multipartHeaderSignatureInfos ?? []).map((info) => [
      info.partNumber,
      info.headerSignatureInfo,
    ]),
  );
}

/** Polls `folder` until a file not in `before` holds bytes (the in-flight PUT being written); its name. */
async function newFileWithBytes(folder: string, before: Set<string>): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    for (const name of readdirSync(folder)) {
      if (before.has(name)) continue;
      try {
        if (statSync(join(folder, name)).size > 0) return name;
      } catch {
        // Renamed or removed between the listing and the stat.
      }
    }
    if (Date.now() > deadline) throw new Error(`no new file with bytes appeared in ${folder}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
