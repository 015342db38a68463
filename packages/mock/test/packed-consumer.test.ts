// A consumer outside the workspace installs the packed mock and client with npm and runs vitest with the
// README's globalSetup, file for file: the example is proven to work as written.
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
    devDependencies: { vitest: '4.1.12' },
  });
}, 240_000);

afterAll(() => consumer?.cleanup());

it("runs the README's globalSetup example against the packed mock", () => {
  const files = readmeFiles();
  expect([...files.keys()]).toEqual(['vitest.config.ts', 'mock-setup.ts', 'spaces.test.ts']);
  for (const [name, code] of files) consumer.write(name, code);
  const output = consumer.run(join(consumer.dir, 'node_modules/.bin/vitest'), ['run']);
  expect(stripVTControlCharacters(output)).toMatch(/Tests\s+1 passed/);
}, 120_000);
