// Both wires stream a file's bytes both ways without holding them whole: a request body is pulled from its
// source as the server reads it (backpressure), and an answer's body arrives chunk by chunk through
// `stream()`; the bytes come out the same (SHA-256), and `cancel` ends a stream mid-way.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchWire } from '../src/wire-fetch.js';
import { nodeWire } from '../src/wire-node.js';

const MiB = 1_048_576;
const CHUNKS = 32;

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** 1 MiB chunks, each different, made only when asked for; `made` counts them. */
function source(count: number) {
  const state = { made: 0 };
  async function* chunks() {
    for (let i = 0; i < count; i++) {
      state.made++;
      yield new Uint8Array(MiB).fill(i % 251);
    }
  }
  return { chunks, state };
}

const sha256Of = (count: number) => {
  const hash = createHash('sha256');
  for (let i = 0; i < count; i++) hash.update(new Uint8Array(MiB).fill(i % 251));
  return hash.digest('hex');
};

describe.each([
  ['fetch', () => fetchWire(() => globalThis.fetch)],
  ['node:http', () => nodeWire()],
])('the %s wire', (_, makeWire) => {
  it('sends a streamed body as the server reads it, never the whole body ahead', async () => {
    const { chunks, state } = source(CHUNKS);
    let madeWhenFirstArrived = Number.POSITIVE_INFINITY;
    const url = await listen(async (req, res) => {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of req) {
        if (size === 0) madeWhenFirstArrived = state.made;
        size += chunk.byteLength;
        hash.update(chunk);
        // A slow reader: the sender must wait for it, not read its whole source into memory.
        await new Promise((resolve) => setImmediate(resolve));
      }
      res.end(JSON.stringify({ size, sha256: hash.digest('hex') }));
    });
    const call = makeWire()({ url: `${url}/put`, method: 'PUT', headers: {}, body: chunks() });
    const answer = await call.answer;
    const received = JSON.parse(new TextDecoder().decode(await answer.read(MiB)));
    expect(received).toEqual({ size: CHUNKS * MiB, sha256: sha256Of(CHUNKS) });
    // Only a few chunks were made before the first reached the server (socket buffers), not all of them.
    expect(madeWhenFirstArrived).toBeLessThan(CHUNKS / 2);
  });

  it("streams an answer's body chunk by chunk through stream(), the same bytes", async () => {
    const url = await listen(async (_req, res) => {
      res.writeHead(200, { 'content-length': String(CHUNKS * MiB) });
      for await (const chunk of source(CHUNKS).chunks()) {
        if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    });
    const answer = await makeWire()({ url: `${url}/get`, method: 'GET', headers: {} }).answer;
    const hash = createHash('sha256');
    let size = 0;
    let largest = 0;
    for await (const chunk of answer.stream() as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      largest = Math.max(largest, chunk.byteLength);
      hash.update(chunk);
    }
    expect({ size, sha256: hash.digest('hex') }).toEqual({ size: CHUNKS * MiB, sha256: sha256Of(CHUNKS) });
    expect(largest).toBeLessThan(CHUNKS * MiB);
  });

  it('cancel ends a download mid-way: the stream errors, it does not hang', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-length': String(CHUNKS * MiB) });
      res.write(new Uint8Array(MiB));
      // …and never the rest.
    });
    const call = makeWire()({ url: `${url}/stalled`, method: 'GET', headers: {} });
    const reader = (await call.answer).stream().getReader();
    expect((await reader.read()).done).toBe(false);
    call.cancel(new Error('stop'));
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return 'ended';
      })(),
    ).rejects.toBeDefined();
  });
});
