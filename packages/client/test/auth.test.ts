// Token providers: called once per attempt, refreshed once on InvalidAuthentication; createTokenCache.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createStorageClient,
  createTokenCache,
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
    expect(calls).toEqual([{ forceRefresh: false }, { forceRefresh: false }]);
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

  it('works as the accessToken of a client, refreshing on InvalidAuthentication', async () => {
    server = await startFaultServer([dingtalkError(400, 'InvalidAuthentication'), json(200, successBody)]);
    const storage = createStorageClient({ baseUrl: server.url, accessToken: createTokenCache(issuer()) });
    await storage.createSpace({ unionId: 'u-1' });
    expect(server.requests.map((r) => r.headers['x-acs-dingtalk-access-token'])).toEqual(['tok-1', 'tok-2']);
  });
});
