// The admin API under /__mock/ reads the journal (tokens and app secrets in it) and changes what the mock
// answers, so no web page may use it: no CORS but for the origins the user names, a request from any other
// origin or a cross-site one refused (403), a POST only as JSON (415: a page cannot send that without a
// preflight), and with no admin token only requests addressed to a loopback name (a page rebinding its DNS
// name to 127.0.0.1). With an admin token, only a caller that sends it. The front door keeps its CORS for
// browsers. The same rules hold under MSW.
import { request } from 'node:http';
import {
  connectMock,
  MAX_ADMIN_TOKEN_LENGTH,
  MIN_ADMIN_TOKEN_LENGTH,
  type MockServer,
  startMockServer,
} from '@dingtalk-storage/mock';
import { createMockHandlers } from '@dingtalk-storage/mock/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendExample } from './spec.js';

const adminToken = 'admin-token-0123456789abcdef';
const page = 'http://localhost:5173';
const inject = JSON.stringify({
  operationId: 'createSpace',
  fault: { status: 503, code: 'operationTimeout' },
});

describe('a mock with no admin token, on loopback', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, mode: 'stateful' });
  });
  beforeEach(() => mock.reset());
  afterAll(() => mock.close());

  it.each([
    ['a read of the journal from another origin', 'GET', 'requests', { origin: 'http://evil.example' }],
    [
      'a simple text/plain POST from another origin',
      'POST',
      'inject',
      { origin: 'http://evil.example', 'content-type': 'text/plain' },
    ],
    [
      'a page on another port of localhost (same-site)',
      'GET',
      'requests',
      { origin: 'http://localhost:3000' },
    ],
    ['a cross-site request without an Origin', 'POST', 'reset', { 'sec-fetch-site': 'cross-site' }],
    ['a same-site request without an Origin', 'GET', 'requests', { 'sec-fetch-site': 'same-site' }],
    [
      'a preflight from another origin',
      'OPTIONS',
      'inject',
      { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    ],
  ])('refuses %s with 403 and no CORS', async (_, method, route, headers) => {
    const response = await fetch(`${mock.url}/__mock/${route}`, {
      method,
      headers,
      ...(method === 'POST' && { body: inject }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect((await response.json()).message).toMatch(/web page|cross-site|same-site/);
    // Nothing was injected or reset.
    expect((await sendExample(mock.url, 'createSpace')).status).toBe(200);
  });

  it('takes a POST only as application/json (415), so no page can send one without a preflight', async () => {
    const simple: Record<string, string>[] = [
      {},
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
    ];
    for (const headers of simple) {
      const response = await fetch(`${mock.url}/__mock/inject`, { method: 'POST', headers, body: inject });
      expect(response.status).toBe(415);
    }
    const reset = await fetch(`${mock.url}/__mock/reset`, { method: 'POST' });
    expect(reset.status).toBe(415);
    expect((await sendExample(mock.url, 'createSpace')).status).toBe(200);
    const json = { 'content-type': 'application/json; charset=utf-8' };
    expect(
      (await fetch(`${mock.url}/__mock/inject`, { method: 'POST', headers: json, body: inject })).status,
    ).toBe(200);
    expect((await sendExample(mock.url, 'createSpace')).status).toBe(503);
  });

  it('answers only requests addressed to a loopback name (a page that rebinds its DNS name to 127.0.0.1)', async () => {
    expect(await statusWithHost(mock.url, 'attacker.example:4010')).toBe(403);
    for (const host of ['localhost:4010', '127.0.0.1', '[::1]:4010', 'app.localhost']) {
      expect(await statusWithHost(mock.url, host)).toBe(200);
    }
  });

  it('the front door still answers CORS for browsers', async () => {
    const response = await sendExample(mock.url, 'createSpace', { origin: 'http://evil.example' });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://evil.example');
    const preflight = await fetch(`${mock.url}/v1.0/storage/spaces`, {
      method: 'OPTIONS',
      headers: { origin: page, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
  });
});

describe('adminOrigins', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, mode: 'stateful', adminOrigins: [page] });
  });
  afterAll(() => mock.close());

  it('answers CORS to a named origin only, preflight included', async () => {
    const preflight = await fetch(`${mock.url}/__mock/inject`, {
      method: 'OPTIONS',
      headers: { origin: page, 'access-control-request-method': 'POST', 'sec-fetch-site': 'same-site' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(page);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/content-type/);
    const read = await fetch(`${mock.url}/__mock/requests`, { headers: { origin: page } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe(page);
    const other = await fetch(`${mock.url}/__mock/requests`, {
      headers: { origin: 'http://localhost:5174' },
    });
    expect(other.status).toBe(403);
  });
});

describe('a mock with an admin token', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, mode: 'stateful', adminToken });
  });
  afterAll(() => mock.close());

  it('answers 401 without the token or with a wrong one, never echoing what was sent', async () => {
    for (const authorization of [undefined, `Bearer ${adminToken}x`, adminToken, `Basic ${adminToken}`]) {
      const response = await fetch(`${mock.url}/__mock/requests`, {
        ...(authorization && { headers: { authorization } }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain(adminToken);
    }
  });

  it('connectMock sends it; without it, connectMock is refused', async () => {
    await expect(connectMock(mock.url).requests()).rejects.toThrow(/admin token/);
    const admin = connectMock(mock.url, { adminToken });
    expect(await admin.inject('createSpace', { reset: true })).toEqual({ injected: 'createSpace', times: 1 });
    expect(await admin.reset()).toEqual({ reset: true });
    expect(await admin.requests()).toEqual([]);
    expect(await admin.expireTokens()).toEqual({ expired: 0 });
  });

  it('is reached by any Host name then (a container, another machine)', async () => {
    expect(await statusWithHost(mock.url, 'mock.internal:4010', `Bearer ${adminToken}`)).toBe(200);
  });
});

describe('options', () => {
  it('refuses a host beyond loopback without an admin token, and takes it with one', async () => {
    await expect(startMockServer({ port: 0, host: '0.0.0.0' })).rejects.toThrow(
      /Invalid `adminToken`: required when `host` is not a loopback address/,
    );
    const open = await startMockServer({ port: 0, host: '0.0.0.0', mode: 'stateful', adminToken });
    await open.close();
  });

  it.each([
    [{ adminToken: 'x'.repeat(MIN_ADMIN_TOKEN_LENGTH - 1) }, /Invalid `adminToken`: expected 16 to 512/],
    [{ adminToken: 'x'.repeat(MAX_ADMIN_TOKEN_LENGTH + 1) }, /Invalid `adminToken`/],
    [{ adminToken: `${'x'.repeat(MIN_ADMIN_TOKEN_LENGTH)} y` }, /Invalid `adminToken`/],
    [{ adminOrigins: ['localhost:5173'] }, /Invalid `adminOrigins`/],
    [{ adminOrigins: 'http://localhost:5173' }, /Invalid `adminOrigins`/],
  ])('refuses %j, naming the option and never echoing a token', async (options, message) => {
    const error = await startMockServer({ port: 0, ...(options as object) }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('xxxxxxxxxxxxxxxx');
  });

  it('connectMock refuses a malformed adminToken, naming it', () => {
    expect(() => connectMock('http://127.0.0.1:4010', { adminToken: 'short' })).toThrow(
      /Invalid `adminToken`/,
    );
  });
});

describe('under MSW, the same rules', () => {
  const url = 'https://api.dingtalk.io';
  const mock = createMockHandlers({ adminToken });
  const interceptor = setupServer(...mock.handlers);
  beforeAll(() => interceptor.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => interceptor.close());

  it('refuses another origin (403), a missing token (401) and a POST that is not JSON (415)', async () => {
    const bearer = { authorization: `Bearer ${adminToken}` };
    expect(
      (await fetch(`${url}/__mock/requests`, { headers: { origin: 'http://evil.example' } })).status,
    ).toBe(403);
    expect((await fetch(`${url}/__mock/requests`)).status).toBe(401);
    expect((await fetch(`${url}/__mock/reset`, { method: 'POST', headers: bearer })).status).toBe(415);
    expect((await fetch(`${url}/__mock/requests`, { headers: bearer })).status).toBe(200);
    expect(await connectMock(url, { adminToken }).reset()).toEqual({ reset: true });
  });
});

/** The status of `GET /__mock/requests` sent with this `Host` header (fetch cannot set it). */
function statusWithHost(url: string, host: string, authorization?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${url}/__mock/requests`, {
      headers: { host, ...(authorization && { authorization }) },
    });
    outgoing.once('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.once('error', reject);
    outgoing.end();
  });
}
