// A server that echoes the token anywhere (code, request id, header, JSON keys and values, what onRetry
// sees) never gets it into an error or a retry event; and redaction does not garble text around a short token.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createStorageClient, type RetryEvent, type StorageApiError } from '../src/index.js';
import { type FaultServer, json, type Step, startFaultServer } from './fault-server.js';
import { rejectionOf, TOKEN } from './fixtures.js';

let server: FaultServer;
afterEach(() => server?.close());

const echoing =
  (status: number, token: string): Step =>
  (res) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-acs-request-id': `hdr-${token}` });
    res.end(
      JSON.stringify({
        code: `code-${token}`,
        message: `bad token ${token}`,
        requestid: token,
        [token]: { nested: [token, `${token}:${token}`] },
      }),
    );
  };

describe('a server echoing the token', () => {
  it('in code, requestid, message and JSON keys: redacted from every rendering of the error', async () => {
    server = await startFaultServer([echoing(400, TOKEN)]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const error = (await rejectionOf(storage.createSpace({ unionId: 'u-1' }))) as StorageApiError;
    expect(error).toMatchObject({ code: 'code-[REDACTED]', requestId: '[REDACTED]', status: 400 });
    expect(error.body).toEqual({
      code: 'code-[REDACTED]',
      message: 'bad token [REDACTED]',
      requestid: '[REDACTED]',
      '[REDACTED]': { nested: ['[REDACTED]', '[REDACTED]:[REDACTED]'] },
    });
  });

  it('in the x-acs-request-id header of a non-DingTalk body: redacted', async () => {
    server = await startFaultServer([
      (res) => {
        res.writeHead(502, { 'x-acs-request-id': `gw-${TOKEN}` });
        res.end('bad gateway');
      },
    ]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url, retry: false });
    const error = await rejectionOf(storage.createSpace({ unionId: 'u-1' }));
    expect(error).toMatchObject({ requestId: 'gw-[REDACTED]' });
  });

  it('in a retried answer: onRetry never sees it', async () => {
    server = await startFaultServer([echoing(503, TOKEN), echoing(503, TOKEN)]);
    const events: RetryEvent[] = [];
    const storage = createStorageClient({
      accessToken: TOKEN,
      baseUrl: server.url,
      retry: { maxAttempts: 2, baseDelayMs: 1, onRetry: (event) => events.push(event) },
    });
    await rejectionOf(storage.createSpace({ unionId: 'u-1' }));
    expect(events).toEqual([expect.objectContaining({ status: 503, code: 'code-[REDACTED]' })]);
    expect(inspect(events, { depth: null })).not.toContain(TOKEN);
  });

  it('from a token provider: the provided token is redacted too', async () => {
    server = await startFaultServer([echoing(400, TOKEN)]);
    const storage = createStorageClient({ accessToken: () => TOKEN, baseUrl: server.url });
    const error = await rejectionOf(storage.createSpace({ unionId: 'u-1' }));
    expect(error).toMatchObject({ requestId: '[REDACTED]' });
  });
});

describe('a short token', () => {
  // The rule (redact.ts): a token under 16 characters is redacted only where it stands alone.
  it('is redacted where it stands alone, and leaves words that contain it alone', async () => {
    server = await startFaultServer([
      json(400, { code: 'paramError', message: "token t is wrong; with 't' the request fails" }),
    ]);
    const storage = createStorageClient({ accessToken: 't', baseUrl: server.url });
    const error = (await storage.createSpace({ unionId: 'u-1' }).catch((e) => e)) as StorageApiError;
    expect(error.message).toBe(
      "token [REDACTED] is wrong; with '[REDACTED]' the request fails (code paramError, HTTP 400)",
    );
  });

  it('a long token is redacted even inside a word', async () => {
    server = await startFaultServer([json(400, { code: 'paramError', message: `Bearer${TOKEN}x` })]);
    const storage = createStorageClient({ accessToken: TOKEN, baseUrl: server.url });
    const error = (await rejectionOf(storage.createSpace({ unionId: 'u-1' }))) as StorageApiError;
    expect(error.message).toMatch(/^Bearer\[REDACTED\]x /);
  });
});
