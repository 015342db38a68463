// The CLI's ready-to-paste lines work as pasted: run in a POSIX shell against the CLI that printed them
// (with --app and without, stateful and prism), every line reaches its operation; Prism answers each 2xx,
// the drive emulator each 2xx or a status the spec documents for it (its state changes as the lines run:
// a delete, an example id it does not hold), createSpace, getSpace and the upload flow 2xx; and --help
// tells of the admin API, its routes and its token.
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { connectMock } from '@dingtalk-storage/mock';
import { afterAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli, startCli } from './cli.js';
import { operations } from './spec.js';

const secret = 'cli-secret-0123456789abcdef';

// curl where the machine has it; else a stand-in that takes exactly the flags the CLI prints, so the lines
// still run through a real shell (its quoting and variables are what is under test).
const standIn = mkdtempSync(join(tmpdir(), 'dingtalk-mock-curl-'));
afterAll(() => rmSync(standIn, { recursive: true, force: true }));
const hasCurl = spawnSync('sh', ['-c', 'command -v curl']).status === 0;
if (!hasCurl) {
  writeFileSync(
    join(standIn, 'curl'),
    `#!${process.execPath}
const args = process.argv.slice(2);
let method = 'GET', url, body, after = '';
const headers = {};
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '-s') continue;
  else if (arg === '-w') after = args[++i].replaceAll('\\\\n', '\\n');
  else if (arg === '-X') method = args[++i];
  else if (arg === '-H') { const h = args[++i]; const c = h.indexOf(':'); headers[h.slice(0, c)] = h.slice(c + 1).trim(); }
  else if (arg === '-d') body = args[++i];
  else if (!arg.startsWith('-')) url = arg;
  else { console.error('curl stand-in: no flag ' + arg); process.exit(2); }
}
const response = await fetch(url, { method, headers, body });
process.stdout.write((await response.text()) + after);
`,
  );
  chmodSync(join(standIn, 'curl'), 0o755);
}

/** The lines under "try it", as they would be pasted. */
function pastedLines(output: string): string {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => line.startsWith('try it'));
  expect(start, output).toBeGreaterThanOrEqual(0);
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    block.push(line.slice(2));
  }
  return block.join('\n');
}

function runInShell(script: string, env: Record<string, string>) {
  return new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(
      'sh',
      ['-c', script],
      // A deadline that only catches a hang.
      { env: { ...process.env, PATH: `${standIn}${delimiter}${process.env.PATH}`, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => (error ? reject(error) : resolve({ stdout, stderr })),
    );
  });
}

/** The statuses the spec documents for each operation. */
const documented = new Map(
  operations.map((operation) => [operation.operationId, [...operation.responses.keys()]]),
);
/** What the emulator must answer 2xx however the lines before went: the sign-in, the space, the upload legs. */
const alwaysAnswered = [
  'getAccessToken',
  'createSpace',
  'getSpace',
  'getFileUploadInfo',
  'initMultipartFileUpload',
];

it.each([
  ['stateful, --app', ['--mode', 'stateful', '--app', `cli-app:${secret}`], { DINGTALK_APP_SECRET: secret }],
  ['stateful, no app', ['--mode', 'stateful'], {}],
  ['prism', ['--mode', 'prism'], {}],
] as const)('%s: the printed lines, run in a shell, each reach their operation', async (_, args, env) => {
  const cli = await startCli(['--port', '0', ...args]);
  try {
    expect(cli.output()).not.toContain(secret);
    const { stdout, stderr } = await runInShell(pastedLines(cli.output()), env);
    const journal = await connectMock(cli.url).requests();
    const stateful = args.includes('stateful');
    expect(
      journal.map((entry) => {
        const answered = entry.status < 300 ? '2xx' : entry.status;
        const expected = !stateful || alwaysAnswered.includes(entry.operationId ?? '') ? '2xx' : 'documented';
        const fits =
          answered === '2xx' ||
          (expected === 'documented' && documented.get(entry.operationId ?? '')?.includes(entry.status));
        return `${entry.operationId} ${fits ? expected : answered}`;
      }),
      stdout + stderr,
    ).toEqual(
      operations.map(
        ({ operationId }) =>
          `${operationId} ${!stateful || alwaysAnswered.includes(operationId) ? '2xx' : 'documented'}`,
      ),
    );
    // The last line reads the journal through the admin API: its answer is printed.
    expect(stdout).toContain('"operationId":"getSpace"');
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }
});

it('--help tells of the admin API: every route of its document, the token and the origins', async () => {
  const { code, stdout } = await runCli(['--help']);
  expect(code).toBe(0);
  const document = parse(readFileSync(new URL('../admin-openapi.yaml', import.meta.url), 'utf8'));
  for (const [path, methods] of Object.entries<object>(document.paths)) {
    for (const method of Object.keys(methods)) expect(stdout).toContain(`${method.toUpperCase()} ${path}`);
  }
  expect(stdout).toMatch(/--admin-token <token> \(or \$DINGTALK_MOCK_ADMIN_TOKEN/);
  expect(stdout).toContain('authorization: Bearer <token>');
  expect(stdout).toContain('--admin-origin');
});
