import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { copyRepository } from '../../../scripts/repository-copy.mjs';
import { startReaper } from './reaper.mjs';
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
const BUNDLER_TSC = ['--strict', '--types', 'node', '--module', 'preserve', '--moduleResolution', 'bundler'];
const SUMMARY = 'Release dry-run change';
const yarn = fileURLToPath(new URL('../node_modules/.bin/yarn', import.meta.url));
const started = Date.now();
const secondsSince = (time) => Math.round((Date.now() - time) / 1000);
const step = (message) => console.log(`release:check [${secondsSince(started)} s]: ${message}`);
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
  tryGit(['merge-base', 'HEAD', 'main'], source);
if (!base || !tryGit(['rev-parse', '--verify', '--quiet', `${base}^{commit}`], source)) {
  console.error(
    `release:check: ${base ? `--base ${base} is not a commit` : 'no base to publish as N: no @dingtalk-storage/client@* tag and no main or origin/main'} in ${source}; pass --base <ref>`,
  );
  process.exit(2);
}
const unchanged =
  git(['rev-parse', `${base}^{commit}`], source) === git(['rev-parse', 'HEAD'], source) &&
  git(['status', '--porcelain'], source) === '';
step(
  `copying the repository (${unchanged ? 'N and N+1 from the working tree: it equals the base' : `N from ${base}, N+1 from the working tree`}) and installing it`,
);
// Whatever the dry-run starts or creates from here on is killed or removed when it ends, however it ends.
const reaper = startReaper();
// A Ctrl-C (SIGINT), SIGTERM or SIGHUP ends the dry-run as it would (dying of the signal: the reaper cleans
// up), but only between two steps of its own: never between starting a command in a group of its own and
// telling the reaper of it, which the command would outlive, out of the signal's reach and the reaper's.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => process.kill(process.pid, signal));
}
const repository = copyRepository('dingtalk-storage-release-', source);
reaper.removeOnEnd(dirname(repository.dir));
const baseline = unchanged
  ? repository
  : copyRepository('dingtalk-storage-release-base-', source, { ref: base });
reaper.removeOnEnd(dirname(baseline.dir));
const { dir: copy } = repository;
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const manifestFile = (name, dir = copy) => join(dir, FOLDERS[name], 'package.json');
// What a user's shell has: none of the npm_config_* variables pnpm sets for the scripts it runs.
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/.test(key)));
// Where the consumers take every package outside the @dingtalk-storage scope from: npm's registry.
const usualRegistry = execFileSync('npm', ['config', 'get', 'registry'], {
  encoding: 'utf8',
  env: userEnv,
}).trim();
let registry;

try {
  problems.push(...checkFixedGroup(readJson(join(copy, '.changeset', 'config.json')), NAMES));
  if (problems.length) stop('the fixed group is incomplete');

  step('starting a local npm registry (Verdaccio)');
  registry = await startRegistry(reaper);
  // Publishing talks to it, signed in: pnpm passes its own npm_config_registry to the scripts it runs, so
  // the environment is where to say it; the token is in a userconfig of its own.
  const userconfig = join(copy, '..', 'registry.npmrc');
  writeFileSync(userconfig, registry.npmrc);
  const publishEnv = {
    ...userEnv,
    npm_config_registry: `${registry.url}/`,
    npm_config_userconfig: userconfig,
  };
  // `pnpm release` is what the release workflow runs: a build, then `changeset publish`.
  const release = (from) => runAsync('pnpm', ['run', 'release'], from.dir, publishEnv);

  step(`publishing ${BASELINE} with pnpm release (without provenance: that needs CI's identity)`);
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
  await release(baseline);
  await checkPublished(BASELINE);

  // Two independent lines of work, side by side: the consumers of N mostly wait on the registry; the
  // second publish of N and building N+1 (in that order: they may share a copy) mostly on the CPU. Both
  // are awaited to the end, so no command outlives the dry-run's clean-up.
  const [consumersOfN, nextRelease] = await Promise.allSettled([
    installAndRunConsumers(),
    checkSecondPublish(publishEnv).then(prepareNext),
  ]);
  for (const outcome of [consumersOfN, nextRelease]) if (outcome.status === 'rejected') throw outcome.reason;
  const [npmConsumer] = consumersOfN.value;
  const { next, major } = nextRelease.value;
  if (problems.length) stop('the packages are not fit to publish');

  step(`publishing ${next} with pnpm release`);
  await release(repository);
  await checkPublished(next);

  step(
    `upgrading the npm consumer written against ${BASELINE} with npm update, type-checking and running it`,
  );
  // Named, as a user upgrades this SDK: the four packages move together; the rest of the tree stays.
  await npmConsumer.run('npm', [
    'update',
    '@dingtalk-storage/client',
    '@dingtalk-storage/mock',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
  ]);
  const installed = readJson(
    join(npmConsumer.dir, 'node_modules/@dingtalk-storage/client/package.json'),
  ).version;
  if (installed !== next)
    problems.push(`npm update installed @dingtalk-storage/client ${installed}, not ${next}`);
  const errors = await compile(npmConsumer, ['esm', 'cjs']);
  const upgrade = judgeUpgrade(errors, major);
  problems.push(...upgrade.problems);
  if (upgrade.howToUpgrade.length) {
    step(
      `how to upgrade (a major changeset; these consumer lines no longer compile):\n  ${upgrade.howToUpgrade.join('\n  ')}`,
    );
  } else if (!errors.length) {
    step(`the upgraded consumer created space ${await runCompiled(npmConsumer, ['esm', 'cjs'])}`);
  }
} catch (error) {
  // A stop names its cause after the problems that led to it; anything else is unexpected: say all of it.
  problems.push(!error.stop && error.stderr ? `${error.message}\n${error.stderr}` : error.message);
  const said = registry?.output().trim();
  if (said) problems.push(`the registry said:\n${said.split('\n').slice(-20).join('\n')}`);
} finally {
  await registry?.stop();
  // Removes the copies, the consumers, the tarballs, and the registry's storage if it is still there.
  await reaper.close();
}

