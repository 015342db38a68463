// The validating proxy of the contract suite's "your server" workflow: every request is forwarded to the
// server under test as it came (its bytes unchanged, one framing header), and every answer is judged by
// Prism against the spec. A request the mock itself would refuse (bad JSON, no token) still goes through:
// it is the server under test that must refuse it. Prism reads the upstream's answer whole, so it reaches
// the upstream through a relay of ours that stops reading at MAX_PROXY_ANSWER_BYTES.
import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createUnzip } from 'node:zlib';
import { stringifyExactJson } from './exact-json.js';
import { queryOf } from './front-door.js';
import { listen, type RunningServer, readBody } from './http.js';
import { prismForward } from './prism.js';

/** The largest request body forwarded. */
const MAX_PROXY_BODY_BYTES = 10_000_000;

/**
 * The largest upstream answer the proxy reads, once inflated: the client's default `maxResponseBytes`
 * (1 MiB; a space is about 1 KB). Beyond it the proxy stops reading and answers 502 `proxyError`.
 */
export const MAX_PROXY_ANSWER_BYTES = 1_048_576;

/** Tells the relay which exchange a request of Prism's belongs to; never forwarded upstream. */
const EXCHANGE_HEADER = 'x-dingtalk-storage-proxy-exchange';

// Hop-by-hop headers (RFC 9110 §7.6.1), and the framing ones: the body is forwarded as one buffer with a
// fresh content-length, so a client's transfer-encoding must not travel with it (both at once is how
// requests get smuggled, and servers refuse it).
const NOT_FORWARDED = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'expect',
]);

function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!NOT_FORWARDED.has(name) && value !== undefined) out[name] = [value].flat().join(', ');
  }
  return out;
}

/**
 * The relay between Prism and the upstream, on 127.0.0.1: it forwards Prism's request (the same bytes and
 * headers) and hands back the answer inflated and read whole, but never more than MAX_PROXY_ANSWER_BYTES.
 * Why an exchange failed (too large, no answer) goes in `failures`, for the proxy to answer with.
 */
function startRelay(upstream: URL, failures: Map<string, string>): Promise<RunningServer> {
  const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;
  return listen(
    (req, res) => {
      const exchange = String(req.headers[EXCHANGE_HEADER] ?? '');
      // The first cause wins; Prism gets a short answer of no interest, the proxy answers with the cause.
      const fail = (why: string) => {
        if (res.headersSent || failures.has(exchange)) return;
        failures.set(exchange, why);
        res.writeHead(502, { 'content-type': 'application/json' }).end('{}');
      };
      readBody(req, MAX_PROXY_BODY_BYTES).then(
        (body) => {
          // The proxy read it under the same cap: only a stranger's request can be larger.
          if (!body) return res.destroy();
          const headers: OutgoingHttpHeaders = {};
          for (const [name, value] of Object.entries(req.headers)) {
            // Prism's own framing (content-length) goes on; the host is the upstream's.
            if (!['host', 'connection', 'keep-alive', EXCHANGE_HEADER].includes(name)) headers[name] = value;
          }
          const target = new URL(req.url ?? '/', upstream);
          const outgoing = send(target, { method: req.method, headers }, (answer) =>
            relayAnswer(answer, res, fail),
          );
          outgoing.once('error', (error: NodeJS.ErrnoException) =>
            fail(`the upstream did not answer (${error.code ?? error.message})`),
          );
          outgoing.end(body);
        },
        () => res.destroy(),
      );
    },
    { host: '127.0.0.1', port: 0 },
  );
}

