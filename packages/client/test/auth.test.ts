// Token providers: called once per attempt, refreshed once on InvalidAuthentication; createTokenCache.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createStorageClient,
  createTokenCache,
  StorageTimeoutError,
  StorageValidationError,
  type TokenContext,
} from '../src/index.js';
import { dingtalkError, type FaultServer, json, startFaultServer } from './fault-server.js';
import { FRESH_TOKEN, rejectionOf, successBody, TOKEN } from './fixtures.js';

let server: FaultServer;
afterEach(() => {
  vi.useRealTimers();
  return server?.close();
});

describe('token provider', () => {
  it('is called once per attempt', async () => {
    server = await startFaultServer([dingtalkError(503, 'operationTimeout'), json(200, successBody)]);
    const calls: TokenContext[] = [];
    const storage = createStorageClient({
      baseUrl: server.url,
      retry: { baseDelayMs: 1 },
      accessToken: (context) => {
        calls.push(context);
        return TOKEN;
      },
    });
    await storage.createSpace({ unionId: 'u-1' });
    expect(calls.map((c) => c.forceRefresh)).toEqual([false, false]);
    expect(calls.map((c) => c.signal)).toEqual([expect.any(AbortSignal), expect.any(AbortSignal)]);
  });

  it('after 400 InvalidAuthentication, is asked for a fresh token once and the call is retried', async () => {
    server = await startFaultServer([dingtalkError(400, 'InvalidAuthentication'), json(200, successBody)]);
    const calls: boolean[] = [];
    const storage = createStorageClient({
      baseUrl: server.url,
      retry: false,
      accessToken: async ({ forceRefresh }) => {
        calls.push(forceRefresh);
        return forceRefresh ? FRESH_TOKEN : TOKEN;
      },
    });
    await expect(storage.createSpace({ unionId: 'u-1' })).resolves.toEqual(successBody);
    expect(calls).toEqual([false, true]);
    expect(server.requests.map((r) => r.headers['x-acs-dingtalk-access-token'])).toEqual([
      TOKEN,
      FRESH_TOKEN,
    ]);
  });

  it('refreshes only once: a second InvalidAuthentication is thrown', async () => {
    server = await startFaultServer([
      dingtalkError(400, 'InvalidAuthentication'),
      dingtalkError(400, 'InvalidAuthentication'),
      json(200, successBody),
    ]);
    const storage = createStorageClient({
      baseUrl: server.url,
      accessToken: ({ forceRefresh }) => (forceRefresh ? FRESH_TOKEN : TOKEN),
    });
    const error = await rejectionOf(storage.createSpace({ unionId: 'u-1' }));
    expect(error).toMatchObject({ status: 400, code: 'InvalidAuthentication', attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it('a provider returning an empty token is a validation error before any request', async () => {
    server = await startFaultServer([json(200, successBody)]);
    const storage = createStorageClient({ baseUrl: server.url, accessToken: () => '' });
    const error = await rejectionOf(storage.createSpace({ unionId: 'u-1' }));
    expect(error).toBeInstanceOf(StorageValidationError);
    expect(error).toMatchObject({ field: 'accessToken' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('a slow or hung token provider', () => {
  const never = () => new Promise<string>(() => {});

  it('times out after timeoutMs with phase "token", and no request is sent', async () => {
    server = await startFaultServer([json(200, successBody)]);
    let signal: AbortSignal | undefined;
    let calls = 0;
    const storage = createStorageClient({
      baseUrl: server.url,
      timeoutMs: 100,
      accessToken: (context) => {
        calls++;
        signal = context.signal;
        return never();
      },
    });
    const error = await rejectionOf(storage.createSpace({ unionId: 'u-1' }));
    expect(error).toBeInstanceOf(StorageTimeoutError);
    expect(error).toMatchObject({ phase: 'token', timeoutMs: 100, attempts: 0 });
    expect((error as Error).message).toMatch(/no request was sent/);
    // The provider's own signal fired, so it could cancel its fetch; retrying is the provider's business.
    expect(signal?.aborted).toBe(true);
    expect(calls).toBe(1);
    expect(server.requests).toHaveLength(0);
  });

  it("aborts with the caller's signal at once; the provider sees the abort, no request is sent", async () => {
    server = await startFaultServer([json(200, successBody)]);
    const controller = new AbortController();
    const reason = new Error('cancelled by the caller');
    let providerSignal: AbortSignal | undefined;
    const storage = createStorageClient({
      baseUrl: server.url,
      timeoutMs: 60_000,
      accessToken: async ({ signal }) => {
        providerSignal = signal;
        controller.abort(reason);
        // A slow token fetch that does resolve later: the call must not go on to send the request.
        await new Promise((resolve) => setTimeout(resolve, 50));
        return TOKEN;
      },
    });
    const error = await rejectionOf(storage.createSpace({ unionId: 'u-1' }, { signal: controller.signal }));
    expect(error).toBe(reason);
    expect(providerSignal?.reason).toBe(reason);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests).toHaveLength(0);
  });

  it('a provider that throws ends the call with its error, unretried', async () => {
    server = await startFaultServer([json(200, successBody)]);
    const failure = new Error('vault unreachable');
    const storage = createStorageClient({
      baseUrl: server.url,
      accessToken: () => Promise.reject(failure),
    });
    expect(await rejectionOf(storage.createSpace({ unionId: 'u-1' }))).toBe(failure);
    expect(server.requests).toHaveLength(0);
  });
});

describe('createTokenCache', () => {
  const issuer = () => {
    let issued = 0;
    const fetchToken = vi.fn(async () => ({ accessToken: `tok-${++issued}`, expireIn: 7200 }));
    return fetchToken;
  };

  it('caches the token and shares one fetch between concurrent callers', async () => {
    const fetchToken = issuer();
    const provider = createTokenCache(fetchToken);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => provider({ forceRefresh: false })));
    expect(new Set(tokens)).toEqual(new Set(['tok-1']));
    expect(await provider({ forceRefresh: false })).toBe('tok-1');
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('refreshes refreshMarginMs before expiry', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const fetchToken = issuer();
    const provider = createTokenCache(fetchToken, { refreshMarginMs: 300_000 });
    expect(await provider({ forceRefresh: false })).toBe('tok-1');
    vi.setSystemTime(Date.now() + (7200 - 301) * 1_000);
    expect(await provider({ forceRefresh: false })).toBe('tok-1');
    vi.setSystemTime(Date.now() + 2_000);
    expect(await provider({ forceRefresh: false })).toBe('tok-2');
  });

  it('honours forceRefresh', async () => {
    const provider = createTokenCache(issuer());
    expect(await provider({ forceRefresh: false })).toBe('tok-1');
    expect(await provider({ forceRefresh: true })).toBe('tok-2');
    expect(await provider({ forceRefresh: false })).toBe('tok-2');
  });

  it('does not cache a failed fetch', async () => {
    const fetchToken = vi
      .fn<() => Promise<{ accessToken: string; expireIn: number }>>()
      .mockRejectedValueOnce(new Error('oauth endpoint down'))
      .mockResolvedValueOnce({ accessToken: 'tok-ok', expireIn: 7200 });
    const provider = createTokenCache(fetchToken);
    await expect(provider({ forceRefresh: false })).rejects.toThrow('oauth endpoint down');
    expect(await provider({ forceRefresh: false })).toBe('tok-ok');
  });

  it.each([
    [{ accessToken: '', expireIn: 7200 }, 'accessToken'],
    [{ accessToken: 'tok', expireIn: 0 }, 'expireIn'],
    [{ accessToken: 'tok', expireIn: Number.NaN }, 'expireIn'],
  ])('rejects a malformed token response %j naming %s', async (answer, field) => {
    const provider = createTokenCache(async () => answer);
    const error = await rejectionOf(Promise.resolve(provider({ forceRefresh: false })));
    expect(error).toBeInstanceOf(StorageValidationError);
    expect(error).toMatchObject({ field });
  });

  it('a hung fetch does not block later calls: once its callers time out, the next call fetches afresh', async () => {
    const signals: AbortSignal[] = [];
    let calls = 0;
    const provider = createTokenCache(({ signal }) => {
      signals.push(signal);
      // The first fetch hangs (and ignores its signal); the second answers.
      return ++calls === 1
        ? new Promise(() => {})
        : Promise.resolve({ accessToken: 'tok-2', expireIn: 7200 });
    });
    server = await startFaultServer(() => json(200, successBody));
    // Only the calls on the hung fetch get a short timeout (it fires however busy the machine is); the
    // call that must succeed gets one that only a hang would reach, so a slow answer is not retried.
    const storage = createStorageClient({ baseUrl: server.url, timeoutMs: 60_000, accessToken: provider });
    const timedOut = await Promise.all(
      [1, 2].map(() => rejectionOf(storage.createSpace({ unionId: 'u-1' }, { timeoutMs: 100 }))),
    );
    expect(timedOut).toEqual([expect.any(StorageTimeoutError), expect.any(StorageTimeoutError)]);
    expect(signals[0]?.aborted).toBe(true);
    await expect(storage.createSpace({ unionId: 'u-1' })).resolves.toEqual(successBody);
    expect(calls).toBe(2);
    expect(server.requests.map((r) => r.headers['x-acs-dingtalk-access-token'])).toEqual(['tok-2']);
  });

  it('keeps a shared fetch going while one of its callers still waits', async () => {
    let resolveFetch: (token: { accessToken: string; expireIn: number }) => void = () => {};
    const fetchToken = vi.fn(
      (_context: { signal: AbortSignal }) =>
        new Promise<{ accessToken: string; expireIn: number }>((resolve) => (resolveFetch = resolve)),
    );
    const provider = createTokenCache(fetchToken);
    const leaving = new AbortController();
    const first = Promise.resolve(provider({ forceRefresh: false, signal: leaving.signal }));
    const second = Promise.resolve(provider({ forceRefresh: false, signal: new AbortController().signal }));
    leaving.abort();
    resolveFetch({ accessToken: 'tok-shared', expireIn: 7200 });
    expect(await second).toBe('tok-shared');
    expect(await first).toBe('tok-shared');
    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(fetchToken.mock.calls[0]?.[0]?.signal.aborted).toBe(false);
  });

  it('works as the accessToken of a client, refreshing on InvalidAuthentication', async () => {
    server = await startFaultServer([dingtalkError(400, 'InvalidAuthentication'), json(200, successBody)]);
    const storage = createStorageClient({ baseUrl: server.url, accessToken: createTokenCache(issuer()) });
    await storage.createSpace({ unionId: 'u-1' });
    expect(server.requests.map((r) => r.headers['x-acs-dingtalk-access-token'])).toEqual(['tok-1', 'tok-2']);
  });
});
