// MSW keeps answering a client made with no `fetch` option, on either wire: setupServer intercepts fetch
// (the `client` project, the fetch build's default) and node:http (`client-node`, the node build's default),
// so a user's tests on the mock's MSW handlers pass whichever build their runtime resolves.
import { type Channel, channel } from 'node:diagnostics_channel';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
// From source, not `@dingtalk-storage/mock/msw`: the mock depends on this package for its tests, and a
// dependency back would be a cycle turbo refuses.
import { createMockHandlers } from '../../mock/src/msw.js';
import { createStorageClient, DEFAULT_TRANSPORT } from '../src/index.js';
import { TOKEN } from './fixtures.js';

// `.invalid` never resolves: a request MSW did not answer fails as a network error.
const baseUrl = 'https://storage.dingtalk.invalid';
const mock = createMockHandlers({ baseUrl });
const interceptor = setupServer(...mock.handlers);

// Node reports each node:http client request here (fetch's never are): which wire carried the calls.
const httpRequests: Channel = channel('http.client.request.start');
const hosts: string[] = [];
const noteHost = (message: unknown) => {
  hosts.push(String((message as { request: { host: string } }).request.host));
};

beforeAll(() => {
  interceptor.listen({ onUnhandledRequest: 'error' });
  httpRequests.subscribe(noteHost);
});
afterEach(() => {
  mock.reset();
  hosts.length = 0;
});
afterAll(() => {
  httpRequests.unsubscribe(noteHost);
  interceptor.close();
});

it(`MSW answers the ${DEFAULT_TRANSPORT} wire, this project's default: create a space, read it back`, async ({
  task,
}) => {
  // The client-node project swaps in the node build's default wire; the client project keeps fetch.
  expect(DEFAULT_TRANSPORT).toBe(task.file.projectName === 'client-node' ? 'node:http' : 'fetch');
  console.log(`default transport: ${DEFAULT_TRANSPORT}`);

  const storage = createStorageClient({ accessToken: TOKEN, baseUrl });
  const { space } = await storage.createSpace({ unionId: 'u-1', option: { name: 'MSW' } });
  const got = await storage.getSpace({ spaceId: space.id, unionId: 'u-1' });

  expect(got.space).toEqual(space);
  expect(mock.requests.map((r) => [r.operationId, r.method, r.status])).toEqual([
    ['createSpace', 'POST', 200],
    ['getSpace', 'GET', 200],
  ]);
  expect(mock.requests[0]?.body).toEqual({ option: { name: 'MSW' } });
  expect(hosts).toEqual(
    DEFAULT_TRANSPORT === 'node:http' ? [new URL(baseUrl).hostname, new URL(baseUrl).hostname] : [],
  );
});
