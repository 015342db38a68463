// The drive emulator's memory while a large file streams through it: the CLI in a process of its own with
// --data-dir, RSS read from /proc while a multipart upload (parts made as they are sent: this process never
// holds the file either) and then its download run. The figure the issue bounds is the peak RSS during the
// upload less the RSS just before it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTemporaryFolder } from '../../../scripts/temporary-folder.mjs';
import { MiB } from './bytes.mjs';
import { connectDrive } from './drive-flow.mjs';
import { emulatorArgs, startEmulatorProcess } from './emulator-process.mjs';
import { peakDuring, readMemory, SAMPLE_MS } from './process-memory.mjs';

/** Parts of 8 MiB, four in flight: what a client uploading a large file typically does. */
export const PART_BYTES = 8 * MiB;
export const PARTS_IN_FLIGHT = 4;
/** One small upload first (two parts, downloaded, deleted): code loaded and compiled on first use is not what the
 * issue bounds. */
const WARM_UP_BYTES = PART_BYTES + MiB;

export async function measureEmulatorMemory({ bytes }) {
  const folder = createTemporaryFolder('dingtalk-storage-bench-');
  let emulator;
  try {
    const dataDir = join(folder.path, 'emulator');
    mkdirSync(dataDir);
    emulator = await startEmulatorProcess({ dataDir });
    const { pid } = emulator;
    const idle = readMemory(pid).rss;
    const drive = await connectDrive(emulator.url);
    const options = { partBytes: PART_BYTES, inFlight: PARTS_IN_FLIGHT };
    const warm = await drive.uploadMultipart('warm-up.bin', WARM_UP_BYTES, options);
    await drive.download(warm.id);
    await drive.remove(warm.id);
    const beforeUpload = readMemory(pid).rss;
    const upload = await peakDuring(pid, () => drive.uploadMultipart('large.bin', bytes, options));
    const beforeDownload = readMemory(pid).rss;
    const download = await peakDuring(pid, () => drive.download(upload.result.id));
    const after = readMemory(pid).rss;
    const leg = ({ peak, samples, hwmReset, seconds }, before) => ({
      before,
      peak,
      growth: peak - before,
      samples,
      hwmReset,
      mibPerSecond: bytes / MiB / seconds,
    });
    return {
      bytes,
      partBytes: PART_BYTES,
      inFlight: PARTS_IN_FLIGHT,
      warmUpBytes: WARM_UP_BYTES,
      sampleMs: SAMPLE_MS,
      emulatorArgs: emulatorArgs({ dataDir: 'DIR' }),
      idle,
      upload: leg(upload, beforeUpload),
      download: leg(download, beforeDownload),
      after,
    };
  } finally {
    await emulator?.stop();
    folder.remove();
  }
}
