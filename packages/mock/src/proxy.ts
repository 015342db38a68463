// The validating proxy of the contract suite's "your server" workflow: every request is forwarded to the
// server under test as it came (its bytes unchanged, one framing header), and every answer is judged by
// Prism against the spec. A request the mock itself would refuse (bad JSON, no token) still goes through:
// it is the server under test that must refuse it.
import type { IncomingHttpHeaders } from 'node:http';
import { stringifyExactJson } from './exact-json.js';
import { queryOf } from './front-door.js';
import { listen, type RunningServer, readBody } from './http.js';
import { prismForward } from './prism.js';

/** The largest request body forwarded. */
const MAX_PROXY_BODY_BYTES = 10_000_000;

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
  const forward = await prismForward(upstream, log);
  return listen(
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
        const output = await forward({
          method: (req.method ?? 'GET').toLowerCase() as 'get',
          url: { path: url.pathname, query },
          headers: forwardedHeaders(req.headers),
          ...(raw.length && { body: raw.toString('utf8') }),
        });
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
}
