// The drive emulator as a user runs it: the mock's CLI in stateful mode, in a child process of its own (so its
// memory is its own), on a free port, its bytes in memory or under `dataDir`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const mockPackage = createRequire(import.meta.url).resolve('@dingtalk-storage/mock/package.json');
/** The CLI's entry, as `npx dingtalk-storage-mock` runs it. */
export const EMULATOR_CLI = join(dirname(mockPackage), 'bin', 'dingtalk-storage-mock.mjs');

/** The command line, for the report and for the process. */
export function emulatorArgs({ dataDir } = {}) {
  return ['--mode', 'stateful', '--port', '0', ...(dataDir ? ['--data-dir', dataDir] : [])];
}

/**
 * Starts the emulator; resolves once it listens, to its URL, its pid and how to stop it. It ends with this
 * process too (the CLI watches its parent).
 */
export async function startEmulatorProcess(options) {
  const child = spawn(process.execPath, [EMULATOR_CLI, ...emulatorArgs(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const read = (data) => {
      output += data;
      const listening = /listening on (http:\/\/\S+)/.exec(output);
      if (listening) resolve(listening[1]);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    exited.then(
      ([code]) => reject(new Error(`bench: the emulator exited (${code}) before listening:\n${output}`)),
      reject,
    );
  });
  // The CLI goes on printing examples: read and dropped, so that it never blocks on a full pipe.
  child.stdout.removeAllListeners('data').resume();
  child.stderr.removeAllListeners('data').on('data', (data) => process.stderr.write(data));
  return {
    url,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
