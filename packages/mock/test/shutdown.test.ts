// Shutdown is prompt in every mode, also with a client that stalls mid-request: close() ends open
// connections, and the CLI exits on SIGTERM or SIGINT.
import { connect, type Socket } from 'node:net';
import { type MockMode, startMockServer } from '@dingtalk-storage/mock';
import { describe, expect, it } from 'vitest';
import { startCli } from './cli.js';

const MODES: MockMode[] = ['prism', 'dynamic', 'stateful'];

/** A client that sends half a request and then nothing, keeping its connection open. */
async function stalledClient(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    'POST /v1.0/storage/spaces?unionId=u-1 HTTP/1.1\r\nHost: mock\r\nContent-Length: 100\r\n\r\n{"opt',
  );
  return socket;
}

// Closing takes milliseconds, an exit well under a second; a busy machine stretches both, only a hang this far.
const HANG_MS = 20_000;

/** Resolves to how the promise settled, or 'still pending' after `ms` (a hang, not a slow machine). */
const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<'still pending'>((r) => setTimeout(() => r('still pending'), ms).unref()),
  ]);

describe.each(MODES)('%s', (mode) => {
  it('close() ends a stalled connection and resolves', async () => {
    const mock = await startMockServer({ port: 0, mode });
    const socket = await stalledClient(mock.url);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    expect(
      await within(
        mock.close().then(() => 'closed'),
        HANG_MS,
      ),
    ).toBe('closed');
    expect(
      await within(
        closed.then(() => 'socket closed'),
        HANG_MS,
      ),
    ).toBe('socket closed');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'the CLI exits with 0 on %s, a stalled client connected',
    async (signal) => {
      const { child, url, exited } = await startCli(['--port', '0', '--mode', mode]);
      const socket = await stalledClient(url);
      child.kill(signal);
      // The CLI forces its exit 800 ms after the signal; only a hang takes HANG_MS.
      expect(await within(exited, HANG_MS)).toBe(0);
      socket.destroy();
    },
  );
});
