// A consumer outside the workspace installs the packed tarballs with npm, type-checks under nodenext (ESM
// and CJS) and bundler resolution, and runs the ESM and CJS builds against a local server.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPackedConsumer,
  HUNG_COMMAND_MS,
  type PackedConsumer,
} from '../../../scripts/packed-consumer.mjs';
import { type FaultServer, json, startFaultServer } from './fault-server.js';
import { type FileHost, startFileHost } from './file-host.js';
import { successBody } from './fixtures.js';

// Installing, or type-checking in the consumer, takes a minute or two on a busy machine; only a hang takes
// this long (and a hung command is killed first, at HUNG_COMMAND_MS, saying which).
const SLOW_WORK_MS = 2 * HUNG_COMMAND_MS;

let consumer: PackedConsumer;
let server: FaultServer;
let fileHost: FileHost;

// The consumer's programs call the fault server in this process, so they must not block its event loop.
const runNode = (script: string, url = server.url) =>
  new Promise<string>((resolve, reject) => {
    execFile('node', [script, url], { cwd: consumer.dir, timeout: 30_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${script} failed: ${stderr}`)) : resolve(stdout.trim()),
    );
  });

const program = `import { createStorageClient, StorageApiError } from '@dingtalk-storage/client';
const storage = createStorageClient({ accessToken: 'tok', baseUrl: process.argv[2] });
storage.createSpace({ unionId: 'u-1', option: { name: 'Contracts', ownerType: 'APP' } }).then(
  ({ space }) => console.log(space.id),
  (error: unknown) => {
    console.error(error instanceof StorageApiError ? error.code : error);
    process.exitCode = 1;
  },
);
`;

/** The README's Files example as it is written, after a client of the server named on the command line. */
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const filesExample = /<!-- files-example -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
const filesProgram = `import { createStorageClient } from '@dingtalk-storage/client';
const storage = createStorageClient({ accessToken: 'tok', baseUrl: process.argv[2] });
${filesExample}`;

beforeAll(async () => {
  server = await startFaultServer(() => json(200, successBody));
  fileHost = await startFileHost();
  consumer = createPackedConsumer({
    packages: ['types', 'client'],
    devDependencies: { typescript: '5.9.3', '@types/node': '20.19.43' },
  });
  for (const file of ['esm.mts', 'cjs.cts', 'bundler.ts']) consumer.write(file, program);
  consumer.write('files.mts', filesProgram);
}, SLOW_WORK_MS);

afterAll(async () => {
  await server?.close();
  await fileHost?.close();
  consumer?.cleanup();
}, SLOW_WORK_MS);

const tsc = (...args: string[]) =>
  consumer.run(join(consumer.dir, 'node_modules/.bin/tsc'), ['--strict', '--types', 'node', ...args]);

describe('packed consumer', () => {
  it.each([
    ['ESM', 'esm.mts', 'out/esm.mjs'],
    ['CommonJS', 'cjs.cts', 'out/cjs.cjs'],
  ])(
    'compiles and runs as %s under nodenext',
    async (_, source, output) => {
      tsc('--module', 'nodenext', '--moduleResolution', 'nodenext', '--outDir', 'out', source);
      expect(await runNode(output)).toBe(successBody.space.id);
    },
    SLOW_WORK_MS,
  );

  it(
    "runs the README's Files example (uploadFile, downloadFile from /files) as written",
    async () => {
      expect(filesExample).toContain('uploadFile(storage');
      tsc(
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2022',
        '--outDir',
        'out',
        'files.mts',
      );
      const output = (await runNode('out/files.mjs', fileHost.url)).split('\n');
      expect(output.at(-1)).toBe('hello');
      expect(output[0]).toBe('5 of 5 bytes');
    },
    SLOW_WORK_MS,
  );

  it(
    'type-checks under bundler resolution',
    () => {
      expect(() =>
        tsc('--module', 'preserve', '--moduleResolution', 'bundler', '--noEmit', 'bundler.ts'),
      ).not.toThrow();
    },
    SLOW_WORK_MS,
  );

  it(
    'installs no workspace: ranges',
    () => {
      const manifest = consumer.run('node', [
        '-p',
        "JSON.stringify(require('@dingtalk-storage/client/package.json').dependencies)",
      ]);
      expect(manifest).not.toContain('workspace:');
      expect(JSON.parse(manifest)['@dingtalk-storage/types']).toMatch(/^\d+\.\d+\.\d+$/);
    },
    SLOW_WORK_MS,
  );
});
