// Sign-in with app credentials: createAppTokenProvider calls the spec's getAccessToken (no token header),
// shares one fetch, refreshes on InvalidAuthentication, never caches a failure, and the appSecret shows in
// no rendering of any error, nor in a retry event.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createAppTokenProvider,
  createStorageClient,
  type RetryEvent,
  StorageApiError,
  StorageNetworkError,
  StorageTimeoutError,
  StorageValidationError,
} from '../src/index.js';
import { DEFAULT_REFRESH_MARGIN_MS } from '../src/token.js';
import { dingtalkError, type FaultServer, hang, json, type Step, startFaultServer } from './fault-server.js';
import { successBody } from './fixtures.js';

const APP = { appKey: 'ding-app-key', appSecret: 'SECRET-app-5f3c9a7e1b2d4c6a8e0f' };
const TOKEN_PATH = '/v1.0/oauth2/accessToken';

let server: FaultServer;
afterEach(() => server?.close());

/** A server that answers the token endpoint with `token(n)` (n: the n-th token request) and storage with a space. */
async function serve(token: (n: number) => Step, storage: Step = json(200, successBody)) {
  let tokens = 0;
  server = await startFaultServer(
    () => (res, req) => (req.url === TOKEN_PATH ? token(++tokens) : storage)(res, req),
  );
  return () => server.requests.filter((r) => r.url === TOKEN_PATH);
}

const issued = (n: number) => json(200, { accessToken: `tok-${n}-abcdefghijklmnop`, expireIn: 7200 });

/** Every rendering of an error, checked for the app secret. */
function expectNoSecret(error: unknown) {
  const shown = [
    String((error as Error).message),
    String((error as Error).stack),
    inspect(error, { depth: Number.POSITIVE_INFINITY }),
    JSON.stringify(error),
    inspect((error as { cause?: unknown }).cause, { depth: Number.POSITIVE_INFINITY }),
  ];
  for (const text of shown) expect(text).not.toContain(APP.appSecret);
}

