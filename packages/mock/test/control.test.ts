// The mock as a test tool: the journal, injected faults and reset behave the same through the JS handle and
// the HTTP admin API under /__mock/, in every mode.
import { createStorageClient, StorageNetworkError } from '@dingtalk-storage/client';
import {
  type Fault,
  type JournalEntry,
  type MockMode,
  type MockServer,
  startMockServer,
} from '@dingtalk-storage/mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

interface Control {
  requests(): Promise<JournalEntry[]>;
  inject(operationId: string, fault: Fault, times?: number): Promise<void>;
  reset(): Promise<void>;
}

const throughJs = (mock: MockServer): Control => ({
  requests: async () => mock.requests,
  inject: async (operationId, fault, times) =>
    mock.inject(operationId, fault, times === undefined ? {} : { times }),
  reset: async () => mock.reset(),
});

const throughHttp = (mock: MockServer): Control => {
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${mock.url}/__mock/${path}`, {
      method,
      ...(body !== undefined && {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    });
    const answer = await response.json();
    if (!response.ok) throw new TypeError(answer.message);
    return answer;
  };
  return {
    requests: () => admin('GET', 'requests'),
    inject: async (operationId, fault, times) => {
      await admin('POST', 'inject', { operationId, fault, ...(times !== undefined && { times }) });
    },
    reset: async () => {
      await admin('POST', 'reset');
    },
  };
};

const create = (url: string, body: unknown = { option: { name: 'Journal' } }) =>
  fetch(`${url}/v1.0/storage/spaces?unionId=u-1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 'tok' },
    body: JSON.stringify(body),
  });

describe.each(
  (['prism', 'stateful'] as MockMode[]).flatMap((mode) => [
    [mode, 'the JS handle', throughJs] as const,
    [mode, 'the admin HTTP API', throughHttp] as const,
  ]),
)('%s, through %s', (mode, _, through) => {
  let mock: MockServer;
  let control: Control;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, mode });
    control = through(mock);
  });
  beforeEach(() => control.reset());
  afterAll(() => mock.close());

  it('journals every request in order: operation, method, path, query, parsed body, status', async () => {
    await create(mock.url);
    await fetch(`${mock.url}/no/such/path?x=1`);
    const journal = await control.requests();
    expect(journal).toEqual([
      expect.objectContaining({
        operationId: 'createSpace',
        method: 'POST',
        path: '/v1.0/storage/spaces',
        query: { unionId: 'u-1' },
        body: { option: { name: 'Journal' } },
        status: 200,
      }),
      expect.objectContaining({ method: 'GET', path: '/no/such/path', query: { x: '1' }, status: 404 }),
    ]);
    expect(journal[1]?.operationId).toBeUndefined();
    expect(journal[0]?.headers['x-acs-dingtalk-access-token']).toBe('tok');
  });

  it('an injected DingTalk error answers `times` times, then the mock answers normally again', async () => {
    await control.inject(
      'createSpace',
      { status: 403, code: 'Forbidden.AccessDenied.QpsLimitForApi', headers: { 'retry-after': '1' } },
      2,
    );
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const response = await create(mock.url);
      answers.push({
        status: response.status,
        code: (await response.json()).code,
        retryAfter: response.headers.get('retry-after'),
      });
    }
    expect(answers).toEqual([
      { status: 403, code: 'Forbidden.AccessDenied.QpsLimitForApi', retryAfter: '1' },
      { status: 403, code: 'Forbidden.AccessDenied.QpsLimitForApi', retryAfter: '1' },
      { status: 200, code: undefined, retryAfter: null },
    ]);
  });

  it('an injected reset drops the connection (status 0 in the journal)', async () => {
    await control.inject('createSpace', { reset: true });
    await expect(create(mock.url)).rejects.toThrow();
    expect((await control.requests()).map((r) => r.status)).toEqual([0]);
  });

  it('an injected malformed answer is sent as it is', async () => {
    await control.inject('createSpace', { body: '<html>bad gateway</html>', status: 502 });
    const response = await create(mock.url);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toBe('<html>bad gateway</html>');
  });

  it('an injected delay holds the answer at least that long, then answers normally', async () => {
    await control.inject('createSpace', { delayMs: 300 });
    const started = Date.now();
    const response = await create(mock.url);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('reset clears the journal and pending faults', async () => {
    await control.inject('createSpace', { status: 500, code: 'systemError' });
    await create(mock.url);
    await control.inject('createSpace', { status: 500, code: 'systemError' });
    await control.reset();
    expect(await control.requests()).toEqual([]);
    expect((await create(mock.url)).status).toBe(200);
  });

  it('refuses an injection for an unknown operation or a fault of no known shape, naming it', async () => {
    await expect(control.inject('deleteEverything', { reset: true })).rejects.toThrow(
      /Invalid `operationId`: expected one of .*createSpace/,
    );
    await expect(control.inject('createSpace', { colour: 'red' } as never)).rejects.toThrow(
      /Invalid `fault`/,
    );
  });
});

// A team's own service under test, and its retry test in three lines against the mock.
async function createContractsSpace(baseUrl: string) {
  const storage = createStorageClient({ accessToken: 'tok', baseUrl, retry: { maxAttempts: 3 } });
  return (await storage.createSpace({ unionId: 'u-1', option: { name: 'Contracts' } })).space.id;
}

describe('a service under test', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, mode: 'stateful' });
  });
  afterAll(() => mock.close());

  it('retries a rate limit a second later and succeeds: two calls in the journal, a second apart', async () => {
    mock.inject('createSpace', { status: 403, code: 'Forbidden.AccessDenied.QpsLimitForApi' });
    expect(await createContractsSpace(mock.url)).toEqual(expect.any(String));
    const [first, second] = mock.requests;
    expect([first?.status, second?.status]).toEqual([403, 200]);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('gives up with a network error when every connection drops', async () => {
    mock.reset();
    mock.inject('createSpace', { reset: true }, { times: 3 });
    await expect(createContractsSpace(mock.url)).rejects.toBeInstanceOf(StorageNetworkError);
    expect(mock.requests.map((r) => r.status)).toEqual([0, 0, 0]);
  });
});
