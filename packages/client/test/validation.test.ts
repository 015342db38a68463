// Bad options and arguments: a StorageValidationError naming the field, before any request.
import { afterEach, describe, expect, it } from 'vitest';
import { createStorageClient, type StorageClientOptions, StorageValidationError } from '../src/index.js';
import { type FaultServer, json, startFaultServer } from './fault-server.js';
import { rejectionOf, successBody, TOKEN } from './fixtures.js';

let server: FaultServer;
afterEach(() => server?.close());

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('createStorageClient options', () => {
  it.each([
    ['accessToken', { accessToken: '' }],
    ['accessToken', { accessToken: undefined }],
    ['baseUrl', { accessToken: TOKEN, baseUrl: 'http://api.dingtalk.io' }],
    ['baseUrl', { accessToken: TOKEN, baseUrl: 'api.dingtalk.io' }],
    ['baseUrl', { accessToken: TOKEN, baseUrl: 'ftp://api.dingtalk.io' }],
    ['baseUrl', { accessToken: TOKEN, baseUrl: 42 }],
    ['baseUrl', { accessToken: TOKEN, baseUrl: 'https://api.dingtalk.io?region=cn' }],
    ['baseUrl', { accessToken: TOKEN, baseUrl: 'https://api.dingtalk.io/#top' }],
    ['timeoutMs', { accessToken: TOKEN, timeoutMs: 0 }],
    ['timeoutMs', { accessToken: TOKEN, timeoutMs: Number.POSITIVE_INFINITY }],
    ['timeoutMs', { accessToken: TOKEN, timeoutMs: '5000' }],
    // Timers clamp 2^31 ms and more to about 1 ms: every attempt would time out at once.
    ['timeoutMs', { accessToken: TOKEN, timeoutMs: 2 ** 31 }],
    ['retry.maxDelayMs', { accessToken: TOKEN, retry: { maxDelayMs: 2 ** 31 } }],
    ['retry.baseDelayMs', { accessToken: TOKEN, retry: { baseDelayMs: 2 ** 40 } }],
    ['maxResponseBytes', { accessToken: TOKEN, maxResponseBytes: 0 }],
    ['retry.maxAttempts', { accessToken: TOKEN, retry: { maxAttempts: 0 } }],
    ['retry.maxAttempts', { accessToken: TOKEN, retry: { maxAttempts: 1.5 } }],
    ['retry.baseDelayMs', { accessToken: TOKEN, retry: { baseDelayMs: -1 } }],
    ['retry.maxDelayMs', { accessToken: TOKEN, retry: { maxDelayMs: Number.NaN } }],
    ['fetch', { accessToken: TOKEN, fetch: 'fetch' }],
  ])('rejects a bad %s', (field, options) => {
    const error = thrown(() => createStorageClient(options as unknown as StorageClientOptions));
    expect(error).toBeInstanceOf(StorageValidationError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toMatch(
      new RegExp(`^Invalid \`${field.replace('.', '\\.')}\`: expected `),
    );
  });

  it.each([
    'http://127.0.0.1:4010',
    'http://localhost:4010',
    'http://[::1]:4010',
    'https://api.dingtalk.com',
  ])('allows %s', (baseUrl) => {
    expect(() => createStorageClient({ accessToken: TOKEN, baseUrl })).not.toThrow();
  });

  it('allows plain http elsewhere only with allowInsecureHttp', () => {
    expect(() =>
      createStorageClient({
        accessToken: TOKEN,
        baseUrl: 'http://mock.internal:4010',
        allowInsecureHttp: true,
      }),
    ).not.toThrow();
  });

  it('takes the largest timer delay there is', () => {
    expect(() =>
      createStorageClient({ accessToken: TOKEN, timeoutMs: 2 ** 31 - 1, retry: { maxDelayMs: 2 ** 31 - 1 } }),
    ).not.toThrow();
  });

  it('refuses credentials in baseUrl without ever showing the password', () => {
    const error = thrown(() =>
      createStorageClient({ accessToken: TOKEN, baseUrl: 'https://admin:hunter2-pass@api.dingtalk.io' }),
    ) as StorageValidationError;
    expect(error).toBeInstanceOf(StorageValidationError);
    expect(error).toMatchObject({ field: 'baseUrl' });
    expect(error.message).toMatch(/without credentials/);
    expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain('hunter2');
  });

  it('does not show the password of an unparsable baseUrl either', () => {
    const error = thrown(() =>
      createStorageClient({ accessToken: TOKEN, baseUrl: 'https://admin:hunter2 pass@api dingtalk' }),
    ) as StorageValidationError;
    expect(error).toMatchObject({ field: 'baseUrl' });
    expect(error.message).not.toContain('hunter2');
  });

  it('keeps a path prefix and drops trailing slashes', async () => {
    server = await startFaultServer([json(200, successBody)]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: `${server.url}/gateway//` });
    await storage.createSpace({ unionId: 'u-1' });
    expect(server.requests[0]?.url).toBe('/gateway/v1.0/storage/spaces?unionId=u-1');
  });

  it('does not put the token in the message', () => {
    const error = thrown(() => createStorageClient({ accessToken: TOKEN, baseUrl: 'http://example.org' }));
    expect(String((error as Error).message)).not.toContain(TOKEN);
  });
});

