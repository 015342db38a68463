// The CLI's admin token, admin origins and token lifetime: a host beyond loopback needs a token (from
// --admin-token or $DINGTALK_MOCK_ADMIN_TOKEN), is warned about, and never prints the token; every bad
// value is refused at start with exit code 2 and a message naming the flag.
import { MAX_TOKEN_LIFETIME_SECONDS, MIN_ADMIN_TOKEN_LENGTH } from '@dingtalk-storage/mock';
import { expect, it } from 'vitest';
import { runCli, startCli } from './cli.js';

const token = 'cli-admin-token-0123456789abcdef';

it.each([
  [
    ['--host', '0.0.0.0'],
    {},
    /--host 0\.0\.0\.0 listens beyond loopback: .*--admin-token .*\$DINGTALK_MOCK_ADMIN_TOKEN/,
  ],
  [['--host', '192.0.2.1'], {}, /--host 192\.0\.2\.1 listens beyond loopback/],
  [
    ['--admin-token', 'x'.repeat(MIN_ADMIN_TOKEN_LENGTH - 1)],
    {},
    new RegExp(`--admin-token \\(or \\$DINGTALK_MOCK_ADMIN_TOKEN\\) must be ${MIN_ADMIN_TOKEN_LENGTH} to`),
  ],
  [[], { DINGTALK_MOCK_ADMIN_TOKEN: 'has a space in it, so no' }, /--admin-token .* must be/],
  [['--admin-origin', 'http://localhost:5173/app'], {}, /--admin-origin must be a web origin/],
  [['--mode', 'stateful', '--token-lifetime', '99999999999999999999'], {}, /--token-lifetime must be/],
  [
    ['--mode', 'stateful', '--token-lifetime', String(MAX_TOKEN_LIFETIME_SECONDS + 1)],
    {},
    /--token-lifetime/,
  ],
  [['--mode', 'stateful', '--token-lifetime', '0'], {}, /--token-lifetime must be/],
  [['--mode', 'stateful', '--token-lifetime', '1.5'], {}, /--token-lifetime must be/],
] as const)('refuses %j (env %j) with exit code 2, naming the flag', async (args, env, message) => {
  const { code, stderr } = await runCli(['--port', '0', ...args], env);
  expect(code).toBe(2);
  expect(stderr).toMatch(message);
  expect(stderr).not.toContain('has a space');
});

it('takes the longest token lifetime: sign-in answers it as expireIn', async () => {
  const cli = await startCli([
    '--port',
    '0',
    '--mode',
    'stateful',
    '--token-lifetime',
    String(MAX_TOKEN_LIFETIME_SECONDS),
  ]);
  try {
    const response = await fetch(`${cli.url}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: 'k', appSecret: 's' }),
    });
    expect((await response.json()).expireIn).toBe(MAX_TOKEN_LIFETIME_SECONDS);
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }
});

it.each([
  ['$DINGTALK_MOCK_ADMIN_TOKEN', [], { DINGTALK_MOCK_ADMIN_TOKEN: token }],
  ['--admin-token', ['--admin-token', token], {}],
] as const)(
  'with a token from %s it listens on 0.0.0.0, warns, never prints the token, and its admin API needs it',
  async (_, args, env) => {
    const cli = await startCli(['--port', '0', '--host', '0.0.0.0', '--mode', 'stateful', ...args], env);
    try {
      expect(cli.errors()).toMatch(/warning: listening on 0\.0\.0\.0, beyond loopback/);
      const requests = `${cli.url}/__mock/requests`;
      expect((await fetch(requests)).status).toBe(401);
      const answer = await fetch(requests, { headers: { authorization: `Bearer ${token}` } });
      expect(answer.status).toBe(200);
      const wrong = await fetch(requests, { headers: { authorization: `Bearer ${token}-but-wrong` } });
      expect(wrong.status).toBe(401);
      expect(await wrong.text()).not.toContain(token);
      expect(cli.output() + cli.errors()).not.toContain(token);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  },
);
