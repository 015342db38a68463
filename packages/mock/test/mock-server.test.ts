// startMockServer in each mode, the shipped spec, and the CLI: the built package, as consumers get it.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  createSpecValidator,
  listExamples,
  type MockMode,
  type MockServer,
  startMockServer,
} from '@dingtalk-storage/mock';
import { afterEach, describe, expect, it } from 'vitest';
import { startCli } from './cli.js';
import { operations, sendExample } from './spec.js';

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const create = (
  url: string,
  headers: Record<string, string> = {},
  body = '{"option":{"name":"Contracts"}}',
) =>
  fetch(`${url}/v1.0/storage/spaces?unionId=u-1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 'tok', ...headers },
    body,
  });

const validator = createSpecValidator();

describe('startMockServer', () => {
  it.each(['prism', 'dynamic', 'stateful'] as const)(
    '%s: answers a valid create with a valid 200',
    async (mode) => {
      mock = await startMockServer({ port: 0, mode });
      expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await create(mock.url);
      expect(response.status).toBe(200);
      expect(validator.response('createSpace', 200, await response.json())).toEqual([]);
    },
  );

  it.each(listExamples().map((e) => [`${e.operationId} code=${e.status}, example=${e.example}`, e] as const))(
    'prism: %s returns that example',
    async (_, example) => {
      mock = await startMockServer({ port: 0, mode: 'prism' });
      const prefer = `code=${example.status}, example=${example.example}`;
      const response = await sendExample(mock.url, example.operationId, { prefer });
      expect(response.status).toBe(example.status);
      const body = await response.json();
      expect(validator.response(example.operationId, example.status, body)).toEqual([]);
      if (example.status >= 400) expect(body.code).toBe(example.example);
    },
  );

  it.each(
    ['prism', 'dynamic', 'stateful'].flatMap((mode) =>
      operations.map((op) => [mode, op.operationId] as [MockMode, string]),
    ),
  )('%s: answers the example request of %s spec-validly', async (mode, operationId) => {
    mock = await startMockServer({ port: 0, mode });
    const response = await sendExample(mock.url, operationId);
    const body = await response.json();
    expect(validator.response(operationId, response.status, body), JSON.stringify(body)).toEqual([]);
    expect(response.status).toBeLessThan(500);
  });

  it("loads only Faker's English locale, not the ~60 its entry point pulls in", async () => {
    // A fresh process, so that nothing else has loaded Faker first.
    const script = `
      import { createRequire } from 'node:module';
      import { startMockServer } from '@dingtalk-storage/mock';
      const mock = await startMockServer({ port: 0, mode: 'dynamic' });
      const response = await fetch(mock.url + '/v1.0/storage/spaces?unionId=u-1', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 'tok' },
        body: '{}',
      });
      await mock.close();
      // Faker keeps each locale in locale/<name>.js and locales/<name>/**; collect the names loaded.
      const locales = new Set();
      for (const path of Object.keys(createRequire(import.meta.url).cache)) {
        const name = /@faker-js.*[\\/]locales?[\\/]([A-Za-z_]+)(?:\\.js$|[\\/])/.exec(path)?.[1];
        if (name) locales.add(name);
      }
      // The stand-in for Faker's entry point is gone from the cache once Prism has loaded.
      const fromPrism = createRequire(createRequire(import.meta.url).resolve('@stoplight/prism-http'));
      const standIn = Boolean(fromPrism.cache[fromPrism.resolve('@faker-js/faker')]);
      console.log(JSON.stringify({ status: response.status, locales: [...locales], standIn }));`;
    // Its own deadline, under the test's: a hung child fails with its output, not as a bare test timeout.
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      timeout: 20_000,
    });
    expect(JSON.parse(stdout)).toEqual({ status: 200, locales: ['en'], standIn: false });
  });

  it('close() frees the port', async () => {
    mock = await startMockServer({ port: 0, mode: 'prism' });
    const { port } = new URL(mock.url);
    await mock.close();
    mock = await startMockServer({ port: Number(port), mode: 'stateful' });
    expect(new URL(mock.url).port).toBe(port);
  });

  it.each([
    [{ mode: 'fake' }, /Invalid `mode`: expected one of prism, dynamic, stateful/],
    [{ port: -1 }, /Invalid `port`/],
    [{ port: 1.5 }, /Invalid `port`/],
  ])('rejects %j', async (options, message) => {
    await expect(startMockServer(options as never)).rejects.toThrow(message);
  });
});

describe('the shipped spec', () => {
  it('lists an example for every documented status of every operation', () => {
    const listed = new Set(listExamples().map((e) => `${e.operationId} ${e.status}`));
    const documented = operations.flatMap((op) =>
      [...op.responses.keys()].map((s) => `${op.operationId} ${s}`),
    );
    expect(listed).toEqual(new Set(documented));
  });

  it('reports violations by field path', () => {
    expect(
      validator.request('createSpace', { option: { quota: -1, ownerType: 'GROUP', nmae: 'x' } }),
    ).toEqual([
      { path: 'option.nmae', message: 'is not a known field' },
      { path: 'option.quota', message: 'must be >= 0' },
      { path: 'option.ownerType', message: 'must be one of USER, APP' },
    ]);
    expect(
      validator.response('createSpace', 200, {
        space: { id: 's-1', partitions: [{ quota: { type: 'BOTH' } }] },
      }),
    ).toEqual([{ path: 'space.partitions.0.quota.type', message: 'must be one of SHARE, PRIVATE' }]);
    expect(validator.response('createSpace', 418, {})).toEqual([
      { path: '', message: 'HTTP 418 is not a documented response of createSpace' },
    ]);
  });
});

describe('CLI', () => {
  const cli = fileURLToPath(new URL('../bin/dingtalk-storage-mock.mjs', import.meta.url));

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'starts, serves, prints a curl, and stops cleanly on %s',
    async (signal) => {
      const { child, url, output, exited } = await startCli(['--port', '0', '--mode', 'stateful']);
      for (const { operationId, method } of operations) {
        expect(output()).toMatch(new RegExp(`# ${operationId}: .*\\n  .*curl .*-X ${method} '${url}/`));
      }
      expect((await create(url)).status).toBe(200);
      child.kill(signal);
      expect(await exited).toBe(0);
    },
  );

  it('--app signs in that app, never prints its secret, and stateful storage calls then need its token', async () => {
    const { child, url, output, exited } = await startCli([
      '--port',
      '0',
      '--mode',
      'stateful',
      '--app',
      'cli-app:cli-secret-0123456789abcdef',
    ]);
    try {
      expect(output()).toContain('signs in cli-app');
      expect(output()).not.toContain('cli-secret');
      expect((await create(url)).status).toBe(400); // 'tok' was not issued by this mock
      const signIn = await fetch(`${url}/v1.0/oauth2/accessToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ appKey: 'cli-app', appSecret: 'cli-secret-0123456789abcdef' }),
      });
      const { accessToken } = await signIn.json();
      expect((await create(url, { 'x-acs-dingtalk-access-token': accessToken })).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('--version prints the package version and exits 0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, '--version'], { timeout: 20_000 });
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(stdout).toBe(`${version}\n`);
  });

  it('listens on $PORT when no --port is given; --port beats it', async () => {
    const port = await freePort();
    const fromEnv = await startCli(['--mode', 'stateful'], { PORT: String(port) });
    try {
      expect(fromEnv.url).toBe(`http://127.0.0.1:${port}`);
      expect((await create(fromEnv.url)).status).toBe(200);
    } finally {
      fromEnv.child.kill('SIGTERM');
      await fromEnv.exited;
    }
    const fromFlag = await startCli(['--port', '0', '--mode', 'stateful'], { PORT: String(port) });
    fromFlag.child.kill('SIGTERM');
    await fromFlag.exited;
    expect(fromFlag.url).not.toBe(`http://127.0.0.1:${port}`);
  });

  it('--log prints one line per request: operation, method, path, status, ms', async () => {
    const { child, url, output, exited } = await startCli(['--port', '0', '--mode', 'stateful', '--log']);
    try {
      await create(url);
      await fetch(`${url}/no/such/path`);
      await until(() => output().includes('/no/such/path'));
      const lines = output().split('\n');
      expect(lines).toContainEqual(
        expect.stringMatching(/^createSpace POST \/v1\.0\/storage\/spaces 200 \d+ ms$/),
      );
      expect(lines).toContainEqual(expect.stringMatching(/^- GET \/no\/such\/path 404 \d+ ms$/));
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('without --log prints nothing per request', async () => {
    const { child, url, output, exited } = await startCli(['--port', '0', '--mode', 'stateful']);
    await create(url);
    child.kill('SIGTERM');
    await exited;
    expect(output()).not.toMatch(/^createSpace /m);
  });

  it.each([
    [
      ['--mode', 'fake'],
      {},
      /--mode must be prism, dynamic or stateful, got fake\nusage: dingtalk-storage-mock/,
    ],
    [[], { PORT: 'eighty' }, /PORT must be an integer from 0 to 65535, got eighty\nusage:/],
    [['--port', '70000'], {}, /--port must be an integer from 0 to 65535, got 70000\nusage:/],
  ])('rejects %j (env %j) with usage and exit code 2', async (args, env, message) => {
    const child = spawn(process.execPath, [cli, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits for `condition`, for at most 10 s, then fails saying so. */
async function until(condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 10_000; !condition(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) throw new Error('waited 10 s for the CLI to print the line');
  }
}
