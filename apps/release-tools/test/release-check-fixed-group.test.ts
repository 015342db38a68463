// The release dry-run refuses a fixed group that leaves a package out, end to end: in a temporary copy
// whose .changeset/config.json drops @dingtalk-storage/mock from the group, release:check must exit 1
// naming the package, before it publishes anything.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { copyRepository } from '../../../scripts/repository-copy.mjs';

const releaseCheck = fileURLToPath(new URL('../src/release-check.mjs', import.meta.url));

it('fails, naming the package, when one is left out of the fixed group', () => {
  const copy = copyRepository('dingtalk-storage-fixed-group-');
  try {
    const configFile = join(copy.dir, '.changeset', 'config.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8'));
    expect(config.fixed[0]).toContain('@dingtalk-storage/mock');
    config.fixed = [config.fixed[0].filter((name: string) => name !== '@dingtalk-storage/mock')];
    writeFileSync(configFile, JSON.stringify(config));
    copy.run('git', ['-c', 'user.name=t', '-c', 'user.email=t@localhost', 'commit', '-qam', 'drop mock']);

    // Run as the copy's own commands are: should this test's process end first, the dry-run ends with it.
    const result = copy.spawn(process.execPath, [releaseCheck, '--root', copy.dir, '--base', 'HEAD'], {
      env: process.env,
      timeout: 300_000,
    });
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).toContain(
      '@dingtalk-storage/mock is not in the fixed group of .changeset/config.json',
    );
    expect(result.stdout).not.toContain('publishing');
  } finally {
    copy.cleanup();
  }
}, 600_000);
