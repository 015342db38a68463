// An idle keep-alive connection stays open for KEEP_ALIVE_TIMEOUT_MS, not Node's 5 s: a client busy for a
// while (its event loop blocked by its own work) sends its next request on the same socket and is answered,
// on the API and on the byte origin. A busy machine only lengthens the wait, which stays far under the limit.
import { connect } from 'node:net';
import { startMockServer } from '@dingtalk-storage/mock';
import { describe, expect, it } from 'vitest';

/** Node's own keep-alive timeout: what the mock waited before it set its own. */
const NODE_DEFAULT_KEEP_ALIVE_MS = 5_000;

/** Two GETs on one socket, `idleMs` apart: the status line of each answer, or how the socket ended. */
async function twoRequestsOnOneSocket(url: string, path: string, idleMs: number): Promise<string[]> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const lines: string[] = [];
  let received = '';
  socket.on('data', (data) => {
    received += data.toString('latin1');
    for (let end = received.indexOf('\r\n'); end !== -1; end = received.indexOf('\r\n')) {
      const line = received.slice(0, end);
      received = received.slice(end + 2);
      if (line.startsWith('HTTP/1.1 ')) lines.push(line.slice(9, 12));
    }
  });
  const ended = new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.once('error', (error) => {
      lines.push(`error ${(error as NodeJS.ErrnoException).code}`);
      resolve();
    });
  });
  await new Promise((resolve) => socket.once('connect', resolve));
  const send = () =>
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
  send();
  const deadline = Date.now() + 20_000;
  while (lines.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  if (!socket.destroyed) send();
  while (lines.length < 2 && !socket.destroyed && Date.now() < deadline + idleMs)
    await new Promise((r) => setTimeout(r, 10));
  socket.destroy();
  await ended;
  return lines;
}

describe('keep-alive', () => {
  it('answers a second request on a socket left idle longer than Node’s default, API and byte origin', async () => {
    const mock = await startMockServer({ port: 0, mode: 'stateful' });
    try {
      const idleMs = NODE_DEFAULT_KEEP_ALIVE_MS + 1_000;
      const [api, bytes] = await Promise.all([
        twoRequestsOnOneSocket(mock.url, '/__mock/requests', idleMs),
        twoRequestsOnOneSocket(mock.blobUrl as string, '/no-such-object', idleMs),
      ]);
      expect(api).toEqual(['200', '200']);
      // The byte origin refuses an unsigned GET, the same way both times: what matters is the second answer.
      expect(bytes).toHaveLength(2);
      expect(bytes[1]).toBe(bytes[0]);
    } finally {
      await mock.close();
    }
  });
});
