// The reference's TypeScript samples, as the built page carries them (the spec embedded in
// dist/index.html): one per operation, calling that operation's client method, and every one type-checks
// with tsc --strict against the built client. A deliberately broken copy of the first sample must fail, so
// a check that passes everything (say, the client's types resolving to `any`) fails this test.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { specOperations } from '@dingtalk-storage/spec/operations';
import { expect, it } from 'vitest';
import { SAMPLE_LABEL } from '../scripts/code-samples.mjs';

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
