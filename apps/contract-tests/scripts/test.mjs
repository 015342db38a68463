// `pnpm --filter @dingtalk-storage/contract-tests test`. With CONTRACT_BASE_URL: the suite against that server
// (your own), as the README says. Without it: the suite against the mock in each mode, then once more
// exactly the way a user runs it against their own server: the stateful mock started from its CLI, reached
// through CONTRACT_BASE_URL. The CLI is stopped whatever happens.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const vitest = (env) =>
  spawnSync('node_modules/.bin/vitest', ['run'], {
    cwd: here,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  }).status ?? 1;

if (process.env.CONTRACT_BASE_URL) process.exit(vitest({}));

const inModes = vitest({});
if (inModes !== 0) process.exit(inModes);

const cli = spawn('node_modules/.bin/dingtalk-storage-mock', ['--mode', 'stateful', '--port', '0'], {
  cwd: here,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stop = () => cli.exitCode === null && cli.kill('SIGTERM');
process.on('exit', stop);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(1));

const url = await new Promise((resolve, reject) => {
  let output = '';
  cli.stdout.on('data', (chunk) => {
    output += chunk;
    const found = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (found) resolve(found);
  });
  cli.on('exit', (code) => reject(new Error(`the mock CLI exited (${code}) before listening:\n${output}`)));
});
console.log(
  `\nThe suite against the CLI-started stateful mock, as against your own server: CONTRACT_BASE_URL=${url}\n`,
);
process.exit(vitest({ CONTRACT_BASE_URL: url }));
