// The file helpers (`@dingtalk-storage/client/files`) against the same flows done by hand, side by side in one
// run, through the drive emulator (the mock's CLI in a process of its own, bytes in memory so that a disk does
// not dominate): uploadFile against getFileUploadInfo's multipart twin (initMultipartFileUpload →
// getMultipartFileUploadInfos → PUTs with bare node:http, the same part size and parts in flight →
// commitFile), downloadFile read to its end against getFileDownloadInfo → one GET with bare node:http. The
// same server, the same kind of signed URLs and the same API calls by the same client: the ratio is the
// helpers' own cost.
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_PART_SIZE,
  downloadFile,
  uploadFile,
} from '@dingtalk-storage/client/files';
import { byteChunks, MiB } from './bytes.mjs';
import { connectDrive } from './drive-flow.mjs';
import { emulatorArgs, startEmulatorProcess } from './emulator-process.mjs';
import { now, summarize } from './stats.mjs';

export const BARE_LEGS = 'bare node:http byte legs (the same API calls by hand)';
export const HELPERS = 'uploadFile of a stream / downloadFile read to the end';
export const HELPERS_IN_MEMORY = 'uploadFile of a Uint8Array in memory';

/** `size` bytes as an async stream of byteChunks: what a file read from disk or a socket looks like. */
export async function* streamOf(size) {
  yield* byteChunks(size);
}

/** Reads a web stream to its end, keeping nothing; resolves to the number of bytes. */
export async function drain(stream) {
  const reader = stream.getReader();
  let bytes = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) bytes += next.value.byteLength;
  return bytes;
}

/** The contestants, each an upload (to a dentry id) and, but for the in-memory one, a download (to a size). */
function contestants(drive, memory) {
  const { storage, spaceId, unionId } = drive;
  // Retries off, as the flows by hand: a failed leg is a failed benchmark, not one to hide in the timing.
  const common = { spaceId, unionId, retry: false };
  let files = 0;
  const helperUpload = (body) => async () =>
    (await uploadFile(storage, { ...common, parentId: '0', name: `file-${++files}.bin`, body })).id;
  const helperDownload = async (dentryId) =>
    drain((await downloadFile(storage, { ...common, dentryId })).body);
  return {
    [BARE_LEGS]: {
      upload: async (size) =>
        (
          await drive.uploadMultipart(`file-${++files}.bin`, size, {
            partBytes: DEFAULT_PART_SIZE,
            inFlight: DEFAULT_CONCURRENCY,
          })
        ).id,
      download: (id) => drive.download(id),
    },
    [HELPERS]: { upload: (size) => helperUpload(streamOf(size))(), download: helperDownload },
    [HELPERS_IN_MEMORY]: { upload: (size) => helperUpload(memory.subarray(0, size))() },
  };
}

/** Seconds `work` takes, and what it resolved to. */
async function timed(work) {
  const start = now();
  const result = await work();
  return { seconds: (now() - start) / 1000, result };
}

/**
 * The order of `names` in round `round`: rotated, so that each runs first, second, … as often as the others
 * (a machine drifting during a round hits them alike).
 */
export const rotated = (names, round) => names.map((_, i) => names[(round + i) % names.length]);

/** One round: every contestant uploads `size` bytes, then every one that downloads reads its file; then they go. */
async function round(sides, order, size, remove) {
  const ids = {};
  const seconds = {};
  for (const name of order) {
    const { seconds: upload, result } = await timed(() => sides[name].upload(size));
    ids[name] = result;
    seconds[name] = { upload };
  }
  for (const name of order.filter((n) => sides[n].download)) {
    const { seconds: download, result: read } = await timed(() => sides[name].download(ids[name]));
    if (read !== size) throw new Error(`bench: ${name}: uploaded ${size} bytes, downloaded ${read}`);
    seconds[name].download = download;
  }
  for (const name of order) await remove(ids[name]);
  return seconds;
}

/** `rounds` rounds of one upload and one download of `bytes` per contestant, the order rotated: MiB/s. */
export async function measureFilesThroughput({ bytes, rounds }) {
  const emulator = await startEmulatorProcess();
  try {
    const drive = await connectDrive(emulator.url);
    const memory = new Uint8Array(bytes).fill(7);
    const sides = contestants(drive, memory);
    const names = Object.keys(sides);
    // A first round of the same size, not counted: it runs the code the rounds measure, and both processes
    // grow to the memory they then reuse, so that growing is in no contestant's figure.
    await round(sides, names, bytes, drive.remove);
    const seconds = Object.fromEntries(names.map((name) => [name, { upload: [], download: [] }]));
    for (let r = 0; r < rounds; r++) {
      const measured = await round(sides, rotated(names, r), bytes, drive.remove);
      for (const name of names) {
        seconds[name].upload.push(measured[name].upload);
        if (measured[name].download !== undefined) seconds[name].download.push(measured[name].download);
      }
    }
    const legNames = (leg) => names.filter((name) => seconds[name][leg].length > 0);
    const rate = (leg) =>
      Object.fromEntries(
        legNames(leg).map((name) => [name, summarize(seconds[name][leg].map((s) => bytes / MiB / s))]),
      );
    // Each round's legs ran side by side: a ratio within a round is not moved by the machine being busier
    // in one round than in another, as a ratio of two medians taken over all rounds is.
    const pairedRatio = (leg) =>
      Object.fromEntries(
        legNames(leg).map((name) => [
          name,
          summarize(seconds[name][leg].map((s, round) => seconds[BARE_LEGS][leg][round] / s)),
        ]),
      );
    return {
      bytes,
      rounds,
      warmUpBytes: bytes,
      partBytes: DEFAULT_PART_SIZE,
      concurrency: DEFAULT_CONCURRENCY,
      emulatorArgs: emulatorArgs(),
      upload: rate('upload'),
      download: rate('download'),
      ratios: { upload: pairedRatio('upload'), download: pairedRatio('download') },
    };
  } finally {
    await emulator.stop();
  }
}