/** The upstream's answer to Prism, inflated, unless it grows past MAX_PROXY_ANSWER_BYTES: then `fail`. */
function relayAnswer(answer: IncomingMessage, res: ServerResponse, fail: (why: string) => void): void {
  const encoding = answer.headers['content-encoding']?.trim().toLowerCase();
  const inflate = ['gzip', 'x-gzip', 'deflate'].includes(encoding ?? '')
    ? createUnzip()
    : encoding === 'br'
      ? createBrotliDecompress()
      : undefined;
  const body: Readable = inflate ? answer.pipe(inflate) : answer;
  const chunks: Buffer[] = [];
  let size = 0;
  let stopped = false;
  const stop = (why: string) => {
    if (stopped) return;
    stopped = true;
    // Nothing more is read: the upstream's connection is closed.
    answer.destroy();
    inflate?.destroy();
    fail(why);
  };
  body.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_PROXY_ANSWER_BYTES)
      return stop(
        `the upstream answer exceeded ${MAX_PROXY_ANSWER_BYTES} bytes; the proxy stopped reading it`,
      );
    chunks.push(chunk);
  });
  const unreadable = (error: Error) => stop(`the upstream answer could not be read (${error.message})`);
  answer.once('error', unreadable);
  inflate?.once('error', unreadable);
  answer.once('aborted', () => stop('the upstream closed the connection before the end of its answer'));
  body.once('end', () => {
    if (stopped) return;
    const headers = Object.fromEntries(
      Object.entries(answer.headers).filter(
        ([name]) =>
          !['connection', 'keep-alive', 'transfer-encoding', 'content-length'].includes(name) &&
          !(inflate && name === 'content-encoding'),
      ),
    );
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers).end(Buffer.concat(chunks));
  });
}

export async function startProxy({
  upstream,
  host,
  port,
  log,
}: {
  upstream: string;
  host: string;
  port: number;
  log?: NodeJS.WritableStream;
}): Promise<RunningServer> {
  const target = new URL(upstream);
  const failures = new Map<string, string>();
  const relay = await startRelay(target, failures);
  // The upstream's path prefix stays in the URL Prism forwards to, so the relay resolves it as it came.
  const forward = await prismForward(`${relay.url}${target.pathname.replace(/\/$/, '')}`, log);
  let exchanges = 0;
  const proxy = await listen(
    (req, res) => {
      const reply = (status: number, body: unknown, contentType = 'application/json') => {
        res.writeHead(status, { 'content-type': contentType });
        res.end(typeof body === 'string' ? body : stringifyExactJson(body));
      };
      (async () => {
        let url: URL;
        try {
          url = new URL(req.url ?? '/', 'http://proxy.invalid');
        } catch {
          return reply(400, { code: 'paramError', message: 'the request target is not a valid URL path' });
        }
        const raw = await readBody(req, MAX_PROXY_BODY_BYTES);
        if (!raw) {
          res.setHeader('connection', 'close');
          return reply(400, {
            code: 'paramError',
            message: `the proxy forwards bodies up to ${MAX_PROXY_BODY_BYTES} bytes`,
          });
        }
        const query = queryOf(url);
        const exchange = String(++exchanges);
        const output = await forward({
          method: (req.method ?? 'GET').toLowerCase() as 'get',
          url: { path: url.pathname, query },
          headers: { ...forwardedHeaders(req.headers), [EXCHANGE_HEADER]: exchange },
          ...(raw.length && { body: raw.toString('utf8') }),
        });
        const failure = failures.get(exchange);
        failures.delete(exchange);
        if (failure) return reply(502, { code: 'proxyError', message: failure });
        const headers = Object.fromEntries(
          Object.entries(output.headers ?? {}).filter(
            // The body is re-serialized (and inflated by fetch), so its old length and encoding do not apply.
            ([name]) =>
              !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name),
          ),
        );
        res.writeHead(output.statusCode, {
          ...headers,
          ...(output.problem && { 'content-type': 'application/problem+json' }),
        });
        const body = output.body;
        res.end(
          body === undefined || body === null
            ? undefined
            : typeof body === 'string'
              ? body
              : JSON.stringify(body),
        );
      })().catch((error: unknown) => {
        if (!res.headersSent)
          reply(502, { code: 'proxyError', message: String((error as Error)?.message ?? error) });
        else res.destroy();
      });
    },
    { host, port },
  );
  return {
    url: proxy.url,
    close: async () => {
      await Promise.all([proxy.close(), relay.close()]);
    },
  };
}
