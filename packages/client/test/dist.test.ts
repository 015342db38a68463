// The built package (the `default`/`browser` builds: the core and /files, and the chunks they share):
// imports nothing but openapi-fetch and uses no Node.js API, so it runs in browsers, Deno, Bun and edge workers.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');

const IMPORT = /^import .* from "([^"]+)";?$/gm;
const REQUIRE = /require\("([^"]+)"\)/g;

/** The files an entry loads (itself and the chunks it imports, transitively), and what it imports from outside. */
function closure(entry: string, pattern: RegExp): { files: string[]; external: string[] } {
  const files = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, source] of read(file).matchAll(pattern)) {
      if (source?.startsWith('./')) visit(source.slice(2));
      else if (source) external.add(source);
    }
  };
  visit(entry);
  return { files: [...files], external: [...external] };
}

describe.each(['index', 'files'])('dist: %s', (entry) => {
  it('the ESM build imports only openapi-fetch', () => {
    const { external } = closure(`${entry}.js`, IMPORT);
    expect(external.filter((source) => source !== 'openapi-fetch')).toEqual([]);
  });

  it('the CJS build requires only openapi-fetch', () => {
    const { external } = closure(`${entry}.cjs`, REQUIRE);
    expect(external.filter((source) => source !== 'openapi-fetch')).toEqual([]);
  });

  it.each([
    ['ESM', `${entry}.js`, IMPORT],
    ['CJS', `${entry}.cjs`, REQUIRE],
  ])('the %s build uses no Node.js globals', (_, file, pattern) => {
    for (const loaded of closure(file, pattern).files)
      expect(read(loaded)).not.toMatch(
        /\b(process|Buffer|require\("node:|globalThis\.process|setImmediate)\b/,
      );
  });
});

it('the core ESM build still imports openapi-fetch (the check above follows real imports)', () => {
  expect(closure('index.js', IMPORT).external).toEqual(['openapi-fetch']);
});
