// The release dry-run's clean-up, in a process of its own so that it happens however the dry-run ends (a
// SIGKILL or Ctrl-C included). The dry-run writes one line per thing to clean up on this process's stdin:
// `group <pid>` for a process group it started (`ungroup <pid>` once that ended), `dir <path>` for a
// temporary folder, `end-with <pid>` for another process whose end also means clean up now. When stdin
// closes (the dry-run ended, one way or another) it kills the groups still running, removes the folders,
// and exits.
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';

const groups = new Set();
const dirs = new Set();
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const space = line.indexOf(' ');
  const [kind, value] = [line.slice(0, space), line.slice(space + 1)];
  if (kind === 'group') groups.add(Number(value));
  if (kind === 'ungroup') groups.delete(Number(value));
  if (kind === 'dir') dirs.add(value);
  if (kind === 'end-with') setInterval(() => isGone(Number(value)) && lines.close(), 1000);
});
const isGone = (pid) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return error.code === 'ESRCH';
  }
};
lines.on('close', () => {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group has already ended.
    }
  }
  for (const dir of dirs) {
    // One folder that cannot be removed (a file still being written) does not keep the rest.
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch (error) {
      console.error(`release:check: could not remove ${dir}: ${error.message}`);
    }
  }
  process.exit(0);
});
