// Each release-check rule fails on the mistake it guards against.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkChangelogs,
  checkManifest,
  checkPublishFields,
  checkTarball,
  checkVersions,
} from '../src/release-checks.mjs';

const four = (version: string) =>
  ['spec', 'types', 'client', 'mock'].map((n) => ({ name: `@dingtalk-storage/${n}`, version }));

describe('checkVersions', () => {
  it('passes when all four moved to one new version', () => {
    expect(checkVersions(four('0.2.0'), '0.1.0')).toEqual([]);
  });

  it('fails when a package is left out of the bump', () => {
    const packages = four('0.2.0');
    packages[3] = { name: '@dingtalk-storage/mock', version: '0.1.0' };
    expect(checkVersions(packages, '0.1.0')).toEqual([
      'packages do not share one version: @dingtalk-storage/spec@0.2.0, @dingtalk-storage/types@0.2.0, @dingtalk-storage/client@0.2.0, @dingtalk-storage/mock@0.1.0',
      '@dingtalk-storage/mock was left out of the version bump (still 0.1.0)',
    ]);
  });
});

describe('checkChangelogs', () => {
  const entry = '# @dingtalk-storage/x\n\n## 0.2.0\n\n### Patch Changes\n\n- Release dry-run change\n';
  const changed = { name: 'x', summary: 'Release dry-run change' };
  it('passes with an entry for the version that mentions the change', () => {
    expect(checkChangelogs([{ name: 'x', version: '0.2.0', changelog: entry }], changed)).toEqual([]);
  });
  it('asks only the changed package to describe the change', () => {
    const bumpOnly = '# y\n\n## 0.2.0\n\n### Patch Changes\n\n- Updated dependencies\n';
    expect(checkChangelogs([{ name: 'y', version: '0.2.0', changelog: bumpOnly }], changed)).toEqual([]);
  });
  it.each([
    [undefined, 'x has no CHANGELOG.md'],
    ['# x\n\n## 0.1.0\n', 'x\'s CHANGELOG.md has no "## 0.2.0" entry'],
    [
      '# x\n\n## 0.2.0\n\n- something else\n',
      'x\'s CHANGELOG.md does not mention the change ("Release dry-run change")',
    ],
  ])('fails for %j', (changelog, problem) => {
    expect(checkChangelogs([{ name: 'x', version: '0.2.0', changelog }], changed)).toEqual([problem]);
  });
});

describe('checkManifest', () => {
  const published = {
    name: 'c',
    license: 'MIT',
    repository: { type: 'git', url: 'git+https://github.com/o/r.git', directory: 'packages/c' },
    homepage: 'https://github.com/o/r/tree/main/packages/c#readme',
    bugs: { url: 'https://github.com/o/r/issues' },
  };
  it('passes exact versions', () => {
    expect(checkManifest({ ...published, dependencies: { '@dingtalk-storage/types': '0.2.0' } })).toEqual([]);
  });
  it.each([
    ['dependencies', 'workspace:*'],
    ['dependencies', 'workspace:^'],
    ['peerDependencies', 'catalog:'],
  ])('fails when %s holds %s', (field, range) => {
    expect(checkManifest({ ...published, [field]: { '@dingtalk-storage/types': range } })).toEqual([
      `c: ${field}.@dingtalk-storage/types is "${range}" in the packed package.json`,
    ]);
  });
  it.each([
    ['repository.url', { repository: { directory: 'packages/c' } }],
    ['repository.directory', { repository: { url: 'git+https://github.com/o/r.git' } }],
    ['homepage', { homepage: undefined }],
    ['bugs', { bugs: undefined }],
    ['license', { license: undefined }],
  ])('fails without %s', (field, change) => {
    expect(checkManifest({ ...published, ...change })).toEqual([`c: package.json has no ${field}`]);
  });
});

describe('checkTarball', () => {
  const clientFiles = [
    'package.json',
    'README.md',
    'LICENSE',
    'CHANGELOG.md',
    'dist/index.js',
    'dist/index.cjs',
    'dist/index.d.ts',
  ];
  it('passes the allowlisted files', () => {
    expect(checkTarball('@dingtalk-storage/client', clientFiles, 20_000)).toEqual([]);
  });
  it.each([
    ['test/faults.test.ts', 'packs test/faults.test.ts, which must never be published'],
    ['dist/index.test.js', 'packs dist/index.test.js, which must never be published'],
    ['.env', 'packs .env, which must never be published'],
    ['dist/index.js.map', 'packs dist/index.js.map, which must never be published'],
    ['src/client.ts', 'packs src/client.ts, which is not allowlisted'],
  ])('fails when it packs %s', (file, problem) => {
    expect(checkTarball('@dingtalk-storage/client', [...clientFiles, file], 20_000)).toEqual([
      `@dingtalk-storage/client: ${problem}`,
    ]);
  });
  it('fails without a LICENSE', () => {
    expect(
      checkTarball(
        '@dingtalk-storage/client',
        clientFiles.filter((f) => f !== 'LICENSE'),
        20_000,
      ),
    ).toEqual(['@dingtalk-storage/client: the tarball has no LICENSE']);
  });
  it('fails over the size budget', () => {
    expect(checkTarball('@dingtalk-storage/client', clientFiles, 200_000)).toEqual([
      '@dingtalk-storage/client: the tarball is 200000 bytes, over the 102400-byte budget',
    ]);
  });
});

describe('the published packages in this repository', () => {
  const root = new URL('../../../', import.meta.url);
  const license = readFileSync(new URL('LICENSE', root), 'utf8');
  it.each(['spec', 'packages/types', 'packages/client', 'packages/mock'])(
    '%s: the root LICENSE and every field npm needs',
    (dir) => {
      expect(readFileSync(new URL(`${dir}/LICENSE`, root), 'utf8')).toBe(license);
      const manifest = JSON.parse(readFileSync(new URL(`${dir}/package.json`, root), 'utf8'));
      expect(checkPublishFields(manifest)).toEqual([]);
      expect(manifest.repository.directory).toBe(dir);
    },
  );
});
