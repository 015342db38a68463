// A working copy of this repository in a temporary folder, for what must never touch the real tree: the
// release dry-run, the bench's spec edit, the proof that a new operation needs no code. It holds every file
// git tracks plus the untracked ones it does not ignore (so uncommitted work is included), as a fresh git
// repository with one commit, its dependencies installed from pnpm's store. It is removed however the
// process that made it ends, and the commands run in it end with it (temporary-folder.mjs).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTemporaryFolder } from './temporary-folder.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// What the commands in the copy see: a CI machine, no telemetry.
const COPY_ENV = { CI: 'true', TURBO_TELEMETRY_DISABLED: '1' };

/**
 * @param {string} prefix names the temporary folder, e.g. 'dingtalk-storage-release-'
 * @param {string} [source] the repository to copy (default: this one)
 * @param {{ ref?: string }} [options] ref: copy the files of that commit instead of the working tree
 */
export function copyRepository(prefix, source = root, { ref } = {}) {
  const work = createTemporaryFolder(prefix);
  const dir = join(work.path, 'repo');
  const spawn = (command, args, { cwd = dir, env = { ...process.env, ...COPY_ENV }, timeout } = {}) =>
    work.spawn(command, args, { cwd, env, timeout });
  const run = (command, args, cwd = dir) => {
    const result = spawn(command, args, { cwd });
    if (result.status !== 0) {
      // What the command said, so a failure in the copy explains itself.
      const said = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-60).join('\n');
      throw Object.assign(new Error(`\`${command} ${args.join(' ')}\` failed in the copy:\n${said}`), {
        stdout: result.stdout,
        stderr: result.stderr,
      });
    }
    return result.stdout;
  };
  try {
    if (ref) {
      mkdirSync(dir, { recursive: true });
      run('sh', ['-c', 'git archive "$1" | tar -x -C "$2"', 'sh', ref, dir], source);
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
    work.remove();
    throw error;
  }
  return { dir, run, spawn, cleanup: () => work.remove() };
}