// A token that cannot go in a header as it is: refused, and never quoted (it is a secret even when malformed).
const unsendableTokens: [string, string][] = [
  ['a line feed', `${TOKEN}\nx-injected: 1`],
  ['a carriage return', `${TOKEN}\r`],
  ['a NUL', `${TOKEN}\u0000`],
  ['only spaces', '   '],
  ['a tab inside', `${TOKEN}\t${TOKEN}`],
  ['a non-ASCII character', `${TOKEN}é`],
];

describe('unsendable access tokens', () => {
  it.each(unsendableTokens)(
    'a string token with %s: a StorageValidationError that does not contain it',
    (_, token) => {
      const error = thrown(() => createStorageClient({ accessToken: token })) as StorageValidationError;
      expect(error).toBeInstanceOf(StorageValidationError);
      expect(error).toMatchObject({ field: 'accessToken' });
      expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain(TOKEN);
    },
  );

  it.each(unsendableTokens)(
    'a provider returning one with %s: the same, before any request',
    async (_, token) => {
      server = await startFaultServer([json(200, successBody)]);
      const storage = createStorageClient({ baseUrl: server.url, accessToken: () => token });
      const error = await rejectionOf(storage.createSpace({ unionId: 'u-1' }));
      expect(error).toBeInstanceOf(StorageValidationError);
      expect(error).toMatchObject({ field: 'accessToken' });
      expect(server.requests).toHaveLength(0);
    },
  );
});

describe('createSpace arguments', () => {
  it.each([
    ['a BigInt quota', { quota: 2n ** 60n }, /BigInt/],
    [
      'a circular option',
      (() => {
        const option: Record<string, unknown> = { name: 'loop' };
        option.self = option;
        return option;
      })(),
      /circular/,
    ],
  ])('rejects %s as a StorageValidationError on option, before any request', async (_, option, reason) => {
    server = await startFaultServer([json(200, successBody)]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const error = await rejectionOf(storage.createSpace({ unionId: 'u-1', option: option as never }));
    expect(error).toBeInstanceOf(StorageValidationError);
    expect(error).toMatchObject({ field: 'option' });
    expect((error as Error).message).toMatch(reason);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['an empty unionId', { unionId: '' }],
    ['a blank unionId', { unionId: '   ' }],
    ['a missing unionId', {}],
    ['a numeric unionId', { unionId: 42 }],
  ])('rejects %s before any request', async (_, input) => {
    server = await startFaultServer([json(200, successBody)]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const error = await rejectionOf(storage.createSpace(input as never));
    expect(error).toBeInstanceOf(StorageValidationError);
    expect(error).toMatchObject({ field: 'unionId' });
    expect(server.requests).toHaveLength(0);
  });

  it('rejects a bad per-call timeoutMs', async () => {
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: 'http://127.0.0.1:9' });
    for (const timeoutMs of [-5, 2 ** 31]) {
      const error = await rejectionOf(storage.createSpace({ unionId: 'u-1' }, { timeoutMs }));
      expect(error).toMatchObject({ field: 'timeoutMs' });
    }
  });
});
