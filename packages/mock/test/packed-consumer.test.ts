// A consumer outside the workspace installs the packed mock and client with npm (msw and vitest beside them,
// the optional peers) and runs the README's vitest recipe: its example file for file; three files in
// parallel on three workers, each injecting a fault and reading its own journal; the README's config for one
// mock for the whole run; and the MSW handlers.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createPackedConsumer,
  HUNG_COMMAND_MS,
  type PackedConsumer,
} from '../../../scripts/packed-consumer.mjs';

// Installing, or running vitest in the consumer, takes a minute or two on a busy machine; only a hang takes
// this long (and a hung command is killed first, at HUNG_COMMAND_MS, saying which).
const SLOW_WORK_MS = 2 * HUNG_COMMAND_MS;

let consumer: PackedConsumer;

/** The README's ```ts blocks that start with `// <file name>`. */
function readmeFiles(): Map<string, string> {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const files = new Map<string, string>();
  for (const [, code] of readme.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const name = /^\/\/ (\S+\.ts)\n/.exec(code ?? '')?.[1];
    if (name) files.set(name, code ?? '');
  }
  return files;
}

/** Writes `files` into the consumer's folder `dir` (made afresh). */
function writeFolder(dir: string, files: Record<string, string>) {
  rmSync(join(consumer.dir, dir), { recursive: true, force: true });
  mkdirSync(join(consumer.dir, dir));
  for (const [name, code] of Object.entries(files)) consumer.write(join(dir, name), code);
}

interface JsonReport {
  testResults: {
    name: string;
    message?: string;
    assertionResults: { status: string; failureMessages: string[] }[];
  }[];
}

/**
 * Runs vitest in the consumer's folder `dir` (its config, if any, is the folder's) and says how each file
 * went, from vitest's JSON report: its tests' statuses and any failure.
 */
