// The happy path and the wire format: the request equals what DingTalk's official SDK sends.
import { afterEach, describe, expect, it } from 'vitest';
import { createStorageClient, DINGTALK_CN_BASE_URL, DINGTALK_INTL_BASE_URL } from '../src/index.js';
import { type FaultServer, json, startFaultServer } from './fault-server.js';
import { spec, successBody, TOKEN } from './fixtures.js';

let server: FaultServer;
afterEach(() => server?.close());

const option = {
  name: 'Contracts',
  quota: 1_073_741_824,
  ownerType: 'APP',
  scene: 'contracts',
  sceneId: '42',
  capabilities: { canSearch: true },
} as const;

describe('createSpace', () => {
  it('resolves to the typed body', async () => {
    server = await startFaultServer([json(200, successBody)]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const result = await storage.createSpace({ unionId: 'u-123', option });
    expect(result).toEqual(successBody);
    expect(result.space.partitions?.[1]?.quota?.type).toBe('PRIVATE');
  });

  it('puts the same request on the wire as the official SDK (AddSpace)', async () => {
    server = await startFaultServer([json(200, successBody)]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    await storage.createSpace({ unionId: 'u-123', option });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1.0/storage/spaces?unionId=u-123');
    expect(request?.headers['x-acs-dingtalk-access-token']).toBe(TOKEN);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ option });
    expect(request?.headers['user-agent']).toMatch(/^dingtalk-storage-client\/\d+\.\d+\.\d+/);
  });

  it('sends an empty object when no option is given, and encodes the unionId', async () => {
    server = await startFaultServer([json(200, successBody)]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: `${server.url}/` });
    await storage.createSpace({ unionId: 'a b&c=d' });
    expect(server.requests[0]?.url).toBe('/v1.0/storage/spaces?unionId=a%20b%26c%3Dd');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({});
  });

  it('sends extra headers and a custom user agent, but the token only in its own header', async () => {
    server = await startFaultServer([json(200, successBody)]);
    const storage = createStorageClient({
      accessToken: TOKEN,
      baseUrl: server.url,
      headers: { 'x-trace-id': 'trace-1' },
      userAgent: 'my-service/2.0',
    });
    await storage.createSpace({ unionId: 'u-123' });
    const request = server.requests[0];
    expect(request?.headers['x-trace-id']).toBe('trace-1');
    expect(request?.headers['user-agent']).toBe('my-service/2.0');
    const elsewhere = { ...request?.headers, 'x-acs-dingtalk-access-token': undefined };
    expect(JSON.stringify(elsewhere) + request?.url + request?.body).not.toContain(TOKEN);
  });

  it('sends through the injected fetch', async () => {
    server = await startFaultServer([json(200, successBody)]);
    const seen: string[] = [];
    const injected: typeof fetch = (input, init) => {
      seen.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url, fetch: injected });
    await storage.createSpace({ unionId: 'u-1' });
    expect(seen).toEqual([`${server.url}/v1.0/storage/spaces?unionId=u-1`]);
  });

  it('passes openapi-fetch middleware through, for createSpace and raw alike', async () => {
    server = await startFaultServer([json(200, successBody), json(200, successBody)]);
    const seen: string[] = [];
    const storage = createStorageClient({
      accessToken: TOKEN,
      baseUrl: server.url,
      middleware: [
        {
          onRequest({ request }) {
            request.headers.set('x-from-middleware', '1');
            seen.push(request.method);
          },
        },
      ],
    });
    await storage.createSpace({ unionId: 'u-1' });
    const { data, response } = await storage.raw.POST('/v1.0/storage/spaces', {
      params: { query: { unionId: 'u-2' } },
      body: { option: { name: 'raw' } },
    });
    expect(response.status).toBe(200);
    expect(data?.space.id).toBe(successBody.space.id);
    expect(seen).toEqual(['POST', 'POST']);
    expect(server.requests.map((r) => r.headers['x-from-middleware'])).toEqual(['1', '1']);
    expect(server.requests[1]?.headers['x-acs-dingtalk-access-token']).toBe(TOKEN);
  });

  it('exports base URLs equal to the spec servers', () => {
    expect([DINGTALK_INTL_BASE_URL, DINGTALK_CN_BASE_URL]).toEqual(
      spec.servers.map((s: { url: string }) => s.url),
    );
  });
});
