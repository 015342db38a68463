// A server on 127.0.0.1 (port 0) that records each request exactly as it arrived (method, the raw request
// target with its query text undecoded, headers, body text) and answers every one with a set JSON body.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Captured {
  method: string;
  /** The request target as sent: path and query, still percent-encoded. */
  target: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface CaptureServer {
  url: string;
  /** The requests since the last `answerWith`. */
  captured: Captured[];
  /** Answers every request from now on with `body` (200, JSON), and forgets the requests captured so far. */
  answerWith(body: unknown): void;
  close(): Promise<void>;
}

export async function startCaptureServer(): Promise<CaptureServer> {
  const captured: Captured[] = [];
  let answer = '{}';
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      captured.push({
        method: request.method ?? '',
        target: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(answer),
      });
      response.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    captured,
    answerWith(body) {
      answer = JSON.stringify(body);
      captured.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        // The SDK keeps its connections alive: end them, or close would wait for them.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
