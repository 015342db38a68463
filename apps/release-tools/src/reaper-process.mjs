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
lines.on('close', async () => {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group has already ended.
    }
  }
  // A killed process ends a moment later; until it has, it may still write into a folder being removed.
  await until(() => [...groups].every((pid) => isGone(-pid)), GROUPS_GONE_MS);
  // One folder that cannot be removed yet does not keep the rest; each is tried again on a busy machine.
  let left = [...dirs];
  for (let pass = 1; left.length > 0 && pass <= REMOVAL_PASSES; pass++) {
    left = left.filter((dir) => !removed(dir, pass === REMOVAL_PASSES));
    if (left.length > 0) await sleep(1000);
  }
  process.exit(0);
});

/** How long the killed groups get to end, and how many times (a second apart) a folder is tried. */
const GROUPS_GONE_MS = 10_000;
const REMOVAL_PASSES = 30;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(done, ms) {
  for (const deadline = Date.now() + ms; !done() && Date.now() < deadline; ) await sleep(100);
}

function removed(dir, last) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    return true;
  } catch (error) {
    if (last) console.error(`release:check: could not remove ${dir}: ${error.message}`);
    return false;
  }
}
