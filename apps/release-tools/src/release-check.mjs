import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { copyRepository } from '../../../scripts/repository-copy.mjs';
import { startRegistry } from './registry.mjs';
import {
  checkChangelogs,
  checkFixedGroup,
  checkManifest,
  checkRegistryView,
  checkRepublishRefused,
  checkTarball,
  checkVersions,
  judgeUpgrade,
} from './release-checks.mjs';

const { values } = parseArgs({ options: { root: { type: 'string' }, base: { type: 'string' } } });
const FOLDERS = {
  '@dingtalk-storage/spec': 'spec',
  '@dingtalk-storage/types': 'packages/types',
  '@dingtalk-storage/client': 'packages/client',
  '@dingtalk-storage/mock': 'packages/mock',
};
const NAMES = Object.keys(FOLDERS);
const BASELINE = '1.0.0';
const PRISM_PIN = { '@stoplight/prism-core': '5.8.0' };
const TSC = ['--strict', '--types', 'node', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
const SUMMARY = 'Release dry-run change';
const yarn = fileURLToPath(new URL('../node_modules/.bin/yarn', import.meta.url));
const started = Date.now();
const step = (message) =>
  console.log(`release:check [${Math.round((Date.now() - started) / 1000)} s]: ${message}`);
const problems = [];
const stop = (why) => {
  throw Object.assign(new Error(why), { stop: true });
};

const source = values.root ?? git(['rev-parse', '--show-toplevel'], process.cwd());
// N is built from the base (the last release tag, else the merge base with main, as spec:check-compat),
// N+1 from the working tree: the upgrade check compares what users have with what they would get.
const base =
  values.base ??
  tryGit(['describe', '--tags', '--abbrev=0', '--match', '@dingtalk-storage/client@*'], source) ??
  tryGit(['merge-base', 'HEAD', 'origin/main'], source) ??
  git(['merge-base', 'HEAD', 'main'], source);
const unchanged =
  git(['rev-parse', `${base}^{commit}`], source) === git(['rev-parse', 'HEAD'], source) &&
  git(['status', '--porcelain'], source) === '';
step(
  `copying the repository (${unchanged ? 'N and N+1 from the working tree: it equals the base' : `N from ${base}, N+1 from the working tree`}) and installing it`,
);
const repository = copyRepository('dingtalk-storage-release-', source);
const baseline = unchanged
  ? repository
  : copyRepository('dingtalk-storage-release-base-', source, { ref: base });
const { dir: copy, run } = repository;
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const manifestFile = (name, dir = copy) => join(dir, FOLDERS[name], 'package.json');
let registry;
const consumers = [];

try {
  problems.push(...checkFixedGroup(readJson(join(copy, '.changeset', 'config.json')), NAMES));
  if (problems.length) stop('the fixed group is incomplete');

  step('starting a local npm registry (Verdaccio)');
  registry = await startRegistry();
  // Every npm, pnpm and yarn run below talks to it: pnpm passes its own npm_config_registry to scripts, so
  // the environment is where to say it; the token is in a userconfig of its own.
  const userconfig = join(copy, '..', 'registry.npmrc');
  writeFileSync(userconfig, registry.npmrc);
  for (const key of ['npm_config_registry', 'NPM_CONFIG_REGISTRY']) process.env[key] = `${registry.url}/`;
  for (const key of ['npm_config_userconfig', 'NPM_CONFIG_USERCONFIG']) process.env[key] = userconfig;
  const publish = (from) => from.run('pnpm', ['exec', 'changeset', 'publish']);

  step(`publishing ${BASELINE} with changeset publish (without provenance: that needs CI's identity)`);
  for (const { dir } of new Set([baseline, repository])) {
    for (const name of NAMES) {
      // publishConfig.provenance would make npm refuse outside a CI provider; the release workflow has one.
      const { publishConfig: { provenance, ...publishConfig } = {}, ...manifest } = readJson(
        manifestFile(name, dir),
      );
      if (provenance !== true) problems.push(`${name}: publishConfig.provenance is not true`);
      writeFileSync(
        manifestFile(name, dir),
        `${JSON.stringify({ ...manifest, version: BASELINE, publishConfig }, null, 2)}\n`,
      );
    }
  }
  baseline.run('pnpm', ['run', 'build']);
  publish(baseline);
  checkPublished(BASELINE);
  // changeset publish says what it skips on stderr.
  const republished = baseline.run('sh', ['-c', 'pnpm exec changeset publish 2>&1']);
  problems.push(...checkRepublishRefused(republished, NAMES));
  if (problems.length) stop(`the registry does not hold ${BASELINE} as it should`);

  const program = consumerProgram();
  const installs = [
    { tool: 'npm', install: ['npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']] },
    { tool: 'pnpm', install: ['pnpm', ['install', '--reporter=silent']] },
    {
      tool: 'yarn',
      install: [
        yarn,
        ['install', '--silent', '--no-progress', '--non-interactive', '--network-timeout', '300000'],
      ],
    },
  ];
  step(
    `installing @dingtalk-storage/client@^${BASELINE} and /mock by name: npm first, then pnpm and yarn side by side`,
  );
  const created = installs.map(({ tool }) => createConsumer(tool, program));
  consumers.push(...created);
  const install = ({ tool, install: [command, args] }, i) =>
    // One retry: an install over the network can hit a hiccup; a second failure is a failure.
    runAsync(command, args, created[i].dir).catch((error) => {
      step(`the ${tool} install failed once, retrying: ${error.message.split('\n').slice(-3).join(' ')}`);
      return runAsync(command, args, created[i].dir);
    });
  // npm first, alone, so the registry has fetched every package from upstream; then pnpm and yarn side by
  // side. (Verdaccio answered yarn "no such package available" when all three asked for an uncached
  // package at once on a busy machine.)
  await install(installs[0], 0);
  await Promise.all(installs.slice(1).map((entry, i) => install(entry, i + 1)));
  for (const [i, { tool }] of installs.entries()) {
    const consumer = created[i];
    const prismCores = prismCoreVersions(consumer.dir);
    if (prismCores.some((v) => v !== PRISM_PIN['@stoplight/prism-core'])) {
      problems.push(
        `the ${tool} consumer installed @stoplight/prism-core ${prismCores.join(', ')}, not only ${PRISM_PIN['@stoplight/prism-core']}`,
      );
    }
    step(`type-checking and running the ${tool} consumer`);
    const id = compileAndRun(consumer, tool === 'npm' ? ['esm', 'cjs', 'bundler'] : ['esm']);
    step(`the ${tool} consumer created space ${id}`);
  }

  const pending = readdirSync(join(copy, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
  const major = pending.some((file) =>
    /^"[^"]+":\s*major\s*$/m.test(readFileSync(join(copy, '.changeset', file), 'utf8')),
  );
  step(
    `applying ${pending.length} pending changeset(s) and a patch for @dingtalk-storage/client alone (changeset version)`,
  );
  writeFileSync(
    join(copy, '.changeset', 'release-dry-run.md'),
    `---\n"@dingtalk-storage/client": patch\n---\n\n${SUMMARY}\n`,
  );
  run('pnpm', ['exec', 'changeset', 'version']);
  const bumped = NAMES.map((name) => {
    const { version } = readJson(manifestFile(name));
    const changelogFile = join(copy, FOLDERS[name], 'CHANGELOG.md');
    return {
      name,
      version,
      changelog: existsSync(changelogFile) ? readFileSync(changelogFile, 'utf8') : undefined,
    };
  });
  problems.push(
    ...checkVersions(bumped, BASELINE),
    ...checkChangelogs(bumped, { name: '@dingtalk-storage/client', summary: SUMMARY }),
  );
  const next = bumped[0].version;

  step(`building and packing ${next}`);
  run('pnpm', ['run', 'build']);
  const tarballs = mkdtempSync(join(tmpdir(), 'dingtalk-storage-tarballs-'));
  try {
    for (const name of NAMES)
      run('pnpm', ['pack', '--pack-destination', tarballs], join(copy, FOLDERS[name]));
    for (const tarball of readdirSync(tarballs)) {
      const path = join(tarballs, tarball);
      const manifest = JSON.parse(run('tar', ['-xzOf', path, 'package/package.json'], tarballs));
      const packed = run('tar', ['-tzf', path], tarballs)
        .split('\n')
        .filter(Boolean)
        .map((f) => f.replace(/^package\//, ''));
      problems.push(...checkManifest(manifest), ...checkTarball(manifest.name, packed, statSync(path).size));
    }
  } finally {
    rmSync(tarballs, { recursive: true, force: true });
  }
  if (problems.length) stop('the packages are not fit to publish');

  step(`publishing ${next} with changeset publish`);
  publish(repository);
  checkPublished(next);

  step(
    `upgrading the npm consumer written against ${BASELINE} with npm update, type-checking and running it`,
  );
  const [npmConsumer] = consumers;
  npmConsumer.run('npm', ['update', '--no-audit', '--no-fund', '--loglevel=error']);
  const installed = readJson(
    join(npmConsumer.dir, 'node_modules/@dingtalk-storage/client/package.json'),
  ).version;
  if (installed !== next)
    problems.push(`npm update installed @dingtalk-storage/client ${installed}, not ${next}`);
  const errors = typeErrors(npmConsumer);
  const upgrade = judgeUpgrade(errors, major);
  problems.push(...upgrade.problems);
  if (upgrade.howToUpgrade.length) {
    step(
      `how to upgrade (a major changeset; these consumer lines no longer compile):\n  ${upgrade.howToUpgrade.join('\n  ')}`,
    );
  } else if (!errors.length) {
    step(`the upgraded consumer created space ${compileAndRun(npmConsumer, ['esm', 'cjs'])}`);
  }
} catch (error) {
  if (!error.stop) problems.push(error.stderr ? `${error.message}\n${error.stderr}` : error.message);
  const said = registry?.output().trim();
  if (said) problems.push(`the registry said:\n${said.split('\n').slice(-20).join('\n')}`);
} finally {
  for (const consumer of consumers) consumer.cleanup();
  await registry?.stop();
  repository.cleanup();
  baseline.cleanup();
}

if (problems.length > 0) {
  console.error(`release:check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
step(
  `passed in ${Math.round((Date.now() - started) / 1000)} s: published with changeset publish, installed by name with npm, pnpm and yarn, upgraded with npm update`,
);

/** A command run without blocking (the installs run side by side); fails with the end of what it said. */
async function runAsync(command, args, cwd) {
  try {
    await promisify(execFile)(command, args, {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, CI: 'true' },
    });
  } catch (error) {
    const said = `${error.stdout ?? ''}\n${error.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`\`${command} ${args.join(' ')}\` failed in ${cwd}:\n${said}`);
  }
}

function git(args, cwd) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

function tryGit(args, cwd) {
  try {
    return git(args, cwd);
  } catch {
    return undefined;
  }
}

/** `npm view` of each package at `version`, checked. */
function checkPublished(version) {
  for (const name of NAMES) {
    const view = JSON.parse(
      run('npm', ['view', `${name}@${version}`, '--json', '--registry', `${registry.url}/`]),
    );
    problems.push(...checkRegistryView(view, version));
  }
  if (problems.length) stop(`the registry does not show ${version} as it should`);
}

/** Every @stoplight/prism-core the consumer's node_modules holds (pnpm keeps them under .pnpm). */
function prismCoreVersions(dir) {
  const found = run(
    'find',
    [
      'node_modules',
      '-path',
      '*@stoplight/prism-core/package.json',
      '-not',
      '-path',
      '*/node_modules/@stoplight/prism-core/*/*',
    ],
    dir,
  );
  return [
    ...new Set(
      found
        .split('\n')
        .filter(Boolean)
        .map((file) => readJson(join(dir, file)).version),
    ),
  ];
}

/** A consumer project outside the workspace that depends on the packages by name and a caret range. */
function createConsumer(tool, program) {
  const dir = mkdtempSync(join(tmpdir(), `dingtalk-storage-${tool}-consumer-`));
  const dependencies = {
    '@dingtalk-storage/client': `^${BASELINE}`,
    '@dingtalk-storage/mock': `^${BASELINE}`,
  };
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: `${tool}-consumer`,
      private: true,
      type: 'module',
      dependencies,
      devDependencies: { typescript: '5.9.3', '@types/node': '20.19.43' },
      // The pin the mock's README asks of pnpm and yarn users: Prism's own ^5.8.0 range would pull
      // prism-core 5.16, which needs Node 24 (npm already dedupes to the mock's exact 5.8.0).
      ...(tool === 'pnpm' && { pnpm: { overrides: PRISM_PIN } }),
      ...(tool === 'yarn' && { resolutions: PRISM_PIN }),
    }),
  );
  writeFileSync(join(dir, '.npmrc'), `registry=${registry.url}/\n`);
  writeFileSync(join(dir, '.yarnrc'), `registry "${registry.url}/"\n`);
  writeFileSync(join(dir, 'consumer.mts'), program);
  writeFileSync(join(dir, 'consumer.cts'), program);
  return {
    dir,
    run: (command, args) => run(command, args, dir),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** tsc's error lines for the consumer (ESM under nodenext), empty when it compiles. */
function typeErrors(consumer) {
  try {
    consumer.run(join(consumer.dir, 'node_modules/.bin/tsc'), [...TSC, '--noEmit', 'consumer.mts']);
    return [];
  } catch (error) {
    return `${error.stdout ?? ''}`.split('\n').filter((line) => /error TS\d+/.test(line));
  }
}

/** Type-checks the consumer the ways asked for, runs the compiled ESM (and CommonJS) program, returns its output. */
function compileAndRun(consumer, ways) {
  const tsc = join(consumer.dir, 'node_modules/.bin/tsc');
  // One nodenext program compiles the .mts as ESM and the .cts as CommonJS.
  const files = [ways.includes('esm') && 'consumer.mts', ways.includes('cjs') && 'consumer.cts'].filter(
    Boolean,
  );
  consumer.run(tsc, [...TSC, '--outDir', 'out', ...files]);
  if (ways.includes('bundler'))
    consumer.run(tsc, [
      '--strict',
      '--types',
      'node',
      '--module',
      'preserve',
      '--moduleResolution',
      'bundler',
      '--noEmit',
      'consumer.mts',
    ]);
  const ids = ways
    .filter((w) => w !== 'bundler')
    .map((w) => consumer.run('node', [w === 'esm' ? 'out/consumer.mjs' : 'out/consumer.cjs']).trim());
  for (const id of ids)
    if (!/^\S+$/.test(id)) stop(`a consumer printed ${JSON.stringify(id)} instead of a space id`);
  return ids.join(', ');
}

function consumerProgram() {
  // The same source for ESM and CommonJS: the .mts / .cts extension decides what tsc emits.
  return `import { createStorageClient } from '@dingtalk-storage/client';
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
}
