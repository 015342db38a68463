// A temporary folder that is removed however the process that made it ends (a failed assertion, a thrown
// hook, a test timeout, SIGINT, SIGTERM or SIGKILL), and the commands run in it, each in a process group of
// its own that is killed then too, so that nothing writes on into a folder being removed. What removes and
// kills is the release dry-run's reaper (apps/release-tools/src/reaper.mjs): a process of its own that
// outlives this one. Used by the repository copies and the packed consumers.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReaper } from '../apps/release-tools/src/reaper.mjs';

// The command's shell registers its own group (it leads one: detached) with the reaper on fd 3, then
// becomes the command, fd 3 closed so that the reaper still sees this process end.
const REGISTERED = 'echo "group $$" >&3 && exec "$@" 3>&-';

/**
 * @param {string} prefix names the folder in $TMPDIR, e.g. 'dingtalk-storage-consumer-'
 */
export function createTemporaryFolder(prefix) {
  const reaper = startReaper();
  // In a vitest worker, also when vitest ends: killed (SIGINT and SIGTERM included), vitest leaves a worker
  // that waits on a command running on, folder and all, for as long as the command runs.
  if (process.env.VITEST_WORKER_ID) reaper.endWith(process.ppid);
  const path = mkdtempSync(join(tmpdir(), prefix));
  reaper.removeOnEnd(path);
  const temp = join(path, '.tmp');
  mkdirSync(temp);
  return {
    path,
    /**
     * Runs a command to its end (synchronously) in a process group the reaper kills should this process
     * end first; `timeout` (ms) kills the whole group. Returns as spawnSync does: status, signal, output.
     * @param {string} command
     * @param {string[]} args
     * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, timeout?: number }} [options]
     */
    spawn(command, args, { cwd = path, env = process.env, timeout } = {}) {
      const result = spawnSync('sh', ['-c', REGISTERED, 'sh', command, ...args], {
        cwd,
        // What it leaves in $TMPDIR (killed, it cleans up nothing) goes with the folder.
        env: { ...env, TMPDIR: temp },
        timeout,
        killSignal: 'SIGKILL',
        detached: true,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'pipe', reaper.fd],
      });
      const timedOut = result.error?.code === 'ETIMEDOUT';
      if (result.pid) {
        // Past its timeout (or its output's limit), spawnSync killed the command but not what it started.
        if (result.error) killGroup(result.pid);
        reaper.forget(result.pid);
      }
      if (result.error && !timedOut) throw result.error;
      return {
        status: result.status,
        signal: result.signal,
        stdout: result.stdout ?? '',
        stderr: result.stderr ?? '',
        timedOut,
      };
    },
    /** Removes the folder now (and ends its reaper). */
    remove() {
      rmSync(path, { recursive: true, force: true });
      reaper.close();
    },
  };
}

function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group has already ended.
  }
}
