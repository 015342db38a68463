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
    ['timeoutMs', { accessToken: TOKEN, timeoutMs: 0 }],
    ['timeoutMs', { accessToken: TOKEN, timeoutMs: Number.POSITIVE_INFINITY }],
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

  it('does not put the token in the message', () => {
    const error = thrown(() => createStorageClient({ accessToken: TOKEN, baseUrl: 'http://example.org' }));
    expect(String((error as Error).message)).not.toContain(TOKEN);
  });
});

describe('createSpace arguments', () => {
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
    const error = await rejectionOf(storage.createSpace({ unionId: 'u-1' }, { timeoutMs: -5 }));
    expect(error).toMatchObject({ field: 'timeoutMs' });
  });
});