describe('createAppTokenProvider', () => {
  it('signs in with POST /v1.0/oauth2/accessToken, { appKey, appSecret } and no token header', async () => {
    const tokenRequests = await serve(issued);
    const storage = createStorageClient({
      baseUrl: server.url,
      accessToken: createAppTokenProvider({ ...APP, baseUrl: server.url }),
    });
    await storage.createSpace({ unionId: 'u-1' });
    const [signIn] = tokenRequests();
    expect(signIn?.method).toBe('POST');
    expect(JSON.parse(signIn?.body ?? '')).toEqual(APP);
    expect(signIn?.headers['x-acs-dingtalk-access-token']).toBeUndefined();
    expect(server.requests.at(-1)?.headers['x-acs-dingtalk-access-token']).toBe('tok-1-abcdefghijklmnop');
  });

  it('50 concurrent calls on a cold provider make exactly one token request', async () => {
    const tokenRequests = await serve(issued);
    const storage = createStorageClient({
      baseUrl: server.url,
      accessToken: createAppTokenProvider({ ...APP, baseUrl: server.url }),
    });
    await Promise.all(Array.from({ length: 50 }, (_, i) => storage.createSpace({ unionId: `u-${i}` })));
    expect(tokenRequests()).toHaveLength(1);
    expect(server.requests).toHaveLength(51);
  });

  it('an expired token mid-run: exactly one refresh, and no call fails', async () => {
    let expired = false;
    const tokenRequests = await serve(issued, (res, req) => {
      const stale = expired && req.headers['x-acs-dingtalk-access-token'] === 'tok-1-abcdefghijklmnop';
      (stale ? dingtalkError(400, 'InvalidAuthentication') : json(200, successBody))(res, req);
    });
    const storage = createStorageClient({
      baseUrl: server.url,
      accessToken: createAppTokenProvider({ ...APP, baseUrl: server.url }),
    });
    await storage.createSpace({ unionId: 'u-1' });
    expired = true;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => storage.createSpace({ unionId: 'u-2' })),
    );
    expect(results).toHaveLength(10);
    expect(tokenRequests()).toHaveLength(2);
  });

  it('never caches a failed sign-in: the next call signs in again', async () => {
    const tokenRequests = await serve((n) =>
      n === 1 ? dingtalkError(400, 'invalidClientSecret') : issued(n),
    );
    const storage = createStorageClient({
      baseUrl: server.url,
      accessToken: createAppTokenProvider({ ...APP, baseUrl: server.url }),
    });
    await expect(storage.createSpace({ unionId: 'u-1' })).rejects.toMatchObject({
      code: 'invalidClientSecret',
    });
    await expect(storage.createSpace({ unionId: 'u-1' })).resolves.toEqual(successBody);
    expect(tokenRequests()).toHaveLength(2);
  });

  it.each([
    [
      'a wrong secret (400 invalidClientSecret echoing it)',
      json(400, {
        code: 'invalidClientSecret',
        message: `bad secret ${APP.appSecret}`,
        requestid: APP.appSecret,
      }),
      StorageApiError,
    ],
    [
      'a 5xx from the token endpoint echoing it',
      json(503, { code: 'operationTimeout', message: `timeout for ${APP.appSecret}` }),
      StorageApiError,
    ],
    ['a timeout', hang, StorageTimeoutError],
    ['a network error', ((_res, req) => req.socket.destroy()) as Step, StorageNetworkError],
  ] as const)(
    '%s: the secret is in no rendering of the error nor in a retry event',
    async (_, step, kind) => {
      await serve(() => step);
      const events: RetryEvent[] = [];
      // A short sign-in timeout only where the endpoint hangs (it fires however busy the machine is);
      // elsewhere one that only a hang reaches, so a slow answer is not taken for a timeout.
      const accessToken = createAppTokenProvider({
        ...APP,
        baseUrl: server.url,
        timeoutMs: step === hang ? 200 : 60_000,
        retry: { maxAttempts: 2, baseDelayMs: 1, onRetry: (e) => events.push(e) },
      });
      const storage = createStorageClient({ baseUrl: server.url, accessToken, timeoutMs: 120_000 });
      const error = await storage.createSpace({ unionId: 'u-1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(kind);
      expectNoSecret(error);
      expect(inspect(events, { depth: Number.POSITIVE_INFINITY })).not.toContain(APP.appSecret);
    },
  );

  describe('caching', () => {
    afterEach(() => vi.useRealTimers());

    // The mock's --token-lifetime 60 gave a token shorter than the 5-minute margin: every call signed in.
    it.each([60, 7_200])(
      'a token of %i s is reused until the margin (at most half its lifetime) before it expires',
      async (expireIn) => {
        // Only Date: the clock stands still unless moved, and the sockets' timers stay real.
        vi.useFakeTimers({ toFake: ['Date'] });
        const signedInAt = Date.now();
        const tokenRequests = await serve((n) =>
          json(200, { accessToken: `tok-${n}-abcdefghijklmnop`, expireIn }),
        );
        const storage = createStorageClient({
          baseUrl: server.url,
          accessToken: createAppTokenProvider({ ...APP, baseUrl: server.url }),
        });
        const lifetimeMs = expireIn * 1_000;
        const reusedForMs = lifetimeMs - Math.min(DEFAULT_REFRESH_MARGIN_MS, lifetimeMs / 2);
        for (let call = 0; call < 10; call++) {
          vi.setSystemTime(signedInAt + Math.floor(((reusedForMs - 1) * call) / 9));
          await storage.createSpace({ unionId: 'u-1' });
        }
        expect(tokenRequests()).toHaveLength(1);
        vi.setSystemTime(signedInAt + reusedForMs);
        await storage.createSpace({ unionId: 'u-1' });
        expect(tokenRequests()).toHaveLength(2);
        expect(server.requests.at(-1)?.headers['x-acs-dingtalk-access-token']).toBe('tok-2-abcdefghijklmnop');
      },
    );
  });

  it.each([
    ['appKey', { appKey: '', appSecret: APP.appSecret }],
    ['appSecret', { appKey: APP.appKey, appSecret: '  ' }],
    ['appSecret', { appKey: APP.appKey }],
  ])('refuses a missing or blank %s, without quoting the secret', (field, options) => {
    let error: unknown;
    try {
      createAppTokenProvider(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StorageValidationError);
    expect(error).toMatchObject({ field });
    expectNoSecret(error);
  });
});
