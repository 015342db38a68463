// The MSW handlers as a team uses them in a unit test: no port, DingTalk's own URLs intercepted, the client
// with its defaults, the stateful fake's semantics and the front door's DingTalk-shaped refusals.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createAppTokenProvider, createStorageClient, StorageApiError } from '@dingtalk-storage/client';
import { createSpecValidator } from '@dingtalk-storage/mock';
import { createMockHandlers } from '@dingtalk-storage/mock/msw';
import { exampleRequest, specOperation } from '@dingtalk-storage/spec/operations';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { operations, sendExample, spec } from './spec.js';

const mock = createMockHandlers({ apps: [{ appKey: 'ding-app', appSecret: 'app-secret-0123456789' }] });
const interceptor = setupServer(...mock.handlers);
const validator = createSpecValidator();
beforeAll(() => interceptor.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => interceptor.close());

const signedIn = (baseUrl?: string) =>
  createStorageClient({
    ...(baseUrl && { baseUrl }),
    accessToken: createAppTokenProvider({
      ...(baseUrl && { baseUrl }),
      appKey: 'ding-app',
      appSecret: 'app-secret-0123456789',
    }),
  });

describe('createMockHandlers', () => {
  it.each(spec.servers.map((server: { url: string }) => server.url) as string[])(
    'answers the client at %s: sign in, create, then get what was created',
    async (baseUrl) => {
      const storage = signedIn(baseUrl);
      const { space } = await storage.createSpace({ unionId: 'u-1', option: { name: 'Contracts' } });
      const got = await storage.getSpace({ spaceId: space.id ?? '', unionId: 'u-1' });
      expect(got.space).toEqual(space);
      expect(mock.requests.map((r) => [r.operationId, r.status])).toEqual([
        ['getAccessToken', 200],
        ['createSpace', 200],
        ['getSpace', 200],
      ]);
    },
  );

  it('the same (scene, sceneId) returns the same space; reset forgets it', async () => {
    const storage = signedIn();
    const option = { scene: 'contracts', sceneId: '7' };
    const first = await storage.createSpace({ unionId: 'u-1', option });
    expect((await storage.createSpace({ unionId: 'u-1', option })).space.id).toBe(first.space.id);
    mock.reset();
    await expect(storage.getSpace({ spaceId: first.space.id ?? '', unionId: 'u-1' })).rejects.toMatchObject({
      status: 404,
      code: 'spaceNotFound',
    });
  });

  it('refuses what DingTalk refuses: a token it did not issue, an invalid field', async () => {
    const stranger = createStorageClient({ accessToken: 'not-issued-by-the-mock' });
    const refused = await stranger.getSpace({ spaceId: '1', unionId: 'u-1' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StorageApiError);
    expect(refused).toMatchObject({ status: 400, code: 'InvalidAuthentication' });
    const tooLong = 'x'.repeat(spec.components.schemas.SpaceOption.properties.name.maxLength + 1);
    const response = await fetch('https://api.dingtalk.io/v1.0/storage/spaces?unionId=u-1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 'any' },
      body: JSON.stringify({ option: { name: tooLong } }),
    });
    // With apps configured the token is judged after the body: the body is what is wrong here.
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe('paramError.name');
  });

  it.each(operations.map((op) => [op.operationId]))(
    'answers the example request of %s with an answer the spec documents',
    async (operationId) => {
      const open = createMockHandlers();
      interceptor.use(...open.handlers);
      const response = await sendExample('https://api.dingtalk.io', operationId);
      const body = await response.json();
      expect(validator.response(operationId, response.status, body)).toEqual([]);
      expect(open.requests[0]).toMatchObject({ operationId, status: response.status });
      interceptor.resetHandlers();
    },
  );

  it('answers only the base URLs it is given', async () => {
    const own = createMockHandlers({ baseUrl: 'https://dingtalk.test/prefix' });
    interceptor.use(...own.handlers);
    await sendExample('https://api.dingtalk.io', 'getSpace');
    expect(own.requests).toEqual([]);
    const response = await sendExample('https://dingtalk.test/prefix', 'getSpace');
    expect(response.status).toBe(404);
    const { path } = exampleRequest(specOperation(spec, 'getSpace'));
    expect(own.requests).toEqual([expect.objectContaining({ operationId: 'getSpace', path })]);
    interceptor.resetHandlers();
  });

  it.each([['ftp://dingtalk.test'], ['not a url'], ['https://dingtalk.test/?q=1']])(
    'refuses baseUrl %s, naming the option',
    (baseUrl) => {
      expect(() => createMockHandlers({ baseUrl })).toThrow(/Invalid `baseUrl`: expected an http\(s\) URL/);
    },
  );

  it('loads no Prism module, in a process of its own', async () => {
    const script = `
      import { createRequire } from 'node:module';
      import { createSpecValidator } from '@dingtalk-storage/mock';
import { createMockHandlers } from '@dingtalk-storage/mock/msw';
import { exampleRequest, specOperation } from '@dingtalk-storage/spec/operations';
      import { startMockServer } from '@dingtalk-storage/mock';
      import { setupServer } from 'msw/node';
      const handlers = createMockHandlers();
      const server = setupServer(...handlers.handlers);
      server.listen();
      const viaMsw = await fetch('https://api.dingtalk.io/v1.0/storage/spaces/1?unionId=u', { headers: { 'x-acs-dingtalk-access-token': 't' } });
      server.close();
      const mock = await startMockServer({ port: 0, mode: 'stateful' });
      const viaHttp = await fetch(mock.url + '/v1.0/storage/spaces/1?unionId=u', { headers: { 'x-acs-dingtalk-access-token': 't' } });
      await mock.close();
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((p) => p.includes('@stoplight'));
      console.log(JSON.stringify({ statuses: [viaMsw.status, viaHttp.status], loaded }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      timeout: 20_000,
    });
    expect(JSON.parse(stdout)).toEqual({ statuses: [404, 404], loaded: [] });
  });
});
