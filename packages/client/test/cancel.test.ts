// Cancellation and timeouts: the caller's signal wins at once, in any phase, and nothing is left running.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TRANSPORT } from '../src/default-wire.js';
import { createStorageClient, StorageTimeoutError } from '../src/index.js';
import { dingtalkError, type FaultServer, hang, json, startFaultServer } from './fault-server.js';
import { rejectionOf, successBody, TOKEN } from './fixtures.js';

let server: FaultServer;
afterEach(() => server?.close());

const cancelled = () => new Error('cancelled by the caller');

describe('signal', () => {
  it('an already aborted signal rejects with its reason, sending nothing', async () => {
    server = await startFaultServer([json(200, successBody)]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const reason = cancelled();
    const error = await rejectionOf(
      storage.createSpace({ unionId: 'u-1' }, { signal: AbortSignal.abort(reason) }),
    );
    expect(error).toBe(reason);
    expect(server.requests).toHaveLength(0);
  });

  it('aborts a hung request at once with the signal reason', async () => {
    server = await startFaultServer([hang]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url, timeoutMs: 60_000 });
    const controller = new AbortController();
    const reason = cancelled();
    const pending = storage.createSpace({ unionId: 'u-1' }, { signal: controller.signal });
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort(reason);
    expect(await rejectionOf(pending)).toBe(reason);
  });

  it('aborts during a backoff sleep', async () => {
    server = await startFaultServer([
      dingtalkError(503, 'operationTimeout', { 'retry-after': '60' }),
      json(200, successBody),
    ]);
    const controller = new AbortController();
    const reason = cancelled();
    const storage = createStorageClient({
      accessToken: TOKEN,
      baseUrl: server.url,
      retry: { maxDelayMs: 60_000, onRetry: () => setTimeout(() => controller.abort(reason), 20) },
    });
    expect(await rejectionOf(storage.createSpace({ unionId: 'u-1' }, { signal: controller.signal }))).toBe(
      reason,
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe('timeoutMs', () => {
  it('a per-call timeoutMs overrides the client one', async () => {
    server = await startFaultServer([hang]);
    const storage = createStorageClient({
      accessToken: TOKEN,
      baseUrl: server.url,
      timeoutMs: 60_000,
      retry: false,
    });
    const error = await rejectionOf(storage.createSpace({ unionId: 'u-1' }, { timeoutMs: 50 }));
    expect(error).toBeInstanceOf(StorageTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 50, phase: 'headers' });
  });

  it('each attempt gets a fresh timeout', async () => {
    server = await startFaultServer([hang, hang, json(200, successBody)]);
    const storage = createStorageClient({
      accessToken: TOKEN,
      baseUrl: server.url,
      // Long enough for a loaded CI machine to answer the third attempt, which must not time out.
      timeoutMs: 1_000,
      retry: { baseDelayMs: 1 },
    });
    await expect(storage.createSpace({ unionId: 'u-1' })).resolves.toEqual(successBody);
    expect(server.requests).toHaveLength(3);
  });
});

// The build of the wire under test: the node build in the client-node project, the fetch build otherwise.
const dist = fileURLToPath(
  new URL(DEFAULT_TRANSPORT === 'node:http' ? '../dist/index.node.mjs' : '../dist/index.js', import.meta.url),
);

// A child that runs longer than this is hung (it takes a second or two, more on a busy machine); under the
// 120 s timers the exit test's child would wait on if they leaked.
const CHILD_DEADLINE_MS = 60_000;

function runNode(args: string[]): Promise<string> {
  expect(existsSync(dist), 'the test runs the built package: run `pnpm build` first').toBe(true);
  return new Promise<string>((resolve, reject) => {
    execFile(process.execPath, args, { timeout: CHILD_DEADLINE_MS }, (error, out, err) =>
      error ? reject(new Error(err)) : resolve(out),
    );
  });
}

describe('garbage collection mid-call', () => {
  // Regression: a Request's signal stops following its parent once the Request is collected, which made
  // aborts and timeouts of an in-flight attempt hang.
  it(
    'still aborts and times out an attempt after a full GC',
    async () => {
      server = await startFaultServer([hang, hang]);
      const script = `
      import { createStorageClient } from ${JSON.stringify(dist)};
      const storage = createStorageClient({ accessToken: 'tok', baseUrl: ${JSON.stringify(server.url)}, retry: false });
      const collect = async () => { for (let i = 0; i < 5; i++) { gc(); await new Promise((r) => setTimeout(r, 20)); } };
      const controller = new AbortController();
      const aborted = storage.createSpace({ unionId: 'u' }, { signal: controller.signal, timeoutMs: 60000 }).catch((e) => e.message);
      await collect();
      controller.abort(new Error('stop'));
      const timedOut = storage.createSpace({ unionId: 'u' }, { timeoutMs: 300 }).catch((e) => e.name);
      await collect();
      console.log(JSON.stringify({ aborted: await aborted, timedOut: await timedOut }));
    `;
      const out = await runNode(['--expose-gc', '--input-type=module', '-e', script]);
      expect(JSON.parse(out)).toEqual({ aborted: 'stop', timedOut: 'StorageTimeoutError' });
    },
    2 * CHILD_DEADLINE_MS,
  );
});

describe('leaves nothing behind', () => {
  it(
    'a process exits right after its calls, even with long timeouts pending',
    async () => {
      server = await startFaultServer([
        json(200, successBody),
        dingtalkError(503, 'operationTimeout', { 'retry-after': '60' }),
        dingtalkError(400, 'paramError'),
      ]);
      // The second call is aborted from onRetry, i.e. once its 503 has arrived and the 60 s backoff has begun
      // (aborting on a timer could race the request and shift the server's script).
      const script = `
      import { createStorageClient } from ${JSON.stringify(dist)};
      let controller;
      const storage = createStorageClient({ accessToken: 'tok', baseUrl: ${JSON.stringify(server.url)},
        timeoutMs: 120000,
        retry: { maxDelayMs: 120000, onRetry: () => setTimeout(() => controller?.abort(new Error('stop')), 20) } });
      const { space } = await storage.createSpace({ unionId: 'u-1' });
      controller = new AbortController();
      const aborted = await storage.createSpace({ unionId: 'u-1' }, { signal: controller.signal }).catch((e) => e.message);
      const failed = await storage.createSpace({ unionId: 'u-1' }).catch((e) => e.code);
      console.log(JSON.stringify({ id: space.id, aborted, failed }));
    `;
      // A leaked 120 s timer or a referenced socket would hold the process past CHILD_DEADLINE_MS: runNode fails.
      const stdout = await runNode(['--input-type=module', '-e', script]);
      expect(JSON.parse(stdout)).toEqual({ id: successBody.space.id, aborted: 'stop', failed: 'paramError' });
    },
    2 * CHILD_DEADLINE_MS,
  );
});
