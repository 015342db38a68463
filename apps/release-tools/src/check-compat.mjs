// pnpm spec:check-compat [--base <git ref>]
// Compares spec/openapi.yaml with its version at the base (default: the last @dingtalk-storage/spec release
// tag, else the merge base with main) and fails when a breaking change has no `major` changeset for
// @dingtalk-storage/spec.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { classifyChanges } from './compat.mjs';

const SPEC_FILE = 'spec/openapi.yaml';
const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
const git = (...args) =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
const tryGit = (...args) => {
  try {
    return git(...args);
  } catch {
    return undefined;
  }
};

const { values } = parseArgs({ options: { base: { type: 'string' } } });
const base =
  values.base ??
  tryGit('describe', '--tags', '--abbrev=0', '--match', '@dingtalk-storage/spec@*') ??
  tryGit('merge-base', 'HEAD', 'origin/main') ??
  tryGit('merge-base', 'HEAD', 'main');
if (!base) {
  console.error('spec:check-compat: no base to compare with; pass --base <git ref>.');
  process.exit(2);
}
const baseText = tryGit('show', `${base}:${SPEC_FILE}`);
if (baseText === undefined) {
  console.log(`spec:check-compat: ${SPEC_FILE} does not exist at ${base}; nothing to compare.`);
  process.exit(0);
}

const changes = classifyChanges(parse(baseText), parse(readFileSync(join(root, SPEC_FILE), 'utf8')));
const breaking = changes.filter((c) => c.breaking);
console.log(
  `spec:check-compat: ${SPEC_FILE} against ${base}: ${changes.length} change(s), ${breaking.length} breaking`,
);
for (const change of changes)
  console.log(`  ${change.breaking ? 'BREAKING' : 'ok      '}  ${change.rule}: ${change.path}`);

if (breaking.length > 0 && !hasMajorSpecChangeset()) {
  console.error(
    '\nBreaking changes need a major release of @dingtalk-storage/spec (and, through the fixed group, of every package).\n' +
      'Fix: run `pnpm changeset`, choose @dingtalk-storage/spec, bump "major", and describe the break for users;\n' +
      'or change the spec so that it stays compatible.',
  );
  process.exit(1);
}

function hasMajorSpecChangeset() {
  const dir = join(root, '.changeset');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .some((file) =>
      /^["']?@dingtalk-storage\/spec["']?\s*:\s*major\s*$/m.test(readFileSync(join(dir, file), 'utf8')),
    );
}
