// The reference's TypeScript samples, as the built page carries them (the spec embedded in
// dist/index.html): one per operation, calling that operation's client method, and every one type-checks
// with tsc --strict against the built client. A deliberately broken copy of the first sample must fail, so
// a check that passes everything (say, the client's types resolving to `any`) fails this test. The input
// values are the examples' JSON values, as the client takes them: numbers, booleans and arrays, not text.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type SpecOperation, specOperations } from '@dingtalk-storage/spec/operations';
import { expect, it } from 'vitest';
import { codeSample, SAMPLE_LABEL } from '../scripts/code-samples.mjs';

const require = createRequire(import.meta.url);
const docs = fileURLToPath(new URL('..', import.meta.url));
// Inside apps/docs, so `@dingtalk-storage/client` resolves to the workspace's built package.
const samplesDir = new URL('../test-output/samples/', import.meta.url);

interface CodeSample {
  lang: string;
  label?: string;
  source: string;
}

/** The spec the page embeds, as Redoc reads it. */
function embeddedSpec() {
  const html = readFileSync(new URL('../dist/index.html', import.meta.url), 'utf8');
  const json = /<script id="openapi" type="application\/json">([\s\S]*?)<\/script>/.exec(html)?.[1];
  expect(json, 'dist/index.html embeds the spec: run `pnpm run docs`').toBeDefined();
  return JSON.parse(json ?? '{}');
}

it('every operation has a TypeScript sample that calls its method, and every sample type-checks', () => {
  const spec = embeddedSpec();
  const operations = specOperations(spec);
  const samples = operations.map((op) => {
    const entries: CodeSample[] = spec.paths[op.path][op.method.toLowerCase()]['x-codeSamples'] ?? [];
    const sample = entries.find((entry) => entry.label === SAMPLE_LABEL);
    expect(sample, `${op.operationId} has a ${SAMPLE_LABEL} sample`).toBeDefined();
    expect(sample?.source).toContain(`await storage.${op.operationId}(`);
    return { name: `${op.operationId}.mts`, source: sample?.source ?? '' };
  });
  expect(samples.length).toBeGreaterThan(0);

  const [first] = samples;
  const broken = {
    name: 'misspelt-method.mts',
    source: first?.source.replace(/storage\.(\w+)\(/, 'storage.$1Typo(') ?? '',
  };
  rmSync(samplesDir, { recursive: true, force: true });
  mkdirSync(samplesDir, { recursive: true });
  for (const { name, source } of [...samples, broken]) writeFileSync(new URL(name, samplesDir), source);

  let report = '';
  try {
    execFileSync(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc'),
        '--noEmit',
        '--strict',
        '--noUncheckedIndexedAccess',
        '--target',
        'es2022',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--types',
        'node',
        '--skipLibCheck',
        ...[...samples, broken].map(({ name }) => fileURLToPath(new URL(name, samplesDir))),
      ],
      { cwd: docs, encoding: 'utf8', stdio: 'pipe' },
    );
  } catch (error) {
    report = String((error as { stdout?: string }).stdout ?? error);
  }
  const failing = [...report.matchAll(/samples\/([\w-]+\.mts)\(\d+,\d+\): error/g)].map((m) => m[1]);
  expect(new Set(failing), report).toEqual(new Set([broken.name]));
}, 120_000);

it("calls the method with the examples' typed values: integers, booleans and a JSON-text parameter's array", () => {
  const parameter = (name: string, where: string, more: object) => ({
    name,
    in: where,
    required: true,
    ...more,
  });
  const spec = {
    openapi: '3.1.0',
    paths: {
      '/v1.0/items/{version}': {
        delete: {
          operationId: 'deleteItems',
          parameters: [
            parameter('version', 'path', { schema: { type: 'integer' }, example: 3 }),
            parameter('maxResults', 'query', { schema: { type: 'integer' }, example: 30 }),
            parameter('toRecycleBin', 'query', { schema: { type: 'boolean' }, example: false }),
            // Sent as one query parameter holding JSON text (batchQueryRoles' dentryIdList).
            parameter('ids', 'query', {
              content: { 'application/json': { schema: { type: 'array' }, example: ['a1', 'b2'] } },
            }),
            parameter('unionId', 'query', { schema: { type: 'string' }, examples: { one: { value: 'u1' } } }),
          ],
          responses: { '200': { description: 'OK' } },
        },
      },
    },
  };
  const [op] = specOperations(spec);
  expect(op).toBeDefined();
  const sample = codeSample(spec, op as SpecOperation);
  expect(sample).toContain(
    [
      'const result = await storage.deleteItems({',
      '  version: 3,',
      '  maxResults: 30,',
      '  toRecycleBin: false,',
      "  ids: ['a1', 'b2'],",
      "  unionId: 'u1',",
      '});',
    ].join('\n'),
  );
});
