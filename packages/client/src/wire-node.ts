// The wire on node:http and node:https with keep-alive agents: what the package's `node` export condition
// uses (Node, and Bun and Deno, which resolve it too), as DingTalk's own SDK rides node:http. fetch (undici)
// costs several times a node:http call under concurrency (apps/bench), and a bulk job pays it on every call.
// Same contract as wire-fetch.ts: no redirect is followed (node:http never follows one), the body is read
// on demand up to a limit counted after decompression (a gzip bomb stops at the limit), `cancel` ends
// the request at any stage. It is on every call's path, so it reads with events, not async iteration.
// The modules, not their named exports: MSW (and other interceptors) replace `http.request` on the module
// object, which a named import would not see (the ESM build then went past MSW to the network).
import http, { Agent as HttpAgent, type IncomingMessage } from 'node:http';
import https, { Agent as HttpsAgent } from 'node:https';
import { pipeline, Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { BodyTooLarge } from './read-body.js';
import type { StreamWatch, Wire, WireAnswer } from './wire.js';

// One pool per protocol for every client, as fetch shares undici's global dispatcher. A free socket is
// unref'd by the agent, so an idle pool never keeps the process alive.
let agents: { http: HttpAgent; https: HttpsAgent } | undefined;
const agentsOf = () =>
  (agents ??= { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) });

const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Where a URL's origin points, parsed once per origin (a client calls one base URL again and again). */
const origins = new Map<string, { secure: boolean; hostname: string; port: string }>();
function originOf(url: string): { origin: string; secure: boolean; hostname: string; port: string } {
  const end = url.indexOf('/', url.indexOf('//') + 2);
  const origin = end === -1 ? url : url.slice(0, end);
  let parsed = origins.get(origin);
  if (!parsed) {
    const { protocol, hostname, port } = new URL(origin);
    // An IPv6 literal goes to node:http without its brackets.
    parsed = { secure: protocol === 'https:', hostname: hostname.replace(/^\[(.*)\]$/, '$1'), port };
    if (origins.size < 100) origins.set(origin, parsed);
  }
  return { origin, ...parsed };
}

export function nodeWire(): Wire {
  return ({ url, method, headers, body }) => {
    const { origin, secure, hostname, port } = originOf(url);
    const streamed = typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
    const pieces = streamed
      ? undefined
      : typeof body === 'string'
        ? [Buffer.from(body)]
        : body instanceof Uint8Array
          ? [body]
          : body instanceof ArrayBuffer
            ? [new Uint8Array(body)]
            : (body as readonly Uint8Array[] | undefined);
    if (pieces) headers['content-length'] = String(pieces.reduce((sum, piece) => sum + piece.byteLength, 0));
    const request = (secure ? https : http).request({
      hostname,
      port,
      path: url.slice(origin.length) || '/',
      method,
      headers,
      agent: secure ? agentsOf().https : agentsOf().http,
    });
    // Cancelled: the request and its response (head or body still to come) end with this error.
    let cancelled: unknown;
    let response: IncomingMessage | undefined;
    const answer = new Promise<WireAnswer>((resolve, reject) => {
      request.once('error', reject);
      request.once('response', (incoming) => {
        response = incoming;
        const status = incoming.statusCode ?? 0;
        // Built when first read: a successful call never reads them (an error, a retry or `raw` does).
        let headers: Headers | undefined;
        resolve({
          head: {
            status,
            statusText: incoming.statusMessage ?? '',
            ok: status >= 200 && status < 300,
            get headers() {
              headers ??= headersOf(incoming);
              return headers;
            },
          },
          read: (maxBytes) =>
            cancelled === undefined ? readWhole(incoming, maxBytes) : Promise.reject(cancelled),
          stream: (watch) => webStreamOf(decoded(incoming), incoming, watch),
          discard: async () => {
            incoming.destroy();
          },
        });
      });
    });
    if (streamed) {
      // Sent as it comes, with backpressure; a source that fails ends the request (the answer rejects).
      pipeline(Readable.from(body as AsyncIterable<Uint8Array>, { objectMode: false }), request, (error) => {
        if (error) request.destroy(error);
      });
    } else if (pieces && pieces.length > 1) {
      // Corked: the pieces go out in one writev, not one write each.
      request.cork();
      for (const piece of pieces) request.write(piece);
      request.end();
    } else {
      request.end(pieces?.[0]);
    }
    return {
      answer,
      cancel(reason) {
        cancelled = reason ?? Object.assign(new Error('the request was cancelled'), { code: 'ABORT_ERR' });
        // Deno resends a request destroyed on a reused keep-alive socket, taking the socket for a stale one
        // (denoland/deno#36786): a timed-out POST reached the server twice.
        request.reusedSocket = false;
        request.destroy(cancelled as Error);
        response?.destroy(cancelled as Error);
      },
    };
  };
}

function headersOf(response: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  return headers;
}

/** The body, decompressed as its content-encoding says (a decoder fails when the response breaks off). */
function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder = DECODERS[encoding]?.();
  if (!decoder) return response;
  response.once('error', (error) => (decoder as unknown as Readable).destroy(error));
  return response.pipe(decoder as NodeJS.WritableStream) as unknown as Readable;
}

/**
 * A body as a web stream, fed by its 'data' events and paused while the reader is behind: a download
 * through Readable.toWeb cost about a fifth of its CPU in web-stream machinery (apps/bench, files). `source`
 * is `response` or its decoder; cancelling ends both.
 */
function webStreamOf(
  source: Readable,
  response: IncomingMessage,
  watch: StreamWatch | undefined,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        // Settled once: an error and then a close must not error the stream twice (that would throw).
        let settled = false;
        const settle = (finish: () => void) => {
          if (settled) return;
          settled = true;
          finish();
          watch?.ended();
        };
        const fail = (error: unknown) => settle(() => controller.error(watch ? watch.failed(error) : error));
        source.on('data', (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          const room = (controller.desiredSize ?? 0) > 0;
          if (!room) source.pause();
          watch?.waiting(room);
        });
        source.once('end', () => settle(() => controller.close()));
        source.once('error', fail);
        // A connection that closes before the body ends, with no error of its own, errors the stream too.
        source.once('close', () =>
          fail(
            Object.assign(new Error('the connection closed before the body ended'), { code: 'ECONNRESET' }),
          ),
        );
      },
      pull() {
        source.resume();
        watch?.waiting(true);
      },
      cancel(reason) {
        watch?.ended();
        const error = reason instanceof Error ? reason : undefined;
        source.destroy(error);
        response.destroy(error);
      },
    },
    // Chunks the stream holds before it pauses the socket.
    { highWaterMark: 4 },
  );
}

/** The body, decompressed, whole; BodyTooLarge once past `maxBytes`. */
function readWhole(response: IncomingMessage, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(response.headers['content-length'] ?? Number.NaN);
  if (!response.headers['content-encoding'] && declared > maxBytes) {
    response.destroy();
    return Promise.reject(new BodyTooLarge());
  }
  const source = decoded(response);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: unknown) => {
      response.destroy();
      source.destroy();
      reject(error);
    };
    source.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) fail(new BodyTooLarge());
      else chunks.push(chunk);
    });
    source.once('error', fail);
    let ended = false;
    // A connection that closes before the body ends, with no error of its own, fails the read too.
    source.once('close', () => {
      if (!ended)
        fail(Object.assign(new Error('the connection closed before the body ended'), { code: 'ECONNRESET' }));
    });
    source.once('end', () => {
      ended = true;
      const whole = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        whole.set(chunk, offset);
        offset += chunk.byteLength;
      }
      resolve(whole);
    });
  });
}
