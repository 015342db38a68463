// A killed or interrupted release dry-run leaves nothing behind: killed with SIGKILL while it installs
// consumers and builds N+1 side by side, or interrupted with a Ctrl-C (SIGINT to its process group) while
// consumers install from its registry, within seconds no process runs in or names its temporary folders
// (registry, copies, consumers, builds), and the folders are gone. The dry-run runs with a TMPDIR of its
// own, so what it created is told apart from anything else on the machine. Linux: processes are read from
// /proc.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { within } from './poll.js';

const releaseCheck = fileURLToPath(new URL('../src/release-check.mjs', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Processes whose working folder or command line is under `dir`. */
function processesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      if (readlinkSync(`/proc/${pid}/cwd`).startsWith(dir) || cmdline.includes(dir)) {
        found.push(`${pid} ${cmdline}`);
      }
    } catch {
      // The process ended while it was being read, or is not ours to read.
    }
  }
  return found;
}

/**
 * Starts the dry-run (in a TMPDIR of its own), waits until it says `moment`, ends it with `end`, and checks
 * that within a generous deadline no process runs in or names its folders and no folder is left.
 */
async function endMidRun(
  moment: string,
  end: (dryRun: ChildProcess) => void,
  options: { detached?: boolean } = {},
): Promise<void> {
  const temp = mkdtempSync(join(tmpdir(), 'release-check-killed-'));
  const dryRun = spawn(process.execPath, [releaseCheck, '--root', root, '--base', 'HEAD'], {
    env: { ...process.env, TMPDIR: temp },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
  try {
    let said = '';
    dryRun.stderr?.on('data', (chunk) => {
      said += chunk;
    });
    const exited = new Promise((resolve) => dryRun.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      dryRun.stdout?.on('data', (chunk) => {
        said += chunk;
        if (said.includes(moment)) resolve();
      });
      dryRun.once('exit', () => reject(new Error(`the dry-run ended before "${moment}":\n${said}`)));
    });
    // More than the registry: commands it started are at work in its folders (they start right after).
    const idle = () => (processesUnder(temp).length > 1 ? [] : ['only the registry runs in its folders']);
    expect(await within(60_000, idle), 'the dry-run is at work in its folders').toEqual([]);
    end(dryRun);
    await exited;

    // The reaper kills at once (left alone, the builds and installs ran on for half a minute); removing
    // the folders (node_modules and all) takes longer on a busy machine.
    expect(await within(10_000, () => processesUnder(temp))).toEqual([]);
    const ours = () => readdirSync(temp).filter((name) => name.startsWith('dingtalk-storage-'));
    expect(await within(180_000, ours)).toEqual([]);
  } finally {
    // A failed check leaves no dry-run running on (its reaper cleans up after it).
    if (dryRun.exitCode === null && dryRun.signalCode === null) dryRun.kill('SIGKILL');
    rmSync(temp, { recursive: true, force: true });
  }
}

it('leaves no process and no folder when it is killed mid-run', async () => {
  // While it installs consumers and builds N+1 side by side.
  await endMidRun('N+1: building', (dryRun) => dryRun.kill('SIGKILL'));
}, 600_000);

it('leaves no process and no folder after a Ctrl-C', async () => {
  // A Ctrl-C signals the terminal's foreground process group: the dry-run and the registry it started
  // (Verdaccio dies of it, without removing its storage). Detached, the dry-run leads a group of its own,
  // as a command run from a shell does. The registry holds N by now; the consumers are installing.
  await endMidRun(
    'installing @dingtalk-storage/client@^',
    (dryRun) => process.kill(-(dryRun.pid as number), 'SIGINT'),
    { detached: true },
  );
}, 600_000);
