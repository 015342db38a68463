// The vitest helper as the tests of a user see it: the `dingtalkMock` fixture is a stateful mock of the
// worker's own (so files in parallel never meet), reset before each test; `mockTest(options)` starts it with
// startMockServer's options; and the globalSetup (`mockGlobalSetup`) for a run that wants one mock for all.
// (The README's recipe itself, three files in parallel included, runs in packed-consumer.test.ts.)
import { connectMock } from '@dingtalk-storage/mock';
import { mockTest, test } from '@dingtalk-storage/mock/vitest';
import { mockGlobalSetup } from '@dingtalk-storage/mock/vitest-setup';
import { describe, expect, it } from 'vitest';
import { sendExample } from './spec.js';

describe('the dingtalkMock fixture', () => {
  let first: string | undefined;

  test("is a stateful mock of this worker's own, with the admin API", async ({ dingtalkMock }) => {
    first = dingtalkMock.url;
    // No globalSetup runs here: the mock is the worker's.
    expect(dingtalkMock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await dingtalkMock.inject('createSpace', { status: 403, code: 'Forbidden.AccessDenied.QpsLimitForApi' });
    expect((await sendExample(dingtalkMock.url, 'createSpace')).status).toBe(403);
    expect((await sendExample(dingtalkMock.url, 'createSpace')).status).toBe(200);
    expect((await dingtalkMock.requests()).map((r) => r.status)).toEqual([403, 200]);
    expect(await dingtalkMock.expireTokens()).toEqual({ expired: 0 });
  });

  test('is the same mock in the next test, reset first', async ({ dingtalkMock }) => {
    expect(dingtalkMock.url).toBe(first);
    expect(await dingtalkMock.requests()).toEqual([]);
  });
});

describe('dingtalkMockUrl', () => {
  let fromHook: string | undefined;
  test.beforeAll(({ dingtalkMockUrl }) => {
    fromHook = dingtalkMockUrl;
  });

  test("is the worker's mock, for suite-level hooks too", ({ dingtalkMock, dingtalkMockUrl }) => {
    expect(fromHook).toBe(dingtalkMock.url);
    expect(dingtalkMockUrl).toBe(dingtalkMock.url);
  });
});

// At the top level of a file, as vitest asks of a test with worker fixtures.
const withApps = mockTest({ apps: [{ appKey: 'app-1', appSecret: 'secret-1-abcdefghijklmnop' }] });

describe('mockTest(options)', () => {
  withApps(
    'starts the worker’s mock with them: with an app, a token it did not issue is refused',
    async ({ dingtalkMock }) => {
      const response = await sendExample(dingtalkMock.url, 'createSpace');
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'InvalidAuthentication' });
    },
  );
});

it('mockGlobalSetup starts the mode asked for, provides its URL as dingtalkMockUrl, and stops it on teardown', async () => {
  const provided = new Map<string, unknown>();
  const teardown = await mockGlobalSetup({ mode: 'prism' })({
    provide: (key: string, value: unknown) => provided.set(key, value),
  } as never);
  const url = String(provided.get('dingtalkMockUrl'));
  // Prism mode answers a named example on request; the stateful fake would refuse the Prefer header.
  const response = await sendExample(url, 'createSpace', { prefer: 'code=400, example=paramError.name' });
  expect(response.status).toBe(400);
  expect((await connectMock(url).requests()).map((r) => r.status)).toEqual([400]);
  await teardown();
  await expect(fetch(url)).rejects.toThrow();
});
