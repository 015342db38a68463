// A consumer outside the workspace installs the packed mock and client with npm (msw and vitest beside them,
// the optional peers) and runs the README's vitest example file for file, and the MSW handlers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPackedConsumer, type PackedConsumer } from '../../../scripts/packed-consumer.mjs';

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

beforeAll(() => {
  consumer = createPackedConsumer({
    packages: ['spec', 'types', 'client', 'mock'],
    devDependencies: { vitest: '4.1.12', msw: '2.15.0' },
  });
}, 240_000);

afterAll(() => consumer?.cleanup());

it("runs the README's vitest example (globalSetup and fixture) against the packed mock", () => {
  const files = readmeFiles();
  expect([...files.keys()]).toEqual(['vitest.config.ts', 'spaces.test.ts']);
  for (const [name, code] of files) consumer.write(name, code);
  const output = consumer.run(join(consumer.dir, 'node_modules/.bin/vitest'), ['run']);
  expect(stripVTControlCharacters(output)).toMatch(/Tests\s+2 passed/);
}, 120_000);

it('answers through the packed MSW handlers with msw installed beside it, loading no Prism', () => {
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
}, 60_000);
