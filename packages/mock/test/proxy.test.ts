// The validating proxy forwards each request as it came: the same bytes (malformed JSON included, for the
// server under test to refuse), with exactly one framing header; a chunked upload arrives whole.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningServer, startValidatingProxy } from '@dingtalk-storage/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
