// No repository copy, and no command run in one, is left behind however a copying test ends: a failed
// assertion, a thrown hook, a test timeout, vitest killed with SIGINT, SIGTERM or SIGKILL while a command
// runs in the copy, or the test's own process killed with SIGKILL once the copy is made. The copying test
// (fixtures/copy-cleanup) runs in a vitest of its own with a TMPDIR of its own, and copies a small
// repository with the helper every copying test uses (scripts/repository-copy.mjs); that repository's
// install can be made to hang, for a command that is running when the kill comes.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { within } from './poll.js';

const fixture = fileURLToPath(new URL('fixtures/copy-cleanup/', import.meta.url));
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
// Far beyond what a copy of the small repository takes on a busy machine (seconds): only a hang reaches it.
const DEADLINE_MS = 180_000;

let temp: string;
let source: string;

beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'copy-cleanup-'));
  source = join(temp, 'source');
  mkdirSync(source);
  // Its install hangs when INSTALL_MARKER is set, after writing its pid there.
  writeFileSync(
    join(source, 'package.json'),
    JSON.stringify({ name: 'small', private: true, scripts: { postinstall: 'node install.cjs' } }),
  );
  writeFileSync(
    join(source, 'install.cjs'),
    `const marker = process.env.INSTALL_MARKER;
    if (marker) { require('node:fs').writeFileSync(marker, String(process.pid)); setInterval(() => {}, 1000); }`,
  );
  execFileSync('git', ['init', '-q'], { cwd: source });
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

interface CopyingTest {
  child: ChildProcess;
  /** The run's TMPDIR. */
  tmp: string;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts the copying test, ending as `ending` says (see the fixture), in a vitest with a TMPDIR of its own. */
function startCopyingTest(ending: string, env: Record<string, string> = {}): CopyingTest {
  const tmp = mkdtempSync(join(temp, 'tmp-'));
  // Not this vitest's worker variables, nor its colours.
  const own = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'FORCE_COLOR'),
  );
  const child = spawn(process.execPath, [vitest, 'run', '--config', 'vitest.config.mjs'], {
    cwd: fixture,
    env: { ...own, NO_COLOR: '1', TMPDIR: tmp, COPY_SOURCE: source, COPY_ENDING: ending, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, tmp, output: () => output, exited };
}

/** Resolves to what `file` holds once it exists; fails with the run's output if the run ends first. */
async function whenWritten(file: string, run: CopyingTest): Promise<string> {
  for (let waited = 0; !existsSync(file) || readFileSync(file, 'utf8') === ''; waited += 100) {
    if (run.child.exitCode !== null || waited > DEADLINE_MS) {
      throw new Error(`${file} was never written:\n${run.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return readFileSync(file, 'utf8');
}

const copiesIn = (tmp: string) => () =>
  readdirSync(tmp).filter((name) => name.startsWith('dingtalk-storage-'));
const running = (pid: number) => () => {
  try {
    process.kill(pid, 0);
    return [`${pid} still runs`];
  } catch {
    return [];
  }
};

describe('a copying test that fails', () => {
  it.each([
    ['assertion', /Received: ".*dingtalk-storage-cleanup-\w+\/repo"/],
    ['hook', /the hook fails after copying/],
    ['timeout', /Test timed out in 1000ms/],
  ])('(%s) leaves no copy', async (ending, failure) => {
    const run = startCopyingTest(ending);
    expect(await run.exited, run.output()).toBe(1);
    expect(run.output()).toMatch(failure);
    // Nothing at all: vitest, too, removes its own temporary folder when it ends by itself.
    expect(await within(DEADLINE_MS, () => readdirSync(run.tmp))).toEqual([]);
  });
});

describe('a killed copying test', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)(
    'vitest killed with %s while the copy installs: the install is killed, the copy removed',
    async (signal) => {
      const marker = join(temp, `install-${signal}`);
      const run = startCopyingTest('wait', { INSTALL_MARKER: marker });
      try {
        const install = Number(await whenWritten(marker, run));
        expect(copiesIn(run.tmp)()).toHaveLength(1);
        run.child.kill(signal);
        await run.exited;
        // (Killed, vitest leaves a folder of its own in $TMPDIR; only the copy and its commands are ours.)
        expect(await within(DEADLINE_MS, running(install))).toEqual([]);
        expect(await within(DEADLINE_MS, copiesIn(run.tmp))).toEqual([]);
      } finally {
        run.child.kill('SIGKILL');
      }
    },
  );

  it('the test process killed with SIGKILL once its copy is made: the copy is removed', async () => {
    const marker = join(temp, 'copied');
    const run = startCopyingTest('wait', { COPIED_MARKER: marker });
    try {
      const worker = Number(await whenWritten(marker, run));
      expect(copiesIn(run.tmp)()).toHaveLength(1);
      process.kill(worker, 'SIGKILL');
      await run.exited;
      expect(await within(DEADLINE_MS, copiesIn(run.tmp))).toEqual([]);
    } finally {
      run.child.kill('SIGKILL');
    }
  });
});
