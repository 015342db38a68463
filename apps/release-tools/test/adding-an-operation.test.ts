// The product's promise, shown end to end: in a copy of the repository, two operations are added to the
// spec (a GET and a POST not marked idempotent) and `pnpm generate` and `pnpm build` run; no code is
// touched. Then the client has typed methods for them (type-checked), the fake answers them spec-validly,
// the contract suite covers them, and the POST is not retried.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRepository, type RepositoryCopy } from '../../../scripts/repository-copy.mjs';

const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url);
let copy: RepositoryCopy;

beforeAll(() => {
  copy = copyRepository('dingtalk-storage-new-operation-');
  const specFile = join(copy.dir, 'spec/openapi.yaml');
  const spec = readFileSync(specFile, 'utf8');
  // The new paths (written at the top level of the fixture) go at the end of `paths`, before `components`.
  const paths = readFileSync(fixture('new-operations.yaml'), 'utf8').replace(/^(?=.)/gm, '  ');
  writeFileSync(
    specFile,
    spec.replace(/^components:$/m, () => `${paths}components:`),
  );
  copy.run('pnpm', ['generate']);
  copy.run('pnpm', ['build']);
}, 600_000);
// Removing the copy (node_modules and builds, some 650 MB) takes a minute on a busy machine.
afterAll(() => copy?.cleanup(), 300_000);

describe('two operations added to the spec, then pnpm generate and pnpm build', () => {
  it('touch no code: only the spec and the generated files changed', () => {
    const changed = copy
      .run('git', ['status', '--porcelain', '--untracked-files=all'])
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3));
    expect(changed).toContain('spec/openapi.yaml');
    expect(
      changed.filter((file) => file !== 'spec/openapi.yaml' && !/\/src\/generated\//.test(file)),
    ).toEqual([]);
    const generated = readFileSync(join(copy.dir, 'packages/client/src/generated/operations.ts'), 'utf8');
    expect(generated).toMatch(
      /getSpaceUsage: \{"method":"GET","path":"\/v1\.0\/storage\/spaces\/\{spaceId\}\/usage"/,
    );
    expect(generated).toMatch(/addSpaceTag: \{"method":"POST",.*"body":\["tag"\]\}/);
    expect(generated).not.toMatch(/addSpaceTag: .*"idempotent"/);
  });

  it('give the client typed methods (type-checked, with @ts-expect-error for bad inputs)', () => {
    copyFileSync(fixture('use-new-operations.ts'), join(copy.dir, 'packages/client/use-new-operations.ts'));
    copy.run('pnpm', ['exec', 'tsc', '-p', 'tsconfig.json', '--noEmit'], join(copy.dir, 'packages/client'));
  });

  it('are answered spec-validly by the fake and by Prism, and the unmarked POST is not retried', () => {
    copyFileSync(fixture('call-new-operations.mjs'), join(copy.dir, 'packages/mock/call-new-operations.mjs'));
    const { results, attempts } = JSON.parse(
      copy.run('node', ['call-new-operations.mjs'], join(copy.dir, 'packages/mock')),
    );
    expect(results).toEqual({
      stateful: { getSpaceUsage: [], addSpaceTag: [] },
      prism: { getSpaceUsage: [], addSpaceTag: [] },
    });
    expect(attempts.getSpaceUsage.requests).toBe(3);
    expect(attempts.addSpaceTag.requests).toBe(1);
    expect(attempts.addSpaceTag.message).toMatch(
      /Not retried: addSpaceTag \(POST\) is not marked idempotent/,
    );
  });

  it('are covered by the contract suite, which passes', () => {
    // Plain output: FORCE_COLOR (set by a parent vitest) would colour it.
    const { FORCE_COLOR: _, ...env } = process.env;
    const { stdout: report } = copy.spawn(
      'node_modules/.bin/vitest',
      ['run', '--reporter=json', 'test/documented.test.ts', 'test/negative.test.ts'],
      { cwd: join(copy.dir, 'apps/contract-tests'), env: { ...env, NO_COLOR: '1' } },
    );
    const { testResults } = JSON.parse(report.slice(report.indexOf('{'))) as {
      testResults: { assertionResults: { fullName: string; status: string }[] }[];
    };
    const tests = testResults.flatMap((file) => file.assertionResults);
    expect(tests.filter((t) => t.status !== 'passed').map((t) => t.fullName)).toEqual([]);
    for (const operationId of ['getSpaceUsage', 'addSpaceTag']) {
      const names = tests.map((t) => t.fullName).filter((name) => name.includes(operationId));
      expect(names).toContainEqual(expect.stringMatching(/the example request gets a documented answer/));
      expect(names).toContainEqual(expect.stringMatching(/spaceId: maxLength \+ 1: 4xx, never 5xx/));
    }
    expect(tests.map((t) => t.fullName)).toContainEqual(expect.stringMatching(/addSpaceTag tag: missing/));
  });
});