if (problems.length > 0) {
  console.error(`release:check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
step(
  `passed in ${secondsSince(started)} s: published with changeset publish, installed by name with npm, pnpm and yarn, upgraded with npm update`,
);

/**
 * A command run without blocking (the two lines of work run side by side), in a process group of its own
 * that the reaper kills if the dry-run ends first; resolves to what it printed, fails with the end of what
 * it said (and keeps `stdout`, where tsc puts its errors).
 */
function runAsync(command, args, cwd, env = userEnv) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...env, CI: 'true', TURBO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    if (child.pid) reaper.killOnEnd(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (child.pid) reaper.forget(child.pid);
      if (code === 0) return resolve(stdout);
      const said = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
      const how = signal ? `was killed (${signal})` : `failed (exit ${code})`;
      reject(
        Object.assign(new Error(`\`${command} ${args.join(' ')}\` ${how} in ${cwd}:\n${said}`), { stdout }),
      );
    });
  });
}

/**
 * The consumers of N: npm, pnpm and yarn install the packages by name and range, then each consumer is
 * type-checked (nodenext ESM, CommonJS, bundler) and run against the installed mock. Resolves to them,
 * npm's first.
 */
async function installAndRunConsumers() {
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
    `installing @dingtalk-storage/client@^${BASELINE} and /mock by name with npm, pnpm and yarn, side by side (this scope from the dry-run's registry, the rest from the usual one)`,
  );
  const created = installs.map(({ tool }) => createConsumer(tool, program));
  const install = async ({ tool, install: [command, args] }, consumer) => {
    const began = Date.now();
    // One retry: an install over the network can hit a hiccup; a second failure is a failure.
    await consumer.run(command, args).catch((error) => {
      step(`the ${tool} install failed once, retrying: ${error.message.split('\n').slice(-3).join(' ')}`);
      return consumer.run(command, args);
    });
    step(`${tool} installed in ${secondsSince(began)} s`);
  };
  const checkAndRun = async ({ tool }, consumer) => {
    const prismCores = await prismCoreVersions(consumer);
    if (prismCores.some((v) => v !== PRISM_PIN['@stoplight/prism-core'])) {
      problems.push(
        `the ${tool} consumer installed @stoplight/prism-core ${prismCores.join(', ')}, not only ${PRISM_PIN['@stoplight/prism-core']}`,
      );
    }
    const ways = ['esm', 'cjs', 'bundler'];
    const errors = await compile(consumer, ways);
    if (errors.length) {
      stop(`the ${tool} consumer does not compile against ${BASELINE}:\n  ${errors.join('\n  ')}`);
    }
    step(
      `the ${tool} consumer (ESM, CommonJS, bundler) type-checks and created space ${await runCompiled(consumer, ways)}`,
    );
  };
  const outcomes = await Promise.allSettled(
    installs.map(async (entry, i) => {
      await install(entry, created[i]);
      await checkAndRun(entry, created[i]);
    }),
  );
  for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  return created;
}

