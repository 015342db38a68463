// A consumer outside the workspace installs the packed tarballs with npm, type-checks under nodenext (ESM
// and CJS) and bundler resolution, and runs the ESM and CJS builds against a local server; it runs the
// README's examples of uploadFile/downloadFile, paginate and waitForTasks as written, against the packed
// mock's drive emulator (its CLI, as a user starts it), and checks what each did to the drive.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createPackedConsumer,
  HUNG_COMMAND_MS,
  type PackedConsumer,
} from '../../../scripts/packed-consumer.mjs';
import { createStorageClient, type StorageClient } from '../src/index.js';
import { type FaultServer, json, startFaultServer } from './fault-server.js';
import { successBody } from './fixtures.js';

// Installing, or type-checking in the consumer, takes a minute or two on a busy machine; only a hang takes
// this long (and a hung command is killed first, at HUNG_COMMAND_MS, saying which).
const SLOW_WORK_MS = 2 * HUNG_COMMAND_MS;

let consumer: PackedConsumer;
let server: FaultServer;
let mock: { child: ChildProcess; url: string };
/** A client of the packed mock, from this package's source: it fills the drive and reads what an example did. */
let drive: StorageClient;

// The consumer's programs call the servers in this process, so they must not block its event loop.
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

/** The README's example between `<!-- name-example -->` and its closing marker, as it is written. */
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = (name: string) =>
  new RegExp(`<!-- ${name}-example -->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\`\\s*<!-- /${name}-example -->`).exec(
    readme,
  )?.[1] ?? '';
/** The README's examples after a client of the server named on the command line (`storage`, as they take it). */
const exampleProgram = (
  ...names: string[]
) => `import { createStorageClient } from '@dingtalk-storage/client';
const storage = createStorageClient({ accessToken: 'tok', baseUrl: process.argv[2] });
${names.map(example).join('\n')}`;

/** The packed mock's CLI in stateful mode (the drive emulator), on a free port. */
async function startPackedMock(): Promise<{ child: ChildProcess; url: string }> {
  const bin = join(consumer.dir, 'node_modules/.bin/dingtalk-storage-mock');
  const child = spawn(bin, ['--mode', 'stateful', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listening = new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`the packed mock exited (${code}): ${output}`)));
  });
  return { child, url: await listening };
}

/** The README's user, and the space its examples create (the scene and sceneId are the defaults). */
const UNION_ID = /const unionId = '([^']+)'/.exec(example('paginate'))?.[1] ?? '';
const readmeSpace = async () => (await drive.createSpace({ unionId: UNION_ID, option: {} })).space.id;
/** Every entry of the space's root, as the drive lists it. */
async function rootEntries() {
  const entries = [];
  const input = { spaceId: await readmeSpace(), parentId: '0', unionId: UNION_ID };
  for await (const dentry of drive.paginate('listDentries', input)) entries.push(dentry);
  return entries;
}

beforeAll(async () => {
  server = await startFaultServer(() => json(200, successBody));
  consumer = createPackedConsumer({
    packages: ['spec', 'types', 'client', 'mock'],
    devDependencies: { typescript: '5.9.3', '@types/node': '20.19.43' },
  });
  for (const file of ['esm.mts', 'cjs.cts', 'bundler.ts']) consumer.write(file, program);
  consumer.write('files.mts', exampleProgram('files'));
  consumer.write('paginate.mts', exampleProgram('paginate'));
  // The wait example goes on from the paginate one (its `unionId` and `space`), as the README reads.
  consumer.write('wait.mts', exampleProgram('paginate', 'wait'));
  mock = await startPackedMock();
  drive = createStorageClient({ accessToken: 'tok', baseUrl: mock.url });
}, SLOW_WORK_MS);

// Each example starts from an empty drive.
beforeEach(async () => {
  if (!mock) return;
  const url = `${mock.url}/__mock/reset`;
  const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' } });
  // A reset is idempotent: sent again when fetch reused a keep-alive socket the mock had just closed (its
  // idle timeout passes while a slow install runs; seen as "other side closed" in a CI run).
  const reset = await post().catch(post);
  expect(reset.status).toBe(200);
});

afterAll(async () => {
  mock?.child.kill();
  await server?.close();
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

  /** Compiles a consumer program as a user's ES module with top-level await would be. */
  const compile = (source: string) =>
    tsc(
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--outDir',
      'out',
      source,
    );

  it(
    "runs the README's Files example (uploadFile, downloadFile from /files) as written: the file is in the space",
    async () => {
      expect(example('files')).toContain('uploadFile(storage');
      compile('files.mts');
      const output = (await runNode('out/files.mjs', mock.url)).split('\n');
      expect(output[0]).toBe('5 of 5 bytes');
      expect(output.at(-1)).toBe('hello');
      const files = (await rootEntries()).filter((dentry) => dentry.type === 'FILE');
      expect(files.map((file) => [file.name, file.size])).toEqual([['hello.txt', 5]]);
    },
    SLOW_WORK_MS,
  );

  it(
    "runs the README's paginate example as written: every folder of a root longer than a page, then the pages",
    async () => {
      const pageSize = Number(/maxResults: (\d+)/.exec(example('paginate'))?.[1]);
      expect(pageSize).toBeGreaterThan(0);
      // One page and a part of the next, in the space the example creates.
      const spaceId = await readmeSpace();
      const names = Array.from({ length: pageSize + 10 }, (_, i) => `folder-${String(i).padStart(3, '0')}`);
      for (const name of names) await drive.addFolder({ spaceId, parentId: '0', unionId: UNION_ID, name });
      compile('paginate.mts');
      const output = (await runNode('out/paginate.mjs', mock.url)).split('\n');
      expect(output.slice(0, names.length).sort()).toEqual(names.map((name) => `${name} FOLDER`));
      expect(output.slice(names.length)).toEqual([
        `${pageSize} entries, more to come: true`,
        '10 entries, more to come: false',
      ]);
    },
    SLOW_WORK_MS,
  );

  it(
    "runs the README's waitForTasks example as written: the folder copy's task is waited to SUCCESS, the copy is there",
    async () => {
      expect(example('wait')).toContain("storage.waitForTasks('copyDentry'");
      compile('wait.mts');
      const output = (await runNode('out/wait.mjs', mock.url)).split('\n');
      // The emulator copies a folder with children asynchronously: one task, waited for until it succeeded.
      const taskId = /^\[ '(\S+) SUCCESS' \]$/.exec(output.at(-1) ?? '')?.[1];
      expect(taskId, output.join('\n')).toBeDefined();
      // The emulator answers a task's first getTask IN_PROGRESS and the next SUCCESS: a wait polls twice.
      const journal: { operationId?: string; path: string; status: number }[] = await (
        await fetch(`${mock.url}/__mock/requests`)
      ).json();
      const polls = journal.filter((entry) => entry.operationId === 'getTask');
      expect(polls.map((entry) => [entry.path.endsWith(`/${taskId}`), entry.status])).toEqual([
        [true, 200],
        [true, 200],
      ]);
      const spaceId = await readmeSpace();
      const backups = (await rootEntries()).find((dentry) => dentry.name === 'backups');
      const list = async (parentId: string) =>
        (await drive.listDentries({ spaceId, parentId, unionId: UNION_ID })).dentries ?? [];
      const copies = await list(backups?.id ?? '');
      expect(copies.map((dentry) => dentry.name)).toEqual(['project']);
      expect((await list(copies[0]?.id ?? '')).map((dentry) => dentry.name)).toEqual(['specs']);
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
