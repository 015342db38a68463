// A killed release dry-run leaves nothing behind: killed with SIGKILL while it installs consumers and builds
// N+1 side by side, within seconds no process runs in or names its temporary folders (registry, copies,
// consumers, builds), and the folders are gone. The dry-run runs with a TMPDIR of its own, so what it
// created is told apart from anything else on the machine. Linux: processes are read from /proc.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

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

/** Polls `look` until it finds nothing or `ms` have passed; resolves to what it last found. */
async function within(ms: number, look: () => string[]): Promise<string[]> {
  let found = look();
  for (let waited = 0; waited < ms && found.length; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    found = look();
  }
  return found;
}

it('leaves no process and no folder when it is killed mid-run', async () => {
  const temp = mkdtempSync(join(tmpdir(), 'release-check-killed-'));
  try {
    const dryRun = spawn(process.execPath, [releaseCheck, '--root', root, '--base', 'HEAD'], {
      env: { ...process.env, TMPDIR: temp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let said = '';
    dryRun.stderr.on('data', (chunk) => {
      said += chunk;
    });
    const exited = new Promise((resolve) => dryRun.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      dryRun.stdout.on('data', (chunk) => {
        said += chunk;
        if (said.includes('N+1: building')) resolve();
      });
      dryRun.once('exit', () => reject(new Error(`the dry-run ended before building N+1:\n${said}`)));
    });
    expect(processesUnder(temp).length, 'the dry-run is at work in its folders').toBeGreaterThan(1);
    dryRun.kill('SIGKILL');
    await exited;

    // The reaper kills at once (left alone, the builds and installs ran on for half a minute); removing
    // the folders (node_modules and all) takes longer on a busy machine.
    expect(await within(10_000, () => processesUnder(temp))).toEqual([]);
    const ours = () => readdirSync(temp).filter((name) => name.startsWith('dingtalk-storage-'));
    expect(await within(60_000, ours)).toEqual([]);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}, 600_000);
