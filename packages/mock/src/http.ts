// The mock's HTTP plumbing, one copy for every server it starts: listen on a host and port, read a body up
// to a limit (cutting an endless upload off at the limit), and close promptly, open connections included.
import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How long an idle keep-alive connection stays open: 75 s, nginx's default, where Node's is 5 s. A client
 * whose own work blocks it for longer than the server's timeout sends its next request on a socket the
 * server has just closed and gets ECONNRESET (seen: a test making 7 MiB of parts between two SDK calls
 * on a busy machine). Clients keep sockets far longer than 5 s; DingTalk's front end is not documented.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 75_000;

export interface RunningServer {
  /** The base URL, e.g. 'http://127.0.0.1:43121'. */
  url: string;
  /** Stops the server, ends every open connection (also stalled ones) and frees the port. */
  close(): Promise<void>;
}

export async function listen(
  handler: RequestListener,
  { host, port }: { host: string; port: number },
): Promise<RunningServer> {
  const server = createServer(handler);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Above it, as Node's docs ask, so that a kept-alive socket's next request is not cut short.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostname === '0.0.0.0' ? '127.0.0.1' : hostname}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * The request body, or `undefined` once it grows past `maxBytes`: reading stops there (the rest is never
 * buffered) and the caller answers and closes the connection.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      resolve(undefined);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
