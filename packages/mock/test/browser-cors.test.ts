// A web app under test can call the mock from the browser in every mode: the real Chromium the docs test
// uses (Debian's, driven by playwright-core) loads a page from one origin and calls the mock on another,
// with the token header and a JSON body (so the browser sends a CORS preflight first).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type MockMode, startMockServer } from '@dingtalk-storage/mock';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/chromium.mjs';

let browser: Browser;
let page: Server;
let pageUrl = '';

beforeAll(async () => {
  browser = await launchChromium(chromium);
  page = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>app under test</title>');
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await browser?.close();
  page?.close();
});

describe.each(['prism', 'dynamic', 'stateful'] as MockMode[])('%s', (mode) => {
  it('answers a cross-origin create from Chromium, its request id readable, errors too', async () => {
    const mock = await startMockServer({ port: 0, mode });
    const tab = await browser.newPage();
    try {
      await tab.goto(pageUrl);
      const results = await tab.evaluate(async (base) => {
        const create = async (token: string) => {
          const response = await fetch(`${base}/v1.0/storage/spaces?unionId=u-1`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': token },
            body: '{"option":{"name":"From the browser"}}',
          });
          const body = await response.json();
          return {
            status: response.status,
            requestId: response.headers.get('x-acs-request-id'),
            code: body.code,
          };
        };
        return [await create('tok'), await create(' ')];
      }, mock.url);
      expect(new URL(mock.url).origin).not.toBe(new URL(pageUrl).origin);
      expect(results).toEqual([
        { status: 200, requestId: expect.stringMatching(/^[0-9A-F-]{36}$/), code: undefined },
        { status: 400, requestId: expect.stringMatching(/^[0-9A-F-]{36}$/), code: 'InvalidAuthentication' },
      ]);
    } finally {
      await tab.close();
      await mock.close();
    }
  });
});
