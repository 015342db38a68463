// Scripted failures from a real local server: what is retried, how long the client waits (as computed,
// reported through onRetry), and which typed error comes out.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createStorageClient,
  type RetryEvent,
  StorageApiError,
  StorageNetworkError,
  StorageTimeoutError,
} from '../src/index.js';
import {
  dingtalkError,
  type FaultServer,
  hang,
  json,
  reset,
  type Step,
  stallBody,
  startFaultServer,
  text,
} from './fault-server.js';
import { rejectionOf, successBody, TOKEN } from './fixtures.js';

let server: FaultServer;
afterEach(() => server?.close());

const ok = json(200, successBody);

async function clientFor(script: Step[], options: { maxAttempts?: number; timeoutMs?: number } = {}) {
  server = await startFaultServer(script);
  const retries: RetryEvent[] = [];
  const storage = createStorageClient({
    accessToken: TOKEN,
    baseUrl: server.url,
    timeoutMs: options.timeoutMs ?? 2_000,
    retry: {
      maxAttempts: options.maxAttempts ?? 3,
      baseDelayMs: 1,
      maxDelayMs: 50,
      onRetry: (e) => retries.push(e),
    },
  });
  return { storage, retries, create: () => storage.createSpace({ unionId: 'u-1', option: { name: 'x' } }) };
}

