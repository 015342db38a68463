// The file helpers' memory: the peak RSS of a client process (files-upload-process.mjs, nothing else in it)
// while uploadFile sends a stream of `bytes` made as it is read, through the drive emulator in memory. The
// README promises at most (concurrency + 1) × partSize bytes of a stream in memory; the figure the budget
// bounds is the peak RSS during the upload less the RSS just before it.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE } from '@dingtalk-storage/client/files';
import { MiB } from './bytes.mjs';
import { emulatorArgs, startEmulatorProcess } from './emulator-process.mjs';
import { peakDuring, readMemory, SAMPLE_MS } from './process-memory.mjs';

const CLIENT_PROCESS = new URL('./files-upload-process.mjs', import.meta.url);
/** One small upload first (three parts), so that code loaded and compiled on first use is not in the figure. */
const WARM_UP_BYTES = 2 * DEFAULT_PART_SIZE + MiB;

/** The client process's next message: what it answered, or why it ended. */
async function answerOf(child) {
  const [message] = await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`bench: the client process exited (${code}) before answering`);
    }),
  ]);
  if (message.error) throw new Error(`bench: the client process failed: ${message.error}`);
  return message;
}

export async function measureFilesMemory({ bytes }) {
  const emulator = await startEmulatorProcess();
  let child;
  try {
    child = fork(CLIENT_PROCESS, [emulator.url], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await answerOf(child);
    const idle = readMemory(child.pid).rss;
    const upload = async (size) => {
      child.send({ upload: size });
      const { uploaded } = await answerOf(child);
      if (uploaded !== size) throw new Error(`bench: uploaded ${size} bytes, committed ${uploaded}`);
    };
    await upload(WARM_UP_BYTES);
    const before = readMemory(child.pid).rss;
    const { peak, samples, hwmReset, seconds } = await peakDuring(child.pid, () => upload(bytes));
    return {
      bytes,
      partBytes: DEFAULT_PART_SIZE,
      concurrency: DEFAULT_CONCURRENCY,
      warmUpBytes: WARM_UP_BYTES,
      sampleMs: SAMPLE_MS,
      emulatorArgs: emulatorArgs(),
      idle,
      upload: { before, peak, growth: peak - before, samples, hwmReset, mibPerSecond: bytes / MiB / seconds },
      after: readMemory(child.pid).rss,
    };
  } finally {
    child?.disconnect?.();
    if (child && child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    await emulator.stop();
  }
}
