// The journal is bounded by bytes as well as entries (each body's first MAX_JOURNAL_BODY_BYTES bytes, all of
// it within MAX_JOURNAL_BYTES, saying how much was cut), and a reset is a clean cut: a request in flight
// across it is neither journaled after it nor leaves state behind in the reset mock.
import { connect } from 'node:net';
import { connectMock } from '@dingtalk-storage/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControl } from '../src/control.js';
import { createFrontDoor, type IncomingRequest } from '../src/front-door.js';
import {
  type JournalEntry,
  MAX_BODY_BYTES,
  MAX_JOURNAL_BODY_BYTES,
  MAX_JOURNAL_BYTES,
  MAX_JOURNAL_ENTRIES,
  type MockServer,
  startMockServer,
} from '../src/index.js';
import { createStatefulFake } from '../src/stateful.js';

const JSON_HEADERS = { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 'tok' };

const createSpace = (url: string, body: string) =>
  fetch(`${url}/v1.0/storage/spaces?unionId=u-1`, { method: 'POST', headers: JSON_HEADERS, body });

describe('the journal of a running mock', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, mode: 'stateful' });
  });
  afterAll(() => mock.close());

  it('keeps the first MAX_JOURNAL_BODY_BYTES bytes of a 1 MB body as text, and says how big it was', async () => {
    mock.reset();
    const big = `[${'{},'.repeat((MAX_BODY_BYTES - 3) / 3)}{}]`;
    expect(big.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
    await createSpace(mock.url, big);
    await createSpace(mock.url, '{"option":{"name":"small"}}');
    for (const journal of [mock.requests, await connectMock(mock.url).requests()]) {
      const [first, second] = journal;
      expect(first).toMatchObject({ status: 400, bodyBytes: big.length, bodyTruncated: true });
      expect(first?.body).toBe(big.slice(0, MAX_JOURNAL_BODY_BYTES));
      expect(second).toMatchObject({
        status: 200,
        body: { option: { name: 'small' } },
        bodyBytes: 27,
        bodyTruncated: false,
      });
    }
  });
});

describe('the journal within MAX_JOURNAL_BYTES', () => {
  const record = (n: number, body?: Uint8Array, headers: JournalEntry['headers'] = {}) => ({
    entry: { method: 'POST', path: `/${n}`, query: {}, headers, status: 400, at: n, ms: 0 },
    body,
  });

  it('drops the oldest bodies first, keeping every entry and saying which were cut', () => {
    const control = createControl();
    const body = new Uint8Array(MAX_JOURNAL_BODY_BYTES).fill(0x61);
    const count = Math.ceil(MAX_JOURNAL_BYTES / MAX_JOURNAL_BODY_BYTES) + 10;
    for (let n = 0; n < count; n++) {
      const { entry } = record(n);
      control.record(entry, { body });
    }
    const journal = control.journal;
    expect(journal).toHaveLength(count);
    const kept = journal.filter((entry) => entry.body !== undefined);
    expect(kept.length * MAX_JOURNAL_BODY_BYTES).toBeLessThanOrEqual(MAX_JOURNAL_BYTES);
    expect(kept.length).toBeGreaterThan(count - 20);
    // The newest keep theirs; the dropped ones say so and still say how big they were.
    expect(journal.at(-1)).toMatchObject({ bodyBytes: MAX_JOURNAL_BODY_BYTES, bodyTruncated: false });
    expect(journal[0]).toEqual(
      expect.objectContaining({ bodyBytes: MAX_JOURNAL_BODY_BYTES, bodyTruncated: true }),
    );
    expect(journal[0]?.body).toBeUndefined();
  });

  it('drops the oldest entries when their headers alone pass it', () => {
    const control = createControl();
    const headers = { 'x-big': 'h'.repeat(16_000) };
    const perEntry = JSON.stringify(headers).length;
    const count = Math.ceil(MAX_JOURNAL_BYTES / perEntry) + 10;
    expect(count).toBeLessThan(MAX_JOURNAL_ENTRIES);
    for (let n = 0; n < count; n++) control.record(record(n, undefined, headers).entry);
    const journal = control.journal;
    expect(journal.length * perEntry).toBeLessThanOrEqual(MAX_JOURNAL_BYTES);
    expect(journal.length).toBeGreaterThan(count - 20);
    expect(journal.at(-1)?.path).toBe(`/${count - 1}`);
  });
});