/** N+1: the pending changesets and a client-only patch applied, built, packed and checked (not yet published). */
async function prepareNext() {
  const pending = readdirSync(join(copy, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
  const major = pending.some((file) =>
    /^"[^"]+":\s*major\s*$/m.test(readFileSync(join(copy, '.changeset', file), 'utf8')),
  );
  step(
    `N+1, beside the installs: applying ${pending.length} pending changeset(s) and a patch for @dingtalk-storage/client alone (changeset version)`,
  );
  writeFileSync(
    join(copy, '.changeset', 'release-dry-run.md'),
    `---\n"@dingtalk-storage/client": patch\n---\n\n${SUMMARY}\n`,
  );
  await runAsync('pnpm', ['exec', 'changeset', 'version'], copy);
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

  step(`N+1: building and packing ${next}`);
  // What `pnpm release` builds: the four packages.
  await runAsync('pnpm', ['run', 'build:packages'], copy);
  const tarballs = mkdtempSync(join(tmpdir(), 'dingtalk-storage-tarballs-'));
  reaper.removeOnEnd(tarballs);
  for (const name of NAMES)
    await runAsync('pnpm', ['pack', '--pack-destination', tarballs], join(copy, FOLDERS[name]));
  for (const tarball of readdirSync(tarballs)) {
    const path = join(tarballs, tarball);
    const manifest = JSON.parse(await runAsync('tar', ['-xzOf', path, 'package/package.json'], tarballs));
    const packed = (await runAsync('tar', ['-tzf', path], tarballs))
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
    problems.push(...checkManifest(manifest), ...checkTarball(manifest.name, packed, statSync(path).size));
  }
  step(`N+1: ${next} is built, packed and checked`);
  return { next, major };
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
async function checkPublished(version) {
  const views = await Promise.all(
    NAMES.map((name) =>
      runAsync('npm', ['view', `${name}@${version}`, '--json', '--registry', `${registry.url}/`], copy),
    ),
  );
  for (const view of views) problems.push(...checkRegistryView(JSON.parse(view), version));
  if (problems.length) stop(`the registry does not show ${version} as it should`);
}

/** A second `changeset publish` of N must skip every package as already published. */
async function checkSecondPublish(publishEnv) {
  // changeset publish says what it skips on stderr.
  const said = await runAsync('sh', ['-c', 'pnpm exec changeset publish 2>&1'], baseline.dir, publishEnv);
  problems.push(...checkRepublishRefused(said, NAMES));
  if (problems.length) stop(`the registry does not hold ${BASELINE} as it should`);
  step(`a second changeset publish of ${BASELINE} skipped all four packages as published`);
}

/** Every @stoplight/prism-core the consumer's node_modules holds (pnpm keeps them under .pnpm). */
async function prismCoreVersions({ dir, run }) {
  const found = await run('find', [
    'node_modules',
    '-path',
    '*@stoplight/prism-core/package.json',
    '-not',
    '-path',
    '*/node_modules/@stoplight/prism-core/*/*',
  ]);
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
  reaper.removeOnEnd(dir);
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
  // This scope from the dry-run's registry, everything else from the usual one: a private registry's setup.
  writeFileSync(join(dir, '.npmrc'), `@dingtalk-storage:registry=${registry.url}/\n`);
  // yarn 1 would otherwise use its own registry.yarnpkg.com for the rest; npm's registry is the one reached.
  writeFileSync(
    join(dir, '.yarnrc'),
    `registry "${usualRegistry}"\n"@dingtalk-storage:registry" "${registry.url}/"\n`,
  );
  writeFileSync(join(dir, 'consumer.mts'), program);
  writeFileSync(join(dir, 'consumer.cts'), program);
  return { dir, run: (command, args) => runAsync(command, args, dir) };
}

/**
 * Type-checks the consumer the ways asked for and compiles ESM and CommonJS to out/ (one nodenext program
 * compiles the .mts as ESM and the .cts as CommonJS); resolves to tsc's error lines, empty when it compiles.
 */
async function compile(consumer, ways) {
  const tsc = join(consumer.dir, 'node_modules/.bin/tsc');
  const files = [ways.includes('esm') && 'consumer.mts', ways.includes('cjs') && 'consumer.cts'].filter(
    Boolean,
  );
  const programs = [[...TSC, '--outDir', 'out', ...files]];
  if (ways.includes('bundler')) programs.push([...BUNDLER_TSC, '--noEmit', 'consumer.mts']);
  const said = await Promise.all(
    programs.map((args) =>
      consumer.run(tsc, args).then(
        () => [],
        (error) => {
          const errors = `${error.stdout ?? ''}`.split('\n').filter((line) => /error TS\d+/.test(line));
          // tsc failing without a type error (a crash, a bad option) is the dry-run's failure, not a verdict.
          if (!errors.length) throw error;
          return errors;
        },
      ),
    ),
  );
  return said.flat();
}

/** Runs the compiled ESM and CommonJS programs; resolves to the space ids they printed. */
async function runCompiled(consumer, ways) {
  const outputs = ways
    .filter((w) => w !== 'bundler')
    .map((w) => `out/consumer.${w === 'esm' ? 'mjs' : 'cjs'}`);
  const ids = [];
  for (const output of outputs) ids.push((await consumer.run('node', [output])).trim());
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