describe('retried, then successful', () => {
  it.each([
    ['503 → 503 → 200', [dingtalkError(503, 'operationTimeout'), dingtalkError(503, 'operationTimeout'), ok]],
    ['500 → 200', [dingtalkError(500, 'systemError'), ok]],
    ['502 (HTML) → 200', [text(502, '<html><body>Bad Gateway</body></html>', 'text/html'), ok]],
    ['504 → 200', [text(504, ''), ok]],
    ['429 → 200', [json(429, { code: 'Throttled', message: 'slow down' }), ok]],
    ['reset connection → 200', [reset, ok]],
    ['hung response → 200', [hang, ok]],
  ] as const)('%s', async (_, script) => {
    // The hung case waits out one timeout; the answer after it must arrive within one, even on a loaded machine.
    const { create, retries } = await clientFor([...script], { timeoutMs: 1_000 });
    await expect(create()).resolves.toEqual(successBody);
    expect(server.requests).toHaveLength(script.length);
    expect(retries.map((r) => r.attempt)).toEqual(script.slice(1).map((_, i) => i + 1));
    // Full jitter: the n-th retry waits within [0, min(maxDelayMs, baseDelayMs * 2^n)].
    retries.forEach((r, n) => {
      expect(r.delayMs).toBeGreaterThanOrEqual(0);
      expect(r.delayMs).toBeLessThanOrEqual(Math.min(50, 2 ** n));
    });
  });

  it('sends the same body bytes and token on every attempt', async () => {
    const { create } = await clientFor([dingtalkError(503, 'operationTimeout'), reset, ok]);
    await create();
    const bodies = server.requests.map((r) => r.body);
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0] ?? '')).toEqual({ option: { name: 'x' } });
    expect(server.requests.map((r) => r.headers['x-acs-dingtalk-access-token'])).toEqual([
      TOKEN,
      TOKEN,
      TOKEN,
    ]);
  });

  it('honours Retry-After in seconds, capped at maxDelayMs', async () => {
    const { create, retries } = await clientFor([json(429, {}, { 'retry-after': '120' }), ok]);
    await create();
    expect(retries[0]?.delayMs).toBe(50);
  });

  it('honours Retry-After: 0', async () => {
    const { create, retries } = await clientFor([json(503, {}, { 'retry-after': '0' }), ok]);
    await create();
    expect(retries[0]?.delayMs).toBe(0);
  });

  it.each(['Forbidden.AccessDenied.QpsLimitForApi', 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi'])(
    'waits at least one second after 403 %s',
    async (code) => {
      const { create, retries } = await clientFor([dingtalkError(403, code), ok]);
      await create();
      expect(retries).toEqual([{ attempt: 1, delayMs: 1_000, status: 403, code }]);
      expect((server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
    },
  );
});

describe('not retried', () => {
  it.each([
    [400, 'paramError'],
    [400, 'paramError.name'],
    [400, 'paramError.scene'],
    [400, 'paramError.sceneId'],
    [403, 'permissionDenied'],
    [403, 'Forbidden.AccessDenied.ApiCountLimitForOrg'],
    [400, 'InvalidAuthentication'],
  ])('%i %s: one attempt, a StorageApiError with the code', async (status, code) => {
    const { create } = await clientFor([dingtalkError(status, code), ok]);
    const error = await rejectionOf(create());
    expect(error).toBeInstanceOf(StorageApiError);
    expect(error).toMatchObject({ status, code, attempts: 1, retryable: false, requestId: `req-${code}` });
    expect((error as Error).message).toBe(
      `${code} happened (code ${code}, HTTP ${status}, request id req-${code})`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['not JSON', text(200, 'OK, created'), /not JSON: "OK, created"/],
    ['JSON without space', json(200, { result: true }), /without a `space` object/],
    ['space that is not an object', json(200, { space: 'id-1' }), /without a `space` object/],
    ['an empty body', text(200, ''), /not JSON: ""/],
  ])('a 200 with %s is an invalidResponseBody error', async (_, step, message) => {
    const { create } = await clientFor([step, ok]);
    const error = await rejectionOf(create());
    expect(error).toBeInstanceOf(StorageApiError);
    expect(error).toMatchObject({ status: 200, code: 'invalidResponseBody', attempts: 1, retryable: false });
    expect((error as Error).message).toMatch(message);
    expect(server.requests).toHaveLength(1);
  });
});

describe('retries exhausted', () => {
  it('503 three times: the last answer, with attempts = 3', async () => {
    const { create, retries } = await clientFor(Array(3).fill(dingtalkError(503, 'operationTimeout')));
    const error = await rejectionOf(create());
    expect(error).toMatchObject({ status: 503, code: 'operationTimeout', attempts: 3, retryable: true });
    expect(retries).toHaveLength(2);
  });

  it('an HTML 502: code unexpectedErrorBody, a short excerpt, the request id header', async () => {
    const page = `<html><head><title>502 Bad Gateway</title></head><body>${'x'.repeat(5_000)}</body></html>`;
    const step: Step = (res) => {
      res.writeHead(502, { 'content-type': 'text/html', 'x-acs-request-id': 'gw-77' });
      res.end(page);
    };
    const { create } = await clientFor([step], { maxAttempts: 1 });
    const error = (await rejectionOf(create())) as StorageApiError;
    expect(error).toMatchObject({
      status: 502,
      code: 'unexpectedErrorBody',
      requestId: 'gw-77',
      retryable: true,
    });
    expect(error.message).toContain('<html><head><title>502 Bad Gateway</title>');
    expect(error.message.length).toBeLessThan(400);
    expect(typeof error.body === 'string' && error.body.length).toBeLessThanOrEqual(201);
  });

  it('an empty 503: code unexpectedErrorBody, "an empty body"', async () => {
    const { create } = await clientFor([text(503, '')], { maxAttempts: 1 });
    const error = await rejectionOf(create());
    expect(error).toMatchObject({ status: 503, code: 'unexpectedErrorBody', body: '' });
    expect((error as Error).message).toMatch(/HTTP 503 Service Unavailable with an empty body/);
  });

  it('a reset connection: StorageNetworkError keeping the cause', async () => {
    const { create } = await clientFor([reset, reset], { maxAttempts: 2 });
    const error = (await rejectionOf(create())) as StorageNetworkError;
    expect(error).toBeInstanceOf(StorageNetworkError);
    expect(error.attempts).toBe(2);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^Attempt 2 failed without an HTTP answer/);
  });

  it('a hung response: StorageTimeoutError for the headers', async () => {
    const { create } = await clientFor([hang, hang], { maxAttempts: 2, timeoutMs: 100 });
    const error = await rejectionOf(create());
    expect(error).toBeInstanceOf(StorageTimeoutError);
    expect(error).toMatchObject({ phase: 'headers', timeoutMs: 100, attempts: 2 });
  });

  it('a stalled body: StorageTimeoutError for the body', async () => {
    // The headers must arrive within the timeout (even on a loaded machine) for the body phase to be the one that times out.
    const { create } = await clientFor([stallBody], { maxAttempts: 1, timeoutMs: 1_000 });
    const error = await rejectionOf(create());
    expect(error).toBeInstanceOf(StorageTimeoutError);
    expect(error).toMatchObject({ phase: 'body', timeoutMs: 1_000, attempts: 1 });
    expect((error as Error).message).toMatch(/while reading the response body/);
  });

  it('retry: false makes one attempt', async () => {
    server = await startFaultServer([dingtalkError(503, 'operationTimeout'), ok]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url, retry: false });
    const error = await rejectionOf(storage.createSpace({ unionId: 'u-1' }));
    expect(error).toMatchObject({ status: 503, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('maxAttempts: 5 makes five attempts', async () => {
    const { create } = await clientFor(Array(5).fill(dingtalkError(500, 'systemError')), { maxAttempts: 5 });
    const error = await rejectionOf(create());
    expect(error).toMatchObject({ status: 500, code: 'systemError', attempts: 5 });
  });
});

describe('secrets', () => {
  it('redacts a token the server echoes back', async () => {
    const { create } = await clientFor([
      json(400, { code: 'InvalidAuthentication', message: `bad token ${TOKEN}` }),
    ]);
    const error = (await rejectionOf(create())) as StorageApiError;
    expect(error.message).toContain('bad token [REDACTED]');
    expect(error.body).toMatchObject({ message: 'bad token [REDACTED]' });
  });

  it('redacts a token echoed in a non-JSON body', async () => {
    const { create } = await clientFor([text(502, `upstream rejected ${TOKEN}`)], { maxAttempts: 1 });
    const error = (await rejectionOf(create())) as StorageApiError;
    expect(error.body).toBe('upstream rejected [REDACTED]');
  });
});
