// The docs are built from the spec DOCS_SPEC names (else the repository's bundle); one that cannot be read
// or is not a bundled OpenAPI JSON document is refused with the path and what to do, never half-built.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadSpec, SPEC_ENV, specPath } from '../scripts/spec-source.mjs';

const require = createRequire(import.meta.url);
const given = process.env[SPEC_ENV];
const dir = mkdtempSync(join(tmpdir(), 'docs-spec-'));
afterEach(() => {
  if (given === undefined) delete process.env[SPEC_ENV];
  else process.env[SPEC_ENV] = given;
});
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

it("defaults to the repository's bundled spec", () => {
  delete process.env[SPEC_ENV];
  expect(specPath()).toBe(require.resolve('@dingtalk-storage/spec/openapi.json'));
  expect(loadSpec().spec.paths).toBeTypeOf('object');
});

it(`reads the bundled spec ${SPEC_ENV} names`, () => {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify({ openapi: '3.1.0', info: { title: 'x' }, paths: { '/a': {} } }));
  process.env[SPEC_ENV] = file;
  expect(loadSpec()).toEqual({ path: file, spec: expect.objectContaining({ paths: { '/a': {} } }) });
});

it.each([
  ['a missing file', 'missing.json', undefined, /cannot read the spec .*missing\.json \(from DOCS_SPEC=/],
  ['YAML', 'openapi.yaml', 'openapi: 3.1.0\npaths: {}\n', /is not JSON .*give the bundled JSON/],
  [
    'JSON that is no OpenAPI document',
    'other.json',
    '{"swagger":"2.0"}',
    /has no `openapi` version or no `paths`/,
  ],
])('refuses %s, naming the file', (_case, name, content, message) => {
  const file = join(dir, name);
  if (content !== undefined) writeFileSync(file, content);
  process.env[SPEC_ENV] = file;
  expect(() => loadSpec()).toThrow(message);
});
