// A real HTTP server on 127.0.0.1, port 0, that answers each request with the next step of a script and
// records what it received. Used instead of mocking fetch.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Step = (res: ServerResponse, req: IncomingMessage) => void;

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export interface FaultServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFaultServer(script: Step[] | ((index: number) => Step)): Promise<FaultServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const index = requests.length;
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      const step = typeof script === 'function' ? script(index) : script[index];
      if (step) step(res, req);
      else json(500, { code: 'scriptExhausted', message: `no step for request ${index + 1}` })(res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Step =>
  (res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

export const text =
  (status: number, body: string, contentType = 'text/plain'): Step =>
  (res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  };

export const dingtalkError = (status: number, code: string, headers: Record<string, string> = {}): Step =>
  json(status, { code, message: `${code} happened`, requestid: `req-${code}` }, headers);

/** Never answers. */
export const hang: Step = () => {};

/** Sends the headers and half a body, then stalls. */
export const stallBody: Step = (res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"space":{"id":');
};

/** Drops the connection without an answer. */
export const reset: Step = (_res, req) => {
  req.socket.destroy();
};