function runVitest(dir: string) {
  const reportFile = join(consumer.dir, dir, 'report.json');
  let failure: unknown;
  try {
    consumer.run(join(consumer.dir, 'node_modules/.bin/vitest'), [
      'run',
      '--root',
      dir,
      '--reporter=json',
      '--outputFile=report.json',
    ]);
  } catch (error) {
    failure = error; // failed tests: the report says which
  }
  if (!existsSync(reportFile)) throw failure;
  const report: JsonReport = JSON.parse(readFileSync(reportFile, 'utf8'));
  return report.testResults
    .map((file) => ({
      file: basename(file.name),
      tests: file.assertionResults.map((test) => test.status),
      failures: [file.message, ...file.assertionResults.flatMap((test) => test.failureMessages)].filter(
        Boolean,
      ),
    }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

beforeAll(() => {
  consumer = createPackedConsumer({
    packages: ['spec', 'types', 'client', 'mock'],
    devDependencies: { vitest: '4.1.12', msw: '2.15.0' },
  });
}, SLOW_WORK_MS);

afterAll(() => consumer?.cleanup(), SLOW_WORK_MS);

it(
  "runs the README's vitest example as it is, with no config",
  () => {
    const files = readmeFiles();
    expect([...files.keys()]).toEqual(['spaces.test.ts', 'vitest.config.ts']);
    writeFolder('readme', { 'spaces.test.ts': files.get('spaces.test.ts') ?? '' });
    expect(runVitest('readme')).toEqual([
      { file: 'spaces.test.ts', tests: ['passed', 'passed'], failures: [] },
    ]);
  },
  SLOW_WORK_MS,
);

it(
  'runs three files of the recipe in parallel on three workers, each with a mock of its own',
  () => {
    const recipeImport = /^import .* from '@dingtalk-storage\/mock\/vitest';$/m.exec(
      readmeFiles().get('spaces.test.ts') ?? '',
    )?.[0];
    expect(recipeImport).toBe("import { expect, test } from '@dingtalk-storage/mock/vitest';");
    const names = ['a', 'b', 'c'];
    // Each file waits at two points for the others (a barrier of files on disk), so that whatever they
    // share, they share for sure, whatever the timing: every file's mock is reset before any file injects,
    // and every file has made its calls before any reads its journal.
    const barrier = `import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
    const FILES = ${names.length};
    // Only a hang reaches it: the three workers start within seconds of each other.
    const DEADLINE_MS = 120_000;
    export async function allReach(step: string, file: string): Promise<void> {
      const dir = new URL(\`./steps/\${step}/\`, import.meta.url);
      mkdirSync(dir, { recursive: true });
      writeFileSync(new URL(file, dir), '');
      for (let waited = 0; readdirSync(dir).length < FILES; waited += 20) {
        if (waited > DEADLINE_MS) throw new Error(\`only \${readdirSync(dir).length} of \${FILES} files reached \${step}: are they running in parallel?\`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }`;
    const testFile = (name: string) => `import { writeFileSync } from 'node:fs';
    import { createStorageClient } from '@dingtalk-storage/client';
    ${recipeImport}
    import { allReach } from './barrier.js';

    test('file ${name} injects a fault for its own call and reads only its own requests', async ({ dingtalkMock }) => {
      writeFileSync(new URL('./mock-of-${name}', import.meta.url), dingtalkMock.url);
      await allReach('reset', '${name}');
      await dingtalkMock.inject('createSpace', { status: 403, code: 'Forbidden.AccessDenied.QpsLimitForApi' });
      const storage = createStorageClient({ accessToken: 'test-token', baseUrl: dingtalkMock.url });
      const { space } = await storage.createSpace({ unionId: 'u-${name}', option: { name: '${name}' } });
      await allReach('called', '${name}');
      const journal = await dingtalkMock.requests();
      expect(journal.map((r) => [r.operationId, r.query.unionId, r.status])).toEqual([
        ['createSpace', 'u-${name}', 403],
        ['createSpace', 'u-${name}', 200],
      ]);
      expect((await storage.getSpace({ spaceId: space.id, unionId: 'u-${name}' })).space.name).toBe('${name}');
    });`;
    writeFolder('parallel', {
      'vitest.config.ts': `import { defineConfig } from 'vitest/config';
      export default defineConfig({ test: { maxWorkers: ${names.length}, fileParallelism: true } });`,
      'barrier.ts': barrier,
      ...Object.fromEntries(names.map((name) => [`${name}.test.ts`, testFile(name)])),
    });
    expect(runVitest('parallel')).toEqual(
      names.map((name) => ({ file: `${name}.test.ts`, tests: ['passed'], failures: [] })),
    );
    const mocks = names.map((name) =>
      readFileSync(join(consumer.dir, 'parallel', `mock-of-${name}`), 'utf8'),
    );
    expect(new Set(mocks).size).toBe(names.length);
  },
  SLOW_WORK_MS,
);

it(
  "runs the README's config for one mock for the whole run: the fixture is that mock; mockTest's options are refused",
  () => {
    const files = readmeFiles();
    writeFolder('shared', {
      'vitest.config.ts': files.get('vitest.config.ts') ?? '',
      'spaces.test.ts': files.get('spaces.test.ts') ?? '',
      'shared.test.ts': `import { inject } from 'vitest';
      import { expect, test } from '@dingtalk-storage/mock/vitest';
      test("the fixture is the run's mock", ({ dingtalkMock }) => {
        expect(dingtalkMock.url).toBe(inject('dingtalkMockUrl'));
      });`,
      'options.test.ts': `import { mockTest } from '@dingtalk-storage/mock/vitest';
      const test = mockTest({ maxSpaces: 5 });
      test("never runs: the run's mock cannot take its options", ({ dingtalkMock }) => {});`,
    });
    const [options, ...others] = runVitest('shared');
    expect(others).toEqual([
      { file: 'shared.test.ts', tests: ['passed'], failures: [] },
      { file: 'spaces.test.ts', tests: ['passed', 'passed'], failures: [] },
    ]);
    expect(options).toMatchObject({ file: 'options.test.ts', tests: ['failed'] });
    expect(options?.failures.join('\n')).toContain(
      'mockTest({"maxSpaces":5}): the run already has a mock for all its workers',
    );
  },
  SLOW_WORK_MS,
);

it(
  'answers through the packed MSW handlers with msw installed beside it, loading no Prism',
  () => {
    consumer.write(
      'msw-check.mjs',
      `import { createRequire } from 'node:module';
    import { createStorageClient } from '@dingtalk-storage/client';
    import { createMockHandlers } from '@dingtalk-storage/mock/msw';
    import { setupServer } from 'msw/node';
    const mock = createMockHandlers();
    const server = setupServer(...mock.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    const storage = createStorageClient({ accessToken: 'test-token' });
    const { space } = await storage.createSpace({ unionId: 'u-1', option: { name: 'Packed' } });
    await storage.getSpace({ spaceId: space.id, unionId: 'u-1' });
    server.close();
    const prism = Object.keys(createRequire(import.meta.url).cache).filter((p) => p.includes('@stoplight'));
    console.log(JSON.stringify({ journal: mock.requests.map((r) => [r.operationId, r.status]), prism }));`,
    );
    const output = consumer.run(process.execPath, ['msw-check.mjs']);
    expect(JSON.parse(output.trim().split('\n').pop() ?? '')).toEqual({
      journal: [
        ['createSpace', 200],
        ['getSpace', 200],
      ],
      prism: [],
    });
  },
  SLOW_WORK_MS,
);
