// What a hostile or broken server cannot do to the caller's process: fill its memory, blow its stack, set a
// prototype, or make a timer fire at once.
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createStorageClient, type RetryEvent, type StorageApiError } from '../src/index.js';
import { type FaultServer, json, type Step, startFaultServer } from './fault-server.js';
import { rejectionOf, successBody, TOKEN } from './fixtures.js';

let server: FaultServer;
afterEach(() => server?.close());

const MiB = 1_048_576;

/** A 200 whose body never ends: 64 KiB chunks for as long as the client reads. */
const endless: Step = (res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1_024, 'a');
  const pump = () => {
    while (res.write(chunk)) {}
  };
  res.on('drain', pump);
  pump();
};

describe('maxResponseBytes', () => {
  it('an endless 200 body is cut off at the limit: responseTooLarge, not a full memory', async () => {
    server = await startFaultServer([endless]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url, maxResponseBytes: MiB });
    const error = (await rejectionOf(storage.createSpace({ unionId: 'u-1' }))) as StorageApiError;
    expect(error).toMatchObject({ status: 200, code: 'responseTooLarge', retryable: false, attempts: 1 });
    expect(error.message).toMatch(/over 1048576 bytes/);
  });

  it('a declared content-length over the limit is refused without reading', async () => {
    server = await startFaultServer([json(200, { ...successBody, padding: 'x'.repeat(2_000) })]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url, maxResponseBytes: 1_000 });
    await expect(storage.createSpace({ unionId: 'u-1' })).rejects.toMatchObject({ code: 'responseTooLarge' });
  });

  it('a small gzip body that inflates past the limit is cut off too', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * MiB, ' '));
    server = await startFaultServer([
      (res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(bomb);
      },
    ]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url, maxResponseBytes: MiB });
    expect(bomb.byteLength).toBeLessThan(MiB);
    await expect(storage.createSpace({ unionId: 'u-1' })).rejects.toMatchObject({ code: 'responseTooLarge' });
  });

  it('an answer at the limit is read', async () => {
    const body = JSON.stringify(successBody);
    server = await startFaultServer([json(200, successBody)]);
    const storage = createStorageClient({
      accessToken: TOKEN,
      baseUrl: server.url,
      maxResponseBytes: Buffer.byteLength(body),
    });
    await expect(storage.createSpace({ unionId: 'u-1' })).resolves.toEqual(successBody);
  });

  it('a huge DingTalk error message is cut to a short excerpt in error.message', async () => {
    server = await startFaultServer([json(400, { code: 'paramError', message: 'm'.repeat(500_000) })]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const error = (await rejectionOf(storage.createSpace({ unionId: 'u-1' }))) as StorageApiError;
    expect(error.code).toBe('paramError');
    expect(error.message.length).toBeLessThan(300);
  });
});

describe('hostile JSON', () => {
  it('a 20,000-deep error body is a StorageApiError, not a RangeError', async () => {
    const deep = `{"code":"paramError","message":"deep","x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    server = await startFaultServer([
      (res) => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(deep);
      },
    ]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const error = await rejectionOf(storage.createSpace({ unionId: 'u-1' }));
    expect(error).toMatchObject({ name: 'StorageApiError', status: 400, code: 'paramError' });
  });

  it('a __proto__ key in an error body stays a plain key of error.body', async () => {
    server = await startFaultServer([
      (res) => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end('{"code":"paramError","message":"m","__proto__":{"polluted":true}}');
      },
    ]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const error = (await rejectionOf(storage.createSpace({ unionId: 'u-1' }))) as StorageApiError;
    const body = error.body as Record<string, unknown>;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect((body as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(body)).toContain('__proto__');
  });
});

it('a Retry-After beyond the largest timer waits maxDelayMs, not ~1 ms', async () => {
  server = await startFaultServer([
    json(503, {}, { 'retry-after': String(2 ** 32) }),
    json(200, successBody),
  ]);
  const controller = new AbortController();
  const events: RetryEvent[] = [];
  const storage = createStorageClient({
    accessToken: TOKEN,
    baseUrl: server.url,
    retry: {
      maxDelayMs: 2 ** 31 - 1,
      onRetry: (event) => {
        events.push(event);
        setTimeout(() => controller.abort(new Error('stop waiting')), 200);
      },
    },
  });
  await expect(storage.createSpace({ unionId: 'u-1' }, { signal: controller.signal })).rejects.toThrow(
    'stop waiting',
  );
  expect(events.map((e) => e.delayMs)).toEqual([2 ** 31 - 1]);
  // Still waiting when aborted 200 ms later: the second request was never sent.
  expect(server.requests).toHaveLength(1);
});
