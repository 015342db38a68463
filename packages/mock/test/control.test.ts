// The mock as a test tool: the journal, injected faults and reset behave the same through the JS handle, the
// HTTP admin API under /__mock/ and the MSW handlers (no port), in every mode. One table, one set of cases.
import { createStorageClient, StorageNetworkError } from '@dingtalk-storage/client';
import {
  connectMock,
  type Fault,
  type JournalEntry,
  MAX_JOURNAL_ENTRIES,
  type MockMode,
  startMockServer,
} from '@dingtalk-storage/mock';
import { createMockHandlers } from '@dingtalk-storage/mock/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createControl } from '../src/control.js';
import { BAD_FAULTS, BAD_TIMES } from './bad-faults.js';

interface Control {
  requests(): Promise<JournalEntry[]>;
  inject(operationId: string, fault: Fault, times?: number): Promise<void>;
  reset(): Promise<void>;
}

/** A mock to send requests to (`url`), controlled one way, and how to stop it. */
interface Target {
  url: string;
  control: Control;
  close(): Promise<void>;
}

interface Handle {
  readonly requests: JournalEntry[];
  inject(operationId: string, fault: Fault, options?: { times?: number }): void;
  reset(): void;
}

const throughJs = (handle: Handle): Control => ({
  requests: async () => handle.requests,
  inject: async (operationId, fault, times) =>
    handle.inject(operationId, fault, times === undefined ? {} : { times }),
  reset: async () => handle.reset(),
});

const throughHttp = (url: string): Control => {
  const admin = connectMock(url);
  return {
    requests: () => admin.requests(),
    inject: async (operationId, fault, times) => {
      await admin.inject(operationId, fault, times === undefined ? {} : { times });
    },
    reset: async () => {
      await admin.reset();
    },
  };
};

const server = async (mode: MockMode, through: 'js' | 'http'): Promise<Target> => {
  const mock = await startMockServer({ port: 0, mode });
  return {
    url: mock.url,
    control: through === 'js' ? throughJs(mock) : throughHttp(mock.url),
    close: mock.close,
  };
};

// MSW intercepts fetch in this process: the mock answers DingTalk's own URL, no port is open.
const msw = async (through: 'js' | 'http'): Promise<Target> => {
  const url = 'https://api.dingtalk.io';
  const mock = createMockHandlers();
  const interceptor = setupServer(...mock.handlers);
  interceptor.listen({ onUnhandledRequest: 'error' });
  const control = through === 'js' ? throughJs(mock) : throughHttp(url);
  return { url, control, close: async () => interceptor.close() };
};

const create = (url: string, body: unknown = { option: { name: 'Journal' } }) =>
  fetch(`${url}/v1.0/storage/spaces?unionId=u-1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 'tok' },
    body: JSON.stringify(body),
  });

describe.each([
  ['prism, through the JS handle', () => server('prism', 'js')],
  ['prism, through the admin HTTP API', () => server('prism', 'http')],
  ['stateful, through the JS handle', () => server('stateful', 'js')],
  ['stateful, through the admin HTTP API', () => server('stateful', 'http')],
  ['MSW, through the JS handle', () => msw('js')],
  ['MSW, through the admin HTTP API it answers', () => msw('http')],
] as const)('%s', (_, start) => {
  let target: Target;
  let control: Control;
  let mock: { url: string };
  beforeAll(async () => {
    target = await start();
    control = target.control;
    mock = target;
  });
  beforeEach(() => control.reset());
  afterAll(() => target.close());

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

  it.each(BAD_FAULTS)('refuses %s, naming `%s`, and answers normally after', async (_, field, fault) => {
    await expect(control.inject('createSpace', fault as Fault)).rejects.toThrow(`Invalid \`${field}\``);
    expect((await create(mock.url)).status).toBe(200);
  });

  it.each(BAD_TIMES)('refuses times %s, naming `times`', async (_, times) => {
    await expect(control.inject('createSpace', { reset: true }, times as number)).rejects.toThrow(
      'Invalid `times`',
    );
    expect((await create(mock.url)).status).toBe(200);
  });
});

// A team's own service under test, and its retry test in three lines against the mock.
async function createContractsSpace(baseUrl: string) {
  const storage = createStorageClient({ accessToken: 'tok', baseUrl, retry: { maxAttempts: 3 } });
  return (await storage.createSpace({ unionId: 'u-1', option: { name: 'Contracts' } })).space.id;
}

describe.each([
  [
    'a service under test, against the mock server',
    async () => {
      const mock = await startMockServer({ port: 0, mode: 'stateful' });
      return { url: mock.url, handle: mock as Handle, close: mock.close };
    },
  ],
  [
    'a service under test, against the MSW handlers',
    async () => {
      const mock = createMockHandlers();
      const interceptor = setupServer(...mock.handlers);
      interceptor.listen({ onUnhandledRequest: 'error' });
      return {
        url: 'https://api.dingtalk.io',
        handle: mock as Handle,
        close: async () => interceptor.close(),
      };
    },
  ],
] as const)('%s', (_, start) => {
  let mock: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    mock = await start();
  });
  beforeEach(() => mock.handle.reset());
  afterAll(() => mock.close());

  it('retries a rate limit a second later and succeeds: two calls in the journal, a second apart', async () => {
    mock.handle.inject('createSpace', { status: 403, code: 'Forbidden.AccessDenied.QpsLimitForApi' });
    expect(await createContractsSpace(mock.url)).toEqual(expect.any(String));
    const [first, second] = mock.handle.requests;
    expect([first?.status, second?.status]).toEqual([403, 200]);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('gives up with a network error when every connection drops', async () => {
    mock.handle.inject('createSpace', { reset: true }, { times: 3 });
    await expect(createContractsSpace(mock.url)).rejects.toBeInstanceOf(StorageNetworkError);
    expect(mock.handle.requests.map((r) => r.status)).toEqual([0, 0, 0]);
  });
});

describe('the journal', () => {
  it('keeps the last MAX_JOURNAL_ENTRIES requests, dropping the oldest', () => {
    const control = createControl();
    const entry = (n: number): JournalEntry => ({
      method: 'GET',
      path: `/${n}`,
      query: {},
      headers: {},
      status: 404,
      at: n,
      ms: 0,
    });
    for (let n = 0; n <= MAX_JOURNAL_ENTRIES; n++) control.record(entry(n));
    expect(control.journal).toHaveLength(MAX_JOURNAL_ENTRIES);
    expect(control.journal[0]?.path).toBe('/1');
    expect(control.journal.at(-1)?.path).toBe(`/${MAX_JOURNAL_ENTRIES}`);
  });
});
