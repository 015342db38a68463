// Bytes through the drive emulator against a bare node:http server on the same machine, side by side in one
// run: an upload (getFileUploadInfo → one PUT → commitFile) and a download (getFileDownloadInfo → GET) of the
// same size, against a PUT that the bare server writes to a file (fsynced, as the emulator's dataDir does)
// and a GET that streams it back. The emulator runs twice, bytes under --data-dir and in memory; every server
// is a process of its own, all in one temporary folder (one disk), removed however the run ends. A single
// upload, not multipart: both sides then carry one stream on one connection, and the ratio is the emulator's
// own cost, not a difference in parallelism (emulator-memory.mjs runs the multipart flow).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTemporaryFolder } from '../../../scripts/temporary-folder.mjs';
import { getBytes, putBytes } from './byte-legs.mjs';
import { MiB } from './bytes.mjs';
import { connectDrive } from './drive-flow.mjs';
import { emulatorArgs, startEmulatorProcess } from './emulator-process.mjs';
import { startLocalServer } from './local-server.mjs';
import { now, summarize } from './stats.mjs';

export const BARE = 'bare node:http (PUT to a file, fsynced; GET streams it)';
export const ON_DISK = 'emulator, --data-dir (bytes on disk)';
export const IN_MEMORY = 'emulator, in memory';
/** A first round, not counted, so that no contestant pays for a cold start in the figures. */
const WARM_UP_BYTES = MiB;

/** The bare side: PUT, GET and DELETE of one file on byte-server.mjs. */
function bareSide(url) {
  let files = 0;
  return {
    async upload(size) {
      const name = `${url}/file-${++files}`;
      await putBytes(name, {}, size);
      return name;
    },
    download: (name) => getBytes(name, {}),
    remove: (name) => fetch(name, { method: 'DELETE' }).then((res) => res.arrayBuffer()),
  };
}

/** The emulator's side: the drive's upload and download flows (drive-flow.mjs). */
async function emulatorSide(url) {
  const drive = await connectDrive(url);
  let files = 0;
  return {
    upload: async (size) => (await drive.upload(`file-${++files}.bin`, size)).id,
    download: (id) => drive.download(id),
    remove: (id) => drive.remove(id),
  };
}

/** Seconds `work` takes. */
async function timed(work) {
  const start = now();
  const result = await work();
  return { seconds: (now() - start) / 1000, result };
}

/**
 * One round: every contestant uploads `size` bytes, in `order`, then every one downloads its file, then the
 * files go. Legs of a kind run next to each other, so that the machine's drift (a busy neighbour, the disk
 * writing back) hits the contestants of a comparison alike.
 */
async function round(sides, order, size) {
  const files = {};
  const seconds = {};
  for (const name of order) {
    const { seconds: upload, result } = await timed(() => sides[name].upload(size));
    files[name] = result;
    seconds[name] = { upload };
  }
  for (const name of order) {
    const { seconds: download, result: read } = await timed(() => sides[name].download(files[name]));
    if (read !== size) throw new Error(`bench: ${name}: uploaded ${size} bytes, downloaded ${read}`);
    seconds[name].download = download;
  }
  for (const name of order) await sides[name].remove(files[name]);
  return seconds;
}

/** The file system the temporary folder is on (ext4, tmpfs, overlayfs, …): what "disk" means here. */
function fileSystemOf(path) {
  try {
    return execFileSync('stat', ['-f', '-c', '%T', path], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** `rounds` rounds of one upload and one download of `bytes` per contestant, the order rotated: MiB/s. */
export async function measureEmulatorThroughput({ bytes, rounds }) {
  const folder = createTemporaryFolder('dingtalk-storage-bench-');
  const servers = [];
  try {
    const bareDir = join(folder.path, 'bare');
    const dataDir = join(folder.path, 'emulator');
    mkdirSync(bareDir);
    mkdirSync(dataDir);
    const start = async (server) => {
      servers.push(await server);
      return servers.at(-1).url;
    };
    const sides = {
      [BARE]: bareSide(
        await start(startLocalServer(new URL('./byte-server.mjs', import.meta.url), [bareDir])),
      ),
      [ON_DISK]: await emulatorSide(await start(startEmulatorProcess({ dataDir }))),
      [IN_MEMORY]: await emulatorSide(await start(startEmulatorProcess())),
    };
    const names = Object.keys(sides);
    await round(sides, names, WARM_UP_BYTES);
    const seconds = Object.fromEntries(names.map((name) => [name, { upload: [], download: [] }]));
    for (let r = 0; r < rounds; r++) {
      const order = names.map((_, i) => names[(r + i) % names.length]);
      const measured = await round(sides, order, bytes);
      for (const name of names) {
        seconds[name].upload.push(measured[name].upload);
        seconds[name].download.push(measured[name].download);
      }
    }
    const rate = (leg) =>
      Object.fromEntries(
        names.map((name) => [name, summarize(seconds[name][leg].map((s) => bytes / MiB / s))]),
      );
    return {
      bytes,
      rounds,
      warmUpBytes: WARM_UP_BYTES,
      fileSystem: fileSystemOf(folder.path),
      emulatorArgs: emulatorArgs({ dataDir: 'DIR' }),
      upload: rate('upload'),
      download: rate('download'),
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    folder.remove();
  }
}
