// The release dry-run's upgrade check, end to end: in a temporary copy, a deliberately breaking spec edit
// (getSpace renamed to readSpace) committed with only a minor changeset. release:check publishes the
// commit before it as N and the edit as N+1, upgrades the consumer written against N, and must fail,
// quoting the consumer line that no longer compiles.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { copyRepository } from '../../../scripts/repository-copy.mjs';

const releaseCheck = fileURLToPath(new URL('../src/release-check.mjs', import.meta.url));

it('fails, naming the cause and the line, when N+1 breaks a consumer of N without a major changeset', () => {
  const copy = copyRepository('dingtalk-storage-breaking-');
  try {
    const specFile = join(copy.dir, 'spec', 'openapi.yaml');
    const spec = readFileSync(specFile, 'utf8');
    expect(spec).toContain('operationId: getSpace');
    writeFileSync(specFile, spec.replace('operationId: getSpace', 'operationId: readSpace'));
    writeFileSync(
      join(copy.dir, '.changeset', 'rename-get-space.md'),
      '---\n"@dingtalk-storage/spec": minor\n---\n\nRename getSpace to readSpace (breaking, but marked minor).\n',
    );
    copy.run('git', ['add', '-A']);
    copy.run('git', ['-c', 'user.name=t', '-c', 'user.email=t@localhost', 'commit', '-qm', 'breaking']);

    // Run as the copy's own commands are: should this test's process end first, the dry-run ends with it.
    const result = copy.spawn(process.execPath, [releaseCheck, '--root', copy.dir, '--base', 'HEAD~1'], {
      env: process.env,
      timeout: 600_000,
    });
    expect(result.stdout).toContain('N from HEAD~1, N+1 from the working tree');
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).toMatch(/does not compile after `npm update`, and no changeset is major/);
    expect(result.stderr).toMatch(
      /consumer\.mts\(\d+,\d+\): error TS\d+: Property 'getSpace' does not exist/,
    );
  } finally {
    copy.cleanup();
  }
}, 900_000);
