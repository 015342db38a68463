// Hostile request bodies and a hostile onRequest callback: every request is answered, the mock keeps serving
// others meanwhile, and the journal stays readable whatever was sent.
import { connectMock } from '@dingtalk-storage/mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH, type MockServer, startMockServer } from '../src/index.js';
import { type RunningCli, startCli } from './cli.js';

/** Resolves to how the promise settled, or 'still pending' after `ms` (a stall, not a slow machine). */
const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<'still pending'>((r) => setTimeout(() => r('still pending'), ms).unref()),
  ]);

const createSpace = async (url: string, body: string | Uint8Array<ArrayBuffer>) => {
  const response = await fetch(`${url}/v1.0/storage/spaces?unionId=u-1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 'tok' },
    body,
  });
  return { status: response.status, body: await response.json() };
};

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('a 1 MB body that made the int64 reader backtrack', () => {
  // In its own process: a stalled event loop there cannot stop this test's deadlines.
  let cli: RunningCli;
  beforeAll(async () => {
    cli = await startCli(['--port', '0', '--mode', 'stateful']);
  });
  afterAll(() => {
    cli.child.kill('SIGKILL'); // a mock stuck in a loop cannot run its SIGTERM handler
  });

  it.each([
    ['a run of digits followed by a dot', `${'1'.repeat(MAX_BODY_BYTES - 1)}.`],
    ['an unterminated string of escaped quotes', `"${'\\"'.repeat((MAX_BODY_BYTES - 1) / 2)}`],
    [
      'runs of digits followed by an exponent',
      `[${`${'1'.repeat(9_998)}e,`.repeat(MAX_BODY_BYTES / 10_000 - 1)}1]`,
    ],
  ])('%s is answered 400 while a small request is served', async (_, body) => {
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const big = createSpace(cli.url, body);
    const small = createSpace(cli.url, '{"option":{"name":"small"}}');
    // Linear reading takes milliseconds; the backtracking one took hours for 1 MB.
    expect(await within(small, 20_000)).toMatchObject({ status: 200 });
    expect(await within(big, 20_000)).toMatchObject({ status: 400, body: { code: 'paramError' } });
  });
});

describe('request bodies the mock refuses before parsing or validating', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, mode: 'stateful' });
  });
  afterAll(() => mock.close());

  it(`nesting deeper than MAX_JSON_DEPTH (${MAX_JSON_DEPTH}): 400 paramError naming the limit`, async () => {
    const atLimit = await createSpace(mock.url, `{"option":{"name":${nested(MAX_JSON_DEPTH - 2)}}}`);
    expect(atLimit).toMatchObject({ status: 400, body: { code: 'paramError.name' } });
    for (const depth of [MAX_JSON_DEPTH + 1, 3_000, 8_000]) {
      const answer = await createSpace(mock.url, `{"option":{"name":${nested(depth - 2)}}}`);
      expect(answer).toMatchObject({ status: 400, body: { code: 'paramError' } });
      expect(answer.body.message).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
    }
  });

  it('the journal stays readable after any depth, through the handle and the admin API', async () => {
    mock.reset();
    for (const depth of [3_000, 8_000, 100_000]) await createSpace(mock.url, nested(depth));
    expect(mock.requests.map((r) => r.status)).toEqual([400, 400, 400]);
    const overHttp = await connectMock(mock.url).requests();
    expect(overHttp.map((r) => [r.status, typeof r.body])).toEqual([
      [400, 'string'],
      [400, 'string'],
      [400, 'string'],
    ]);
    expect((await createSpace(mock.url, '{"option":{}}')).status).toBe(200);
    expect(mock.requests).toHaveLength(4);
  });

  it('a body that is not valid UTF-8: 400 paramError, not replacement characters', async () => {
    const bytes = new Uint8Array([...Buffer.from('{"option":{"name":"'), 0xff, ...Buffer.from('"}}')]);
    const answer = await createSpace(mock.url, bytes);
    expect(answer).toMatchObject({ status: 400, body: { code: 'paramError' } });
    expect(answer.body.message).toMatch(/not valid UTF-8/);
  });
});

describe('an onRequest callback that throws', () => {
  let errors: ReturnType<typeof vi.spyOn>;
  beforeAll(() => {
    errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => errors.mockClear());
  afterAll(() => errors.mockRestore());

  it.each([
    [
      'throws',
      () => {
        throw new Error('the callback broke');
      },
    ],
    ['rejects', async () => Promise.reject(new Error('the callback broke'))],
  ])('%s: the request is answered, the error reported once naming onRequest', async (_, onRequest) => {
    const mock = await startMockServer({ port: 0, mode: 'stateful', onRequest });
    try {
      expect(await within(createSpace(mock.url, '{"option":{}}'), 10_000)).toMatchObject({ status: 200 });
      expect(await within(createSpace(mock.url, '{"option":{}}'), 10_000)).toMatchObject({ status: 200 });
      await vi.waitFor(() => expect(errors).toHaveBeenCalledTimes(2));
      for (const [message, error] of errors.mock.calls) {
        expect(message).toMatch(/onRequest/);
        expect(error).toEqual(new Error('the callback broke'));
      }
    } finally {
      await mock.close();
    }
  });
});
