// Bytes through the drive emulator against a bare node:http server on the same machine, side by side in one
// run: an upload (getFileUploadInfo → one PUT → commitFile) and a download (getFileDownloadInfo → GET) of the
// same size, against a PUT that the bare server writes to a file (fsynced, as the emulator's dataDir does)
// and a GET that streams it back. The emulator runs twice, bytes under --data-dir and in memory; every server
// is a process of its own, all in one temporary folder (one disk), removed however the run ends.
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

/** One upload and one download of `size` bytes: seconds each. */
async function roundTrip(side, size) {
  let start = now();
  const file = await side.upload(size);
  const upload = (now() - start) / 1000;
  start = now();
  const read = await side.download(file);
  const download = (now() - start) / 1000;
  if (read !== size) throw new Error(`bench: uploaded ${size} bytes, downloaded ${read}`);
  await side.remove(file);
  return { upload, download };
}

/** The file system the temporary folder is on (ext4, tmpfs, overlayfs, …): what "disk" means here. */
function fileSystemOf(path) {
  try {
    return execFileSync('stat', ['-f', '-c', '%T', path], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** `rounds` rounds of one upload and one download of `bytes` per contestant, in a rotated order: MiB/s. */
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
    for (const name of names) await roundTrip(sides[name], WARM_UP_BYTES);
    const seconds = Object.fromEntries(names.map((name) => [name, { upload: [], download: [] }]));
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(round + i) % names.length];
        const { upload, download } = await roundTrip(sides[name], bytes);
        seconds[name].upload.push(upload);
        seconds[name].download.push(download);
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
