// A consumer project outside the workspace that installs our packages the way users get them: each
// workspace package is packed (`pnpm pack` turns workspace: ranges into versions) and the tarballs are
// installed with npm from a temporary folder. Used by the packed-consumer tests. The folder is removed
// however the test process ends, and the commands run in it end with it (temporary-folder.mjs).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTemporaryFolder } from './temporary-folder.mjs';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
// A command that runs longer than this is hung (an install takes a minute on a busy machine): it is killed,
// and the test fails saying so, instead of waiting forever in a synchronous call no test timeout can end.
export const HUNG_COMMAND_MS = 15 * 60_000;

/**
 * @param {{ packages: string[], devDependencies?: Record<string, string>, type?: 'module' | 'commonjs', root?: string }} options
 *   packages: folders under packages/ (e.g. ['types', 'client']), or 'spec'; devDependencies: from the registry;
 *   root: the repository to pack from (default: this one).
 */
export function createPackedConsumer({
  packages,
  devDependencies = {},
  type = 'module',
  root = repositoryRoot,
}) {
  const folder = createTemporaryFolder('dingtalk-storage-consumer-');
  const dir = folder.path;
  const run = (command, args, cwd = dir) => {
    const result = folder.spawn(command, args, { cwd, timeout: HUNG_COMMAND_MS });
    if (result.status !== 0) {
      const why = result.timedOut
        ? `ran past ${HUNG_COMMAND_MS / 60_000} minutes`
        : `exited ${result.status}`;
      throw Object.assign(
        new Error(`\`${command} ${args.join(' ')}\` ${why}:\n${result.stdout}\n${result.stderr}`.trim()),
        { stdout: result.stdout, stderr: result.stderr, status: result.status },
      );
    }
    return result.stdout;
  };
  try {
    const tarballs = join(dir, 'tarballs');
    mkdirSync(tarballs);
    for (const name of packages) {
      run(
        'pnpm',
        ['pack', '--pack-destination', tarballs],
        join(root, name === 'spec' ? 'spec' : `packages/${name}`),
      );
    }
    const dependencies = Object.fromEntries(
      readdirSync(tarballs).map((file) => [
        `@dingtalk-storage/${file.replace(/^dingtalk-storage-([a-z]+)-.*$/, '$1')}`,
        `file:tarballs/${file}`,
      ]),
    );
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type, dependencies, devDependencies }),
    );
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
  } catch (error) {
    folder.remove();
    throw error;
  }
  return {
    dir,
    run: (command, args) => run(command, args),
    write: (file, content) => writeFileSync(join(dir, file), content),
    cleanup: () => folder.remove(),
  };
}
