// The MSW handlers in a browser: a web app's own test page, bundled with esbuild as a team's bundler would,
// registers MSW's service worker and the handlers, then drives the real client in Debian's Chromium (the
// docs test's browser). DingTalk's own URL is answered inside the browser: no mock server, no port for it.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/chromium.mjs';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

// What a team writes in its browser test setup.
const app = `
  import { setupWorker } from 'msw/browser';
  import { createMockHandlers } from '@dingtalk-storage/mock/msw';
  import { createAppTokenProvider, createStorageClient } from '@dingtalk-storage/client';

  const mock = createMockHandlers({ apps: [{ appKey: 'ding-app', appSecret: 'app-secret-0123456789' }] });
  const worker = setupWorker(...mock.handlers);
  window.ready = worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'error', quiet: true });

  window.scenario = async () => {
    const accessToken = createAppTokenProvider({ appKey: 'ding-app', appSecret: 'app-secret-0123456789' });
    const storage = createStorageClient({ accessToken, retry: { maxAttempts: 2 } });
    const { space } = await storage.createSpace({ unionId: 'u-1', option: { name: 'From the browser' } });
    const got = await storage.getSpace({ spaceId: space.id, unionId: 'u-1' });

    mock.inject('getSpace', { status: 503, code: 'ServiceUnavailable' });
    const retried = await storage.getSpace({ spaceId: space.id, unionId: 'u-1' });

    mock.inject('getSpace', { reset: true }, { times: 2 });
    const dropped = await storage.getSpace({ spaceId: space.id, unionId: 'u-1' }).catch((error) => error.name);

    const journal = mock.requests.map((r) => [r.operationId, r.status]);
    mock.reset();
    const afterReset = await storage.getSpace({ spaceId: space.id, unionId: 'u-1' }).catch((error) => error.code);
    const signedInAgain = mock.requests.map((r) => [r.operationId, r.status]);
    return { same: JSON.stringify(got.space) === JSON.stringify(space), retried: retried.space.id === space.id, dropped, journal, afterReset, signedInAgain };
  };
`;

let browser: Browser;
let page: Server;
let pageUrl = '';

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: app, resolveDir: packageDir, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const files: Record<string, [string, string]> = {
    '/': [
      'text/html',
      '<!doctype html><title>app under test</title><script type="module" src="/app.js"></script>',
    ],
    '/app.js': ['text/javascript', bundle.outputFiles[0]?.text ?? ''],
    '/mockServiceWorker.js': [
      'text/javascript',
      readFileSync(createRequire(import.meta.url).resolve('msw/mockServiceWorker.js'), 'utf8'),
    ],
  };
  page = createServer((req, res) => {
    const [type, body] = files[req.url ?? ''] ?? ['text/plain', ''];
    res.writeHead(body ? 200 : 404, { 'content-type': type });
    res.end(body);
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
  browser = await launchChromium(chromium);
});
afterAll(async () => {
  await browser?.close();
  page?.close();
});

it('answers the client inside Chromium: sign in, create, get, an injected 503 retried, drops, reset', async () => {
  const tab = await browser.newPage();
  try {
    await tab.goto(pageUrl);
    await tab.waitForFunction(() => 'ready' in window);
    await tab.evaluate(() => (window as unknown as { ready: Promise<unknown> }).ready);
    const result = await tab.evaluate(() =>
      (window as unknown as { scenario(): Promise<unknown> }).scenario(),
    );
    expect(result).toEqual({
      same: true,
      retried: true,
      dropped: 'StorageNetworkError',
      journal: [
        ['getAccessToken', 200],
        ['createSpace', 200],
        ['getSpace', 200],
        ['getSpace', 503],
        ['getSpace', 200],
        ['getSpace', 0],
        ['getSpace', 0],
      ],
      // Reset forgot the issued token too: the provider signed in again, and the space is gone.
      afterReset: 'spaceNotFound',
      signedInAgain: [
        ['getSpace', 400],
        ['getAccessToken', 200],
        ['getSpace', 404],
      ],
    });
  } finally {
    await tab.close();
  }
});
