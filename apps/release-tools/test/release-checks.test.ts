// Each release-check rule fails on the mistake it guards against.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkChangelogs,
  checkFixedGroup,
  checkManifest,
  checkPublishFields,
  checkRegistryView,
  checkRepublishRefused,
  checkTarball,
  checkVersions,
  judgeUpgrade,
  TARBALL_BUDGET_BYTES,
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
    // The node build, the /files entry and the chunks and declarations the entries share.
    'dist/index.node.mjs',
    'dist/index.node.d.cts',
    'dist/files.js',
    'dist/files.node.cjs',
    'dist/sleep-B6FhE3Zb.mjs',
    'dist/client-B_wC4f6E.d.ts',
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
    ['dist/files.node.txt', 'packs dist/files.node.txt, which is not allowlisted'],
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
    const over = TARBALL_BUDGET_BYTES + 1;
    expect(checkTarball('@dingtalk-storage/client', clientFiles, over)).toEqual([
      `@dingtalk-storage/client: the tarball is ${over} bytes, over the ${TARBALL_BUDGET_BYTES}-byte budget`,
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

const names = four('0').map((p) => p.name);

describe('checkFixedGroup', () => {
  it("passes on this repository's .changeset/config.json", () => {
    const config = JSON.parse(
      readFileSync(new URL('../../../.changeset/config.json', import.meta.url), 'utf8'),
    );
    expect(checkFixedGroup(config, names)).toEqual([]);
  });

  it('names a package left out of the fixed group', () => {
    const config = { fixed: [names.filter((n) => n !== '@dingtalk-storage/mock')] };
    expect(checkFixedGroup(config, names)).toEqual([
      '@dingtalk-storage/mock is not in the fixed group of .changeset/config.json: it would be versioned and published on its own',
    ]);
  });
});

describe('checkRegistryView', () => {
  const view = {
    name: '@dingtalk-storage/client',
    version: '1.1.0',
    'dist-tags': { latest: '1.1.0' },
    repository: { url: 'git+https://github.com/dingtalk-storage/dingtalk-storage.git' },
    license: 'MIT',
    exports: { '.': { import: { types: './dist/index.d.ts' } } },
    dependencies: { '@dingtalk-storage/types': '1.1.0' },
  };

  it('passes a version published as latest with its metadata', () => {
    expect(checkRegistryView(view, '1.1.0')).toEqual([]);
  });

  it('fails when latest points elsewhere, metadata is missing, or a workspace: range survived', () => {
    const broken = {
      ...view,
      'dist-tags': { latest: '1.0.0' },
      license: undefined,
      exports: { '.': './dist/index.js' },
      dependencies: { '@dingtalk-storage/types': 'workspace:*' },
    };
    expect(checkRegistryView(broken, '1.1.0')).toEqual([
      '@dingtalk-storage/client: dist-tag latest is 1.0.0, not 1.1.0',
      '@dingtalk-storage/client: npm view shows no license',
      '@dingtalk-storage/client: npm view shows no types (neither `types` nor a `types` condition in exports)',
      '@dingtalk-storage/client: dependencies.@dingtalk-storage/types is "workspace:*" in the packed package.json',
    ]);
  });
});

describe('checkRepublishRefused', () => {
  it('passes when changeset publish skipped every package as already published', () => {
    const output = names
      .map((n) => `🦋  warn ${n} is not being published because version 1.0.0 is already published on npm`)
      .join('\n');
    expect(checkRepublishRefused(output, names)).toEqual([]);
  });

  it('names a package it published again', () => {
    const output = `🦋  warn @dingtalk-storage/spec is not being published because version 1.0.0 is already published on npm`;
    expect(checkRepublishRefused(output, names)).toHaveLength(3);
  });
});

describe('judgeUpgrade', () => {
  const errors = [
    "consumer.mts(7,33): error TS2339: Property 'getSpace' does not exist on type 'StorageClient'.",
  ];

  it('fails a release whose consumer breaks without a major changeset, quoting the lines', () => {
    const { problems } = judgeUpgrade(errors, false);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("Property 'getSpace' does not exist");
  });

  it('turns the broken lines into the "how to upgrade" list when a changeset is major', () => {
    expect(judgeUpgrade(errors, true)).toEqual({ problems: [], howToUpgrade: errors });
  });
});
