// The validating proxy forwards each request as it came: the same bytes (malformed JSON included, for the
// server under test to refuse), with exactly one framing header; a chunked upload arrives whole. It reads
// the upstream's answer up to MAX_PROXY_ANSWER_BYTES (inflated), and answers 502 beyond that.
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type RequestListener,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { type RunningServer, startValidatingProxy } from '@dingtalk-storage/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PROXY_ANSWER_BYTES } from '../src/proxy.js';

const validSpace = {
  space: { id: '1', ownerType: 'USER', status: 'NORMAL', createTime: '2022-07-29T14:55Z' },
};
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let upstream: Server;
let proxy: RunningServer;

beforeAll(async () => {
  // A strict upstream, like most servers: both framing headers at once is a bad request.
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json', 'x-acs-request-id': 'req-up' });
      res.end(JSON.stringify(validSpace));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  proxy = await startValidatingProxy({
    upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
  });
});
afterAll(async () => {
  await proxy.close();
  upstream.closeAllConnections();
  upstream.close();
});

describe('validating proxy', () => {
  it('forwards a chunked request whole, with content-length and no transfer-encoding', async () => {
    received.length = 0;
    const { hostname, port } = new URL(proxy.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: hostname,
          port,
          method: 'POST',
          path: '/v1.0/storage/spaces?unionId=u-1',
          headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 'tok' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.write('{"option":');
      req.end('{"name":"chunked"}}');
    });
    expect(status).toBe(200);
    expect(received).toHaveLength(1);
    const [{ headers, body }] = received as [{ headers: IncomingHttpHeaders; body: string }];
    expect(body).toBe('{"option":{"name":"chunked"}}');
    expect(headers['transfer-encoding']).toBeUndefined();
    expect(headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(headers['x-acs-dingtalk-access-token']).toBe('tok');
  });

  it('forwards a body that is not JSON unchanged, for the server under test to judge', async () => {
    received.length = 0;
    const response = await fetch(`${proxy.url}/v1.0/storage/spaces?unionId=u-1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': 'tok' },
      body: '{"option": {',
    });
    expect(response.status).toBe(200);
    expect(received.map((r) => r.body)).toEqual(['{"option": {']);
  });

  it('forwards a request without a token: the server under test answers it', async () => {
    received.length = 0;
    const response = await fetch(`${proxy.url}/v1.0/storage/spaces?unionId=u-1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(received).toHaveLength(1);
  });
});

/** A proxy in front of an upstream on 127.0.0.1 that answers with `handler`; closes both after `use`. */
async function behindProxy(handler: RequestListener, use: (proxyUrl: string) => Promise<void>) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const front = await startValidatingProxy({
    upstream: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
  try {
    await use(front.url);
  } finally {
    await front.close();
    server.closeAllConnections();
    server.close();
  }
}

const getSpace = (proxyUrl: string) =>
  fetch(`${proxyUrl}/v1.0/storage/spaces/1?unionId=u-1`, {
    headers: { 'x-acs-dingtalk-access-token': 'tok' },
  });

describe('the upstream answer cap', () => {
  it('stops reading an endless answer and answers 502 naming the cap', async () => {
    // "Endless" up to a safety stop far beyond the cap, so that a proxy without one fails here instead of
    // filling memory; the bound leaves room for the sockets' kernel buffers, not for another read.
    const safetyStop = 128 * MAX_PROXY_ANSWER_BYTES;
    const bound = 32 * MAX_PROXY_ANSWER_BYTES;
    let written = 0;
    let upstreamClosed!: Promise<void>;
    await behindProxy(
      (req, res) => {
        upstreamClosed = new Promise((resolve) => res.once('close', resolve));
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, ' ');
        const pump = () => {
          while (!res.destroyed && written < safetyStop) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      },
      async (proxyUrl) => {
        const response = await getSpace(proxyUrl);
        expect(response.status).toBe(502);
        expect(await response.json()).toEqual({
          code: 'proxyError',
          message: `the upstream answer exceeded ${MAX_PROXY_ANSWER_BYTES} bytes; the proxy stopped reading it`,
        });
        await upstreamClosed;
        expect(written).toBeLessThan(bound);
      },
    );
  });

  it('counts an answer inflated: a small gzip of more than the cap is refused the same way', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_PROXY_ANSWER_BYTES + 1, ' '));
    await behindProxy(
      (req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(bomb);
      },
      async (proxyUrl) => {
        const response = await getSpace(proxyUrl);
        expect(response.status).toBe(502);
        expect((await response.json()).message).toContain(`exceeded ${MAX_PROXY_ANSWER_BYTES} bytes`);
      },
    );
  });

  it('passes a gzip answer within the cap on, inflated and judged', async () => {
    await behindProxy(
      (req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync(JSON.stringify(validSpace)));
      },
      async (proxyUrl) => {
        const response = await getSpace(proxyUrl);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-encoding')).toBeNull();
        expect(await response.json()).toEqual(validSpace);
      },
    );
  });

  it('names the cause when the upstream does not answer', async () => {
    await behindProxy(
      (req) => req.socket.destroy(),
      async (proxyUrl) => {
        const response = await getSpace(proxyUrl);
        expect(response.status).toBe(502);
        expect(await response.json()).toMatchObject({ code: 'proxyError' });
      },
    );
  });
});