describe('a reset while a request is in flight', () => {
  const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const create = (sceneId: string): IncomingRequest => ({
    method: 'POST',
    target: '/v1.0/storage/spaces?unionId=u-1',
    headers: JSON_HEADERS,
    body: encode({ option: { sceneId } }),
  });

  it('an injected delay: answered 503, not journaled, nothing created in the reset mock', async () => {
    // maxSpaces 1: a space left behind in the reset mock would refuse the next create with 403.
    const fake = createStatefulFake({ maxSpaces: 1 });
    const control = createControl(fake.reset);
    const frontDoor = createFrontDoor(fake.answer, control);
    control.inject('createSpace', { delayMs: 50 });
    // The front door takes the fault before its first await, so the request is now in the delay.
    const inFlight = frontDoor(create('before'));
    control.reset();
    expect(await inFlight).toMatchObject({ status: 503 });
    expect(control.journal).toEqual([]);
    expect(await frontDoor(create('after'))).toMatchObject({ status: 200 });
    expect(control.journal.map((entry) => entry.status)).toEqual([200]);
  });

  it('a sign-in under way: its token does not live in the reset mock, and it is not journaled', async () => {
    const app = { appKey: 'ding-app', appSecret: 'app-secret-0123456789' };
    const fake = createStatefulFake({ apps: [app] });
    const control = createControl(fake.reset);
    const frontDoor = createFrontDoor(fake.answer, control);
    const signIn = frontDoor({
      method: 'POST',
      target: '/v1.0/oauth2/accessToken',
      headers: { 'content-type': 'application/json' },
      body: encode(app),
    });
    control.reset();
    // It reached the fake before the reset, so it is answered; what it issued belongs to the old state.
    const signedIn = await signIn;
    expect(signedIn.status).toBe(200);
    expect(control.journal).toEqual([]);
    const { accessToken } = JSON.parse(signedIn.body ?? '{}');
    const answer = await frontDoor({
      ...create('with-the-old-token'),
      headers: { ...JSON_HEADERS, 'x-acs-dingtalk-access-token': accessToken },
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body ?? '{}').code).toBe('InvalidAuthentication');
  });

  it('a slow upload: the request whose headers came before the reset is not journaled', async () => {
    const mock = await startMockServer({ port: 0, mode: 'stateful', maxSpaces: 1 });
    try {
      const { hostname, port } = new URL(mock.url);
      const socket = connect(Number(port), hostname);
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk;
      });
      const closed = new Promise((resolve) => socket.on('close', resolve));
      const body = JSON.stringify({ option: { sceneId: 'before' } });
      const head = Object.entries({
        ...JSON_HEADERS,
        'content-length': body.length,
        expect: '100-continue',
        connection: 'close',
      })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      socket.write(`POST /v1.0/storage/spaces?unionId=u-1 HTTP/1.1\r\nhost: mock\r\n${head}\r\n`);
      // Node answers 100 Continue as it hands the request to the mock: the request has arrived.
      while (!received.includes('100 Continue')) await new Promise((r) => setTimeout(r, 5));
      mock.reset();
      socket.end(body);
      await closed;
      expect(received).toMatch(/HTTP\/1\.1 503 /);
      expect(mock.requests).toEqual([]);
      expect((await createSpace(mock.url, '{"option":{"sceneId":"after"}}')).status).toBe(200);
    } finally {
      await mock.close();
    }
  });
});
