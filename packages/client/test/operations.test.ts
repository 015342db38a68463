// Every operation of the spec is a client method from the generated table: getSpace, the second one, gets
// the same request building, input checks, typed answers, errors and policies as createSpace; and a POST
// is retried only when the spec marks it idempotent.
import { afterEach, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../src/generated/operations.js';
import {
  createStorageClient,
  type RetryEvent,
  StorageNetworkError,
  StorageValidationError,
} from '../src/index.js';
import { dingtalkError, type FaultServer, json, reset, startFaultServer } from './fault-server.js';
import { rejectionOf, spec, successBody, TOKEN } from './fixtures.js';

let server: FaultServer;
afterEach(() => server?.close());

const getSpace = spec.paths['/v1.0/storage/spaces/{spaceId}'].get;
const fetched = getSpace.responses['200'].content['application/json'].examples.appSpace.value;

describe('the generated operation table', () => {
  it('has one entry per operationId of the spec, with its method and path', () => {
    const fromSpec = Object.entries(
      spec.paths as Record<string, Record<string, { operationId: string }>>,
    ).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => [op.operationId, method.toUpperCase(), path]),
    );
    // In any order: the table lists a path's methods in the spec module's order, not the file's.
    const byId = (a: string[], b: string[]) => String(a[0]).localeCompare(String(b[0]));
    expect(
      Object.entries(OPERATIONS)
        .map(([id, op]) => [id, op.method, op.path])
        .sort(byId),
    ).toEqual(fromSpec.sort(byId));
  });

  it('gives the client one method per operation', () => {
    const storage = createStorageClient({ accessToken: TOKEN });
    for (const operationId of Object.keys(OPERATIONS)) {
      expect(typeof (storage as unknown as Record<string, unknown>)[operationId]).toBe('function');
    }
  });
});

describe('getSpace', () => {
  it('sends GET with the encoded spaceId in the path, unionId in the query, no body; resolves to { space }', async () => {
    server = await startFaultServer([json(200, fetched)]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    await expect(storage.getSpace({ spaceId: 'a/b c', unionId: 'u 1' })).resolves.toEqual(fetched);
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe('/v1.0/storage/spaces/a%2Fb%20c?unionId=u%201');
    expect(request?.body).toBe('');
    expect(request?.headers['content-type']).toBeUndefined();
    expect(request?.headers['x-acs-dingtalk-access-token']).toBe(TOKEN);
  });

  it.each([
    ['spaceId', { unionId: 'u-1' }],
    ['spaceId', { spaceId: '  ', unionId: 'u-1' }],
    ['unionId', { spaceId: '1' }],
    ['unionId', { spaceId: '1', unionId: 42 }],
  ])('refuses a missing or blank %s before any request', async (field, input) => {
    server = await startFaultServer([json(200, fetched)]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const error = await rejectionOf(storage.getSpace(input as never));
    expect(error).toBeInstanceOf(StorageValidationError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toMatch(/getSpace requires it/);
    expect(server.requests).toHaveLength(0);
  });

  it('throws the typed DingTalk error, e.g. 404 spaceNotFound, unretried', async () => {
    server = await startFaultServer([dingtalkError(404, 'spaceNotFound'), json(200, fetched)]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const error = await rejectionOf(storage.getSpace({ spaceId: '9', unionId: 'u-1' }));
    expect(error).toMatchObject({ status: 404, code: 'spaceNotFound', retryable: false, attempts: 1 });
  });

  it('is retried on 503 and a reset connection (GET is idempotent)', async () => {
    server = await startFaultServer([dingtalkError(503, 'operationTimeout'), reset, json(200, fetched)]);
    const storage = createStorageClient({
      accessToken: TOKEN,
      baseUrl: server.url,
      retry: { baseDelayMs: 1 },
    });
    await expect(storage.getSpace({ spaceId: '1', unionId: 'u-1' })).resolves.toEqual(fetched);
    expect(server.requests).toHaveLength(3);
  });

  it('refreshes the token on InvalidAuthentication like every operation', async () => {
    server = await startFaultServer([dingtalkError(400, 'InvalidAuthentication'), json(200, fetched)]);
    const tokens = [TOKEN, 'tok-FRESH-0000000000000000'];
    const storage = createStorageClient({
      baseUrl: server.url,
      accessToken: ({ forceRefresh }) => tokens[forceRefresh ? 1 : 0] ?? '',
    });
    await storage.getSpace({ spaceId: '1', unionId: 'u-1' });
    expect(server.requests.map((r) => r.headers['x-acs-dingtalk-access-token'])).toEqual(tokens);
  });

  it('refuses a 2xx without the `space` the spec requires', async () => {
    server = await startFaultServer([json(200, { result: true })]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const error = await rejectionOf(storage.getSpace({ spaceId: '1', unionId: 'u-1' }));
    expect(error).toMatchObject({ code: 'invalidResponseBody' });
    expect((error as Error).message).toMatch(/without a `space` object/);
  });
});

describe('retries only where they are safe', () => {
  it('createSpace, marked x-idempotent in the spec, is retried', async () => {
    expect(spec.paths['/v1.0/storage/spaces'].post['x-idempotent']).toBe(true);
    server = await startFaultServer([dingtalkError(503, 'operationTimeout'), json(200, successBody)]);
    const storage = createStorageClient({
      accessToken: TOKEN,
      baseUrl: server.url,
      retry: { baseDelayMs: 1 },
    });
    await storage.createSpace({ unionId: 'u-1' });
    expect(server.requests).toHaveLength(2);
  });

  it('a raw POST (not known to be idempotent) makes one attempt on a 503', async () => {
    server = await startFaultServer([dingtalkError(503, 'operationTimeout'), json(200, successBody)]);
    const storage = createStorageClient({
      accessToken: TOKEN,
      baseUrl: server.url,
      retry: { baseDelayMs: 1 },
    });
    const { response } = await storage.raw.POST('/v1.0/storage/spaces', {
      params: { query: { unionId: 'u-1' } },
      body: {},
    });
    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it('a raw POST makes one attempt on a reset connection, and its error says why', async () => {
    server = await startFaultServer([reset, json(200, successBody)]);
    const retries: RetryEvent[] = [];
    const storage = createStorageClient({
      accessToken: TOKEN,
      baseUrl: server.url,
      retry: { baseDelayMs: 1, onRetry: (e) => retries.push(e) },
    });
    const error = await rejectionOf(
      storage.raw.POST('/v1.0/storage/spaces', { params: { query: { unionId: 'u-1' } }, body: {} }),
    );
    expect(error).toBeInstanceOf(StorageNetworkError);
    expect((error as Error).message).toMatch(
      /Not retried: raw POST \/v1\.0\/storage\/spaces is not marked idempotent in the spec \(x-idempotent\)/,
    );
    expect(server.requests).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('a raw GET is retried', async () => {
    server = await startFaultServer([dingtalkError(503, 'operationTimeout'), json(200, fetched)]);
    const storage = createStorageClient({
      accessToken: TOKEN,
      baseUrl: server.url,
      retry: { baseDelayMs: 1 },
    });
    const { response } = await storage.raw.GET('/v1.0/storage/spaces/{spaceId}', {
      params: { path: { spaceId: '1' }, query: { unionId: 'u-1' } },
    });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });
});
