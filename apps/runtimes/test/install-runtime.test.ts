// Fetching a runtime into the cache, with a small fake tarball instead of a real runtime: the tarball must
// match the pinned sha512 (a mismatch names the runtime and both hashes, and nothing is unpacked), through
// an injected `pack` and through npm itself from a registry on 127.0.0.1; and of two first runs side by
// side, the one that finishes second keeps the first one's runtime in place and uses it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { installRuntime } from '../src/runtimes.mjs';
import { runToEnd } from './helpers.js';

const BINARY = '#!/bin/sh\necho fake runtime\n';
let temp: string;
let tarball: string;
let integrity: string;
let cache: string;

const sha512 = (bytes: Buffer) => `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
const runtimeWith = (pinned: string) => ({
  name: 'Fake runtime',
  package: '@fake/runtime',
  version: '1.0.0',
  bin: 'bin/fake',
  integrity: pinned,
});
const OTHER_INTEGRITY = sha512(Buffer.from('another tarball'));

/** A `pack` that hands over the fake tarball, as npm pack would have written it into `dir`. */
const packFake = (_runtime: unknown, dir: string) => {
  const path = join(dir, 'fake-runtime-1.0.0.tgz');
  copyFileSync(tarball, path);
  return path;
};

beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'install-runtime-'));
  mkdirSync(join(temp, 'package', 'bin'), { recursive: true });
  writeFileSync(join(temp, 'package', 'package.json'), '{"name":"@fake/runtime","version":"1.0.0"}');
  writeFileSync(join(temp, 'package', 'bin', 'fake'), BINARY, { mode: 0o755 });
  tarball = join(temp, 'fake.tgz');
  execFileSync('tar', ['czf', tarball, 'package'], { cwd: temp });
  integrity = sha512(readFileSync(tarball));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

beforeEach(() => {
  cache = mkdtempSync(join(temp, 'cache-'));
  vi.stubEnv('DINGTALK_RUNTIMES_CACHE', cache);
});
afterEach(() => vi.unstubAllEnvs());

describe('installRuntime', () => {
  it('unpacks a tarball that matches its pin, and reuses it afterwards', () => {
    const binary = installRuntime(runtimeWith(integrity), { pack: packFake });
    expect(readFileSync(binary, 'utf8')).toBe(BINARY);
    expect(readdirSync(cache)).toEqual([basename(dirname(dirname(binary)))]);
    const notAgain = () => {
      throw new Error('fetched again');
    };
    expect(installRuntime(runtimeWith(integrity), { pack: notAgain })).toBe(binary);
  });

  it('refuses a tarball that does not match its pin, naming the runtime and both hashes', () => {
    expect(() => installRuntime(runtimeWith(OTHER_INTEGRITY), { pack: packFake })).toThrow(
      `Fake runtime (@fake/runtime@1.0.0): the downloaded tarball's integrity is ${integrity}, not the pinned ${OTHER_INTEGRITY}`,
    );
    // Nothing unpacked, no download folder left.
    expect(readdirSync(cache)).toEqual([]);
  });

  it('a run that finishes second uses the runtime of the first and leaves it in place', () => {
    const runtime = runtimeWith(integrity);
    let first = { path: '', inode: 0 };
    const packWhileAnotherRunFinishes = (_runtime: unknown, dir: string) => {
      // The other run fetched, checked and renamed its copy into place while this one was downloading.
      const path = installRuntime(runtime, { pack: packFake });
      first = { path, inode: statSync(path).ino };
      return packFake(runtime, dir);
    };
    const binary = installRuntime(runtime, { pack: packWhileAnotherRunFinishes });
    expect(binary).toBe(first.path);
    // The same file, not a copy put in its place (the first run may be executing it).
    expect(statSync(binary).ino).toBe(first.inode);
    expect(readdirSync(cache)).toEqual([basename(dirname(dirname(binary)))]);
  });
});

describe('installRuntime through npm, from a registry on 127.0.0.1', () => {
  let registry: Server;
  let registryUrl: string;
  beforeAll(async () => {
    registry = createServer((req, res) => {
      if (req.url?.endsWith('.tgz')) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return void res.end(readFileSync(tarball));
      }
      const version = {
        name: '@fake/runtime',
        version: '1.0.0',
        dist: { tarball: `${registryUrl}/fake-runtime-1.0.0.tgz`, integrity },
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          name: '@fake/runtime',
          'dist-tags': { latest: '1.0.0' },
          versions: { '1.0.0': version },
        }),
      );
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    registry.closeAllConnections();
    registry.close();
  });

  /** installRuntime with npm's defaults, in a child (npm pack blocks; this process serves the registry). */
  const installInChild = (pinned: string) => {
    vi.stubEnv('npm_config_registry', `${registryUrl}/`);
    vi.stubEnv('npm_config_cache', join(cache, '..', `${basename(cache)}-npm`));
    const runtimes = fileURLToPath(new URL('../src/runtimes.mjs', import.meta.url));
    const program = `import { installRuntime } from ${JSON.stringify(runtimes)};
console.log(installRuntime(${JSON.stringify(runtimeWith(pinned))}));`;
    return runToEnd(process.execPath, ['--input-type=module', '-e', program], temp, 120_000);
  };

  it('unpacks what npm fetched when it matches the pin', async () => {
    const binary = (await installInChild(integrity)).trim();
    expect(readFileSync(binary, 'utf8')).toBe(BINARY);
  });

  it('refuses what npm fetched when it does not match the pin', async () => {
    await expect(installInChild(OTHER_INTEGRITY)).rejects.toThrow(
      `the downloaded tarball's integrity is ${integrity}, not the pinned ${OTHER_INTEGRITY}`,
    );
    expect(readdirSync(cache)).toEqual([]);
  });
});
