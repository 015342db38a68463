// The built package: imports nothing but openapi-fetch and uses no Node.js API, so it runs in browsers,
// Deno, Bun and edge workers.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');

describe('dist', () => {
  it('the ESM build imports only openapi-fetch', () => {
    const imports = [...read('index.js').matchAll(/^import .* from "([^"]+)";?$/gm)].map((m) => m[1]);
    expect(imports).toEqual(['openapi-fetch']);
  });

  it('the CJS build requires only openapi-fetch', () => {
    const requires = [...read('index.cjs').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['openapi-fetch']);
  });

  it.each(['index.js', 'index.cjs'])('%s uses no Node.js globals', (file) => {
    expect(read(file)).not.toMatch(/\b(process|Buffer|require\("node:|globalThis\.process|setImmediate)\b/);
  });
});
