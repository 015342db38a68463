// A working copy of this repository in a temporary folder, for what must never touch the real tree: the
// release dry-run, the bench's spec edit, the proof that a new operation needs no code. It holds every file
// git tracks plus the untracked ones it does not ignore (so uncommitted work is included), as a fresh git
// repository with one commit, its dependencies installed from pnpm's store.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * @param {string} prefix names the temporary folder, e.g. 'dingtalk-storage-release-'
 * @param {string} [source] the repository to copy (default: this one)
 * @param {{ ref?: string }} [options] ref: copy the files of that commit instead of the working tree
 */
export function copyRepository(prefix, source = root, { ref } = {}) {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const dir = join(work, 'repo');
  const run = (command, args, cwd = dir) => {
    try {
      return execFileSync(command, args, {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, CI: 'true', TURBO_TELEMETRY_DISABLED: '1' },
      });
    } catch (error) {
      // What the command said, so a failure in the copy explains itself.
      const said = `${error.stdout ?? ''}\n${error.stderr ?? ''}`.trim().split('\n').slice(-60).join('\n');
      throw Object.assign(new Error(`\`${command} ${args.join(' ')}\` failed in the copy:\n${said}`), {
        stdout: error.stdout,
        stderr: error.stderr,
      });
    }
  };
  try {
    if (ref) {
      mkdirSync(dir, { recursive: true });
      execFileSync('sh', ['-c', 'git archive "$1" | tar -x -C "$2"', 'sh', ref, dir], { cwd: source });
    } else {
      const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
        cwd: source,
        encoding: 'utf8',
      })
        .split('\0')
        .filter((file) => file && existsSync(join(source, file)));
      for (const file of files) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        cpSync(join(source, file), join(dir, file));
      }
    }
    // Committed, so that `git status` in the copy shows exactly what a step changed.
    run('git', ['init', '-q']);
    run('git', ['add', '-A']);
    run('git', [
      '-c',
      'user.name=copy',
      '-c',
      'user.email=copy@localhost',
      'commit',
      '-qm',
      'copy',
      '--no-verify',
    ]);
    run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline']);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  return { dir, run, cleanup: () => rmSync(work, { recursive: true, force: true }) };
}
