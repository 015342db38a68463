// `pnpm docs` runs pnpm's own `docs` command (it opens a package's homepage), never this package's build:
// every message and comment that tells someone how to build the docs must say `pnpm run docs`.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const here = new URL('..', import.meta.url);
// Every script and test but this one, which has to name the command it looks for.
const files = ['scripts', 'test']
  .flatMap((dir) => readdirSync(new URL(`${dir}/`, here)).map((name) => new URL(`${dir}/${name}`, here)))
  .filter((file) => file.href !== import.meta.url);

it('no script, message or test tells anyone to run plain `pnpm docs`', () => {
  const plain = files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      // `pnpm docs` not followed by `:serve` (a real script) and not written as `pnpm run docs`.
      .filter((line) => /pnpm docs(?!:)/.test(line))
      .map((line) => `${file.pathname.split('/apps/docs/')[1]}: ${line.trim()}`),
  );
  expect(plain).toEqual([]);
});
