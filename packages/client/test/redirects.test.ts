// A redirect is never followed: the token header (which fetch keeps across origins, unlike `authorization`)
// must not reach another host, and a POST turned into a GET must not pass for a created space.
import { afterEach, describe, expect, it } from 'vitest';
import { createStorageClient, StorageApiError } from '../src/index.js';
import { type FaultServer, json, type Step, startFaultServer } from './fault-server.js';
import { rejectionOf, successBody, TOKEN } from './fixtures.js';

let origin: FaultServer;
let elsewhere: FaultServer;
afterEach(async () => {
  await origin?.close();
  await elsewhere?.close();
});

const redirectTo =
  (status: number, location: string): Step =>
  (res) => {
    res.writeHead(status, { location, 'x-acs-request-id': 'req-redirect' });
    res.end();
  };

describe.each([301, 302, 303, 307, 308])('HTTP %i to another origin', (status) => {
  it('is not followed: a StorageApiError naming the status and the target origin, not its query', async () => {
    elsewhere = await startFaultServer(() => json(200, successBody));
    origin = await startFaultServer(() => redirectTo(status, `${elsewhere.url}/steal?leak=${TOKEN}`));
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: origin.url });
    const error = (await rejectionOf(storage.createSpace({ unionId: 'u-1' }))) as StorageApiError;
    expect(error).toBeInstanceOf(StorageApiError);
    expect(error).toMatchObject({
      status,
      code: 'unexpectedRedirect',
      retryable: false,
      attempts: 1,
      requestId: 'req-redirect',
    });
    expect(error.message).toContain(`HTTP ${status}, a redirect to ${elsewhere.url}.`);
    expect(error.message).not.toContain('leak=');
    expect(elsewhere.requests).toHaveLength(0);
    expect(origin.requests).toHaveLength(1);
  });

  it('is not followed on raw either', async () => {
    elsewhere = await startFaultServer(() => json(200, successBody));
    origin = await startFaultServer(() => redirectTo(status, `${elsewhere.url}/v1.0/storage/spaces`));
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: origin.url });
    const error = await rejectionOf(
      storage.raw.POST('/v1.0/storage/spaces', { params: { query: { unionId: 'u-1' } }, body: {} }),
    );
    expect(error).toMatchObject({ status, code: 'unexpectedRedirect' });
    expect(elsewhere.requests).toHaveLength(0);
  });
});

it("a browser's opaque redirect (type opaqueredirect, status 0) is refused the same way", async () => {
  // What a browser's fetch hands back under `redirect: 'manual'`; Node cannot construct one, so it is shaped here.
  const opaque = {
    type: 'opaqueredirect',
    status: 0,
    ok: false,
    statusText: '',
    headers: new Headers(),
    body: null,
  } as unknown as Response;
  const inits: RequestInit[] = [];
  const storage = createStorageClient({
    accessToken: TOKEN,
    baseUrl: 'https://api.dingtalk.io',
    fetch: async (_url, init) => {
      inits.push(init ?? {});
      return opaque;
    },
  });
  const error = (await rejectionOf(storage.createSpace({ unionId: 'u-1' }))) as StorageApiError;
  expect(error).toMatchObject({ status: 0, code: 'unexpectedRedirect', retryable: false, attempts: 1 });
  expect(error.message).toContain('a redirect to a target the browser does not reveal');
  expect(inits.map((init) => init.redirect)).toEqual(['manual']);
});
