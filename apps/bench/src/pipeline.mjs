// Pipeline: `pnpm build` from clean (turbo --force), with a warm cache, and after editing one spec
// description; the contract suite's wall time; the mock's start-to-first-response, in-process and by CLI.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyRepository } from '../../../scripts/repository-copy.mjs';
import { now, summarize } from './stats.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const mockDir = fileURLToPath(new URL('../../../packages/mock/', import.meta.url));

function timed(command, args, cwd = root) {
  const start = now();
  try {
    execFileSync(command, args, {
      cwd,
      stdio: 'ignore',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    });
  } catch (error) {
    error.ms = now() - start;
    throw error;
  }
  return now() - start;
}

/**
 * As timed, but a command that runs to its end and exits non-zero (a failing test) is timed too, with
 * `failed` set: a bench run keeps its other figures, and its report says the suite failed.
 */
function timedToTheEnd(command, args, cwd = root) {
  try {
    return { ms: timed(command, args, cwd), failed: false };
  } catch (error) {
    if (typeof error.status !== 'number') throw error;
    return { ms: error.ms, failed: true };
  }
}

export function measureBuilds({ full }) {
  const results = {};
  if (full)
    results['build, clean (turbo --force)'] = summarize([
      timed('pnpm', ['turbo', 'run', 'build', '--force']),
    ]);
  timed('pnpm', ['turbo', 'run', 'build']); // make sure the cache is warm
  results['build, warm cache'] = summarize([1, 2, 3].map(() => timed('pnpm', ['turbo', 'run', 'build'])));
  if (full) {
    // The spec is edited in a copy of the repository, never in the tracked file: a killed run leaves the
    // tree as it was, and no copy (it is removed, and the builds in it killed, however the run ends).
    const copy = copyRepository('dingtalk-storage-bench-');
    const timedInCopy = (args) => {
      const start = now();
      copy.run('pnpm', args);
      return now() - start;
    };
    try {
      timedInCopy(['turbo', 'run', 'build']); // the copy's own cache, warm
      const specFile = join(copy.dir, 'spec/openapi.yaml');
      const original = readFileSync(specFile, 'utf8');
      // A description no earlier run has built, so turbo cannot restore it from its cache.
      const edited = original.replace(
        'description: The space name.',
        `description: The space name (bench ${Date.now()}).`,
      );
      if (edited === original)
        throw new Error('bench: the spec description to edit is gone; update pipeline.mjs');
      writeFileSync(specFile, edited);
      results['build after one spec description edit'] = summarize([timedInCopy(['turbo', 'run', 'build'])]);
    } finally {
      copy.cleanup();
    }
    const suite = timedToTheEnd('pnpm', [
      '--filter',
      '@dingtalk-storage/contract-tests',
      'exec',
      'vitest',
      'run',
    ]);
    const name = suite.failed
      ? 'contract suite (3 modes): FAILED, exited non-zero (time of the whole run; see pnpm test)'
      : 'contract suite (3 modes)';
    results[name] = summarize([suite.ms]);
  }
  return results;
}

/**
 * A fresh process: import the mock; start it once cold (Prism's modules load on the first prism-mode start)
 * and get the first answer; then start it again, Prism loaded, and time start → first answer.
 */
const IN_PROCESS = `
  const ask = async (url) => {
    const res = await fetch(url + '/v1.0/storage/spaces?unionId=u', { method: 'POST',
      headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 't' }, body: '{}' });
    await res.text();
    if (res.status !== 200) throw new Error('the mock answered ' + res.status);
  };
  const t0 = performance.now();
  const { startMockServer } = await import('@dingtalk-storage/mock');
  const t1 = performance.now();
  const cold = await startMockServer({ port: 0, mode: 'prism' });
  await ask(cold.url);
  const t2 = performance.now();
  await cold.close();
  const t3 = performance.now();
  const warm = await startMockServer({ port: 0, mode: 'prism' });
  await ask(warm.url);
  const t4 = performance.now();
  await warm.close();
  console.log(JSON.stringify({ importMs: t1 - t0, coldMs: t2 - t1, startToFirstMs: t4 - t3 }));`;

function inProcessOnce() {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', IN_PROCESS],
      { cwd: mockDir },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))),
    );
  });
}

function cliOnce() {
  return new Promise((resolve, reject) => {
    const start = now();
    const child = spawn(process.execPath, ['bin/dingtalk-storage-mock.mjs', '--port', '0'], { cwd: mockDir });
    let out = '';
    child.stdout.on('data', async (chunk) => {
      out += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (!url || child.answered) return;
      child.answered = true;
      try {
        const res = await fetch(`${url}/v1.0/storage/spaces?unionId=u`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 't' },
          body: '{}',
        });
        await res.text();
        const elapsed = now() - start;
        child.once('exit', () => resolve(elapsed));
        child.kill('SIGINT');
      } catch (error) {
        child.kill('SIGKILL');
        reject(error);
      }
    });
    child.once('error', reject);
  });
}

export async function measureMockStart({ rounds }) {
  const imports = [];
  const cold = [];
  const inProcess = [];
  const cli = [];
  for (let i = 0; i < rounds; i++) {
    const run = await inProcessOnce();
    imports.push(run.importMs);
    cold.push(run.coldMs);
    inProcess.push(run.startToFirstMs);
    cli.push(await cliOnce());
  }
  return {
    'import @dingtalk-storage/mock': summarize(imports),
    'in-process, first prism start (loads Prism) → first response': summarize(cold),
    'in-process: start → first response': summarize(inProcess),
    'CLI: spawn → first response': summarize(cli),
  };
}
