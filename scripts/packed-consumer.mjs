// A consumer project outside the workspace that installs our packages the way users get them: each
// workspace package is packed (`pnpm pack` turns workspace: ranges into versions) and the tarballs are
// installed with npm from a temporary folder. Used by the packed-consumer tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

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
  const dir = mkdtempSync(join(tmpdir(), 'dingtalk-storage-consumer-'));
  const tarballs = join(dir, 'tarballs');
  mkdirSync(tarballs);
  for (const name of packages) {
    execFileSync('pnpm', ['pack', '--pack-destination', tarballs], {
      cwd: name === 'spec' ? join(root, 'spec') : join(root, 'packages', name),
      stdio: 'ignore',
    });
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
  const run = (command, args) =>
    execFileSync(command, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
  return {
    dir,
    run,
    write: (file, content) => writeFileSync(join(dir, file), content),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
