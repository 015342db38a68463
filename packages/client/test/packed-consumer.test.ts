// A consumer outside the workspace installs the packed tarballs with npm, type-checks under nodenext (ESM
// and CJS) and bundler resolution, and runs the ESM and CJS builds against a local server.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultServer, json, startFaultServer } from './fault-server.js';
import { successBody } from './fixtures.js';

const packagesDir = fileURLToPath(new URL('../..', import.meta.url));
const consumer = mkdtempSync(join(tmpdir(), 'dingtalk-storage-consumer-'));
let server: FaultServer;

const run = (command: string, args: string[]) =>
  execFileSync(command, args, { cwd: consumer, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// The consumer's programs call the fault server in this process, so they must not block its event loop.
const runNode = (script: string) =>
  new Promise<string>((resolve, reject) => {
    execFile('node', [script, server.url], { cwd: consumer, timeout: 30_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${script} failed: ${stderr}`)) : resolve(stdout.trim()),
    );
  });

const program = (importLine: string) => `${importLine}
const storage = createStorageClient({ accessToken: 'tok', baseUrl: process.argv[2] });
storage.createSpace({ unionId: 'u-1', option: { name: 'Contracts', ownerType: 'APP' } }).then(
  ({ space }) => console.log(space.id),
  (error: unknown) => {
    console.error(error instanceof StorageApiError ? error.code : error);
    process.exitCode = 1;
  },
);
`;

beforeAll(async () => {
  server = await startFaultServer(() => json(200, successBody));
  const tarballs = join(consumer, 'tarballs');
  mkdirSync(tarballs);
  for (const name of ['types', 'client']) {
    execFileSync('pnpm', ['pack', '--pack-destination', tarballs], {
      cwd: join(packagesDir, name),
      stdio: 'ignore',
    });
  }
  const dependencies = Object.fromEntries(
    readdirSync(tarballs).map((file) => [
      `@dingtalk-storage/${file.replace(/^dingtalk-storage-(\w+)-.*$/, '$1')}`,
      `file:tarballs/${file}`,
    ]),
  );
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      dependencies,
      devDependencies: { typescript: '5.9.3', '@types/node': '20.19.43' },
    }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
  writeFileSync(
    join(consumer, 'esm.mts'),
    program("import { createStorageClient, StorageApiError } from '@dingtalk-storage/client';"),
  );
  writeFileSync(
    join(consumer, 'cjs.cts'),
    program("import { createStorageClient, StorageApiError } from '@dingtalk-storage/client';"),
  );
  writeFileSync(
    join(consumer, 'bundler.ts'),
    program("import { createStorageClient, StorageApiError } from '@dingtalk-storage/client';"),
  );
}, 180_000);

afterAll(async () => {
  await server?.close();
  rmSync(consumer, { recursive: true, force: true });
});

const tsc = (...args: string[]) =>
  run(join(consumer, 'node_modules/.bin/tsc'), ['--strict', '--types', 'node', ...args]);

describe('packed consumer', () => {
  it('compiles and runs as ESM under nodenext', async () => {
    tsc('--module', 'nodenext', '--moduleResolution', 'nodenext', '--outDir', 'out', 'esm.mts');
    expect(await runNode('out/esm.mjs')).toBe(successBody.space.id);
  }, 60_000);

  it('compiles and runs as CommonJS under nodenext', async () => {
    tsc('--module', 'nodenext', '--moduleResolution', 'nodenext', '--outDir', 'out', 'cjs.cts');
    expect(await runNode('out/cjs.cjs')).toBe(successBody.space.id);
  }, 60_000);

  it('type-checks under bundler resolution', () => {
    expect(() =>
      tsc('--module', 'preserve', '--moduleResolution', 'bundler', '--noEmit', 'bundler.ts'),
    ).not.toThrow();
  }, 60_000);

  it('installs no workspace: ranges', () => {
    const manifest = run('node', [
      '-p',
      "JSON.stringify(require('@dingtalk-storage/client/package.json').dependencies)",
    ]);
    expect(manifest).not.toContain('workspace:');
    expect(JSON.parse(manifest)['@dingtalk-storage/types']).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
