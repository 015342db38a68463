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
import { readMemory, resetPeak, sampleMemory } from './process-memory.mjs';
import { now } from './stats.mjs';

/** Parts of 8 MiB, four in flight: what a client uploading a large file typically does. */
export const PART_BYTES = 8 * MiB;
export const PARTS_IN_FLIGHT = 4;
/** How often RSS is read; VmHWM (reset before each stretch) catches a peak between two readings. */
const SAMPLE_MS = 10;
/** One small upload first (two parts, downloaded, deleted): code loaded and compiled on first use is not what the
 * issue bounds. */
const WARM_UP_BYTES = PART_BYTES + MiB;

/** Peak RSS (MiB) of `pid` while `work` runs, the readings and the work's seconds. */
async function peakDuring(pid, work) {
  const hwmReset = resetPeak(pid);
  const sampler = sampleMemory(pid, SAMPLE_MS);
  const start = now();
  let result;
  try {
    result = await work();
  } catch (error) {
    sampler.stop();
    throw error;
  }
  const { peak, samples } = sampler.stop();
  const seconds = (now() - start) / 1000;
  const { hwm } = readMemory(pid);
  return { peak: hwmReset ? Math.max(hwm, peak) : peak, samples, hwmReset, seconds, result };
}

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
