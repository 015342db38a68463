// pnpm release:check: a release dry-run in a temporary copy of the repository (the working tree is never
// touched). Adds a changeset for one package, runs `changeset version`, builds, packs the four packages,
// checks versions, changelogs, manifests and tarball contents, then installs the tarballs with npm into
// consumer projects outside the workspace (ESM and CommonJS), type-checks them under nodenext and bundler
// resolution, and runs them against the packed mock: each prints the id of the space it created.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPackedConsumer } from '../../../scripts/packed-consumer.mjs';
import { copyRepository } from '../../../scripts/repository-copy.mjs';
import { checkChangelogs, checkManifest, checkTarball, checkVersions } from './release-checks.mjs';

const PACKAGES = ['spec', 'types', 'client', 'mock'];
const SUMMARY = 'Release dry-run change';
const problems = [];
const step = (message) => console.log(`release:check: ${message}`);
step('copying the repository to a temporary folder and installing it');
const repository = copyRepository('dingtalk-storage-release-');
const { dir: copy, run } = repository;
// Tarballs go beside the copy, inside the same temporary folder.
const work = join(copy, '..');
const folderOf = (name) => (name === 'spec' ? join(copy, 'spec') : join(copy, 'packages', name));
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

try {
  const before = readJson(join(folderOf('client'), 'package.json')).version;
  step(`adding a patch changeset for @dingtalk-storage/client only, then changeset version (from ${before})`);
  writeFileSync(
    join(copy, '.changeset', 'release-dry-run.md'),
    `---\n"@dingtalk-storage/client": patch\n---\n\n${SUMMARY}\n`,
  );
  run('pnpm', ['exec', 'changeset', 'version']);
  const bumped = PACKAGES.map((name) => {
    const { name: packageName, version } = readJson(join(folderOf(name), 'package.json'));
    const changelogFile = join(folderOf(name), 'CHANGELOG.md');
    const changelog = existsSync(changelogFile) ? readFileSync(changelogFile, 'utf8') : undefined;
    return { name: packageName, version, changelog };
  });
  problems.push(
    ...checkVersions(bumped, before),
    ...checkChangelogs(bumped, { name: '@dingtalk-storage/client', summary: SUMMARY }),
  );

  step('building');
  run('pnpm', ['run', 'build']);

  step('packing');
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  for (const name of PACKAGES) run('pnpm', ['pack', '--pack-destination', tarballs], folderOf(name));
  for (const tarball of readdirSync(tarballs)) {
    const path = join(tarballs, tarball);
    const manifest = JSON.parse(run('tar', ['-xzOf', path, 'package/package.json'], work));
    const packed = run('tar', ['-tzf', path], work)
      .split('\n')
      .filter(Boolean)
      .map((file) => file.replace(/^package\//, ''));
    problems.push(...checkManifest(manifest), ...checkTarball(manifest.name, packed, statSync(path).size));
  }
  if (problems.length > 0) throw new Error('the packages are not fit to publish');

  // The same source for both consumers: the .mts / .cts extension decides whether tsc emits ESM or CommonJS.
  const program = `import { createStorageClient } from '@dingtalk-storage/client';
import { startMockServer } from '@dingtalk-storage/mock';
(async () => {
  const mock = await startMockServer({ port: 0, mode: 'stateful' });
  try {
    const storage = createStorageClient({ accessToken: 'release-check', baseUrl: mock.url });
    const { space } = await storage.createSpace({ unionId: 'u-release', option: { name: 'Release check', ownerType: 'APP' } });
    const fetched = await storage.getSpace({ spaceId: space.id ?? '', unionId: 'u-release' });
    console.log(fetched.space.id);
  } finally {
    await mock.close();
  }
})();
`;
  const consumers = [
    { type: 'module', file: 'consumer.mts', out: 'out/consumer.mjs' },
    { type: 'commonjs', file: 'consumer.cts', out: 'out/consumer.cjs' },
  ];
  for (const { type, file, out } of consumers) {
    step(`installing the tarballs into a ${type} consumer and running it against the packed mock`);
    const consumer = createPackedConsumer({
      root: copy,
      packages: PACKAGES,
      type,
      devDependencies: { typescript: '5.9.3', '@types/node': '20.19.43' },
    });
    try {
      consumer.write(file, program);
      const tsc = join(consumer.dir, 'node_modules/.bin/tsc');
      consumer.run(tsc, [
        '--strict',
        '--types',
        'node',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--outDir',
        'out',
        file,
      ]);
      if (type === 'module') {
        consumer.run(tsc, [
          '--strict',
          '--types',
          'node',
          '--module',
          'preserve',
          '--moduleResolution',
          'bundler',
          '--noEmit',
          file,
        ]);
      }
      const id = consumer.run('node', [out]).trim();
      if (!/^\S+$/.test(id))
        problems.push(`the ${type} consumer printed ${JSON.stringify(id)} instead of a space id`);
      else step(`the ${type} consumer created space ${id}`);
    } finally {
      consumer.cleanup();
    }
  }
} catch (error) {
  const detail = error.stderr ? `${error.message}\n${error.stderr}` : error.message;
  problems.push(detail);
} finally {
  repository.cleanup();
}

if (problems.length > 0) {
  console.error(`release:check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
step('passed: one version for all four packages, clean tarballs, ESM and CommonJS consumers work');
