// The wire on node:http and node:https with keep-alive agents: what the package's `node` export condition
// uses (Node, and Bun and Deno, which resolve it too), as DingTalk's own SDK rides node:http. fetch (undici)
// costs several times a node:http call under concurrency (apps/bench), and a bulk job pays it on every call.
// Same contract as wire-fetch.ts: no redirect is followed (node:http never follows one), the body is read
// on demand up to a limit counted after decompression (a gzip bomb stops at the limit), the signal ends
// the request at any stage.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { BodyTooLarge } from './read-body.js';
import type { Wire } from './wire.js';

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

export function nodeWire(): Wire {
  return ({ url, method, headers, body }, signal) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const outgoing: Record<string, string> = {};
      headers.forEach((value, name) => {
        outgoing[name] = value;
      });
      const bytes = typeof body === 'string' ? Buffer.from(body) : body && new Uint8Array(body);
      if (bytes) outgoing['content-length'] = String(bytes.byteLength);
      const request = (secure ? httpsRequest : httpRequest)(target, {
        method,
        headers: outgoing,
        agent: secure ? agentsOf().https : agentsOf().http,
        signal,
      });
      request.once('error', reject);
      request.once('response', (response) => {
        const status = response.statusCode ?? 0;
        resolve({
          head: {
            status,
            statusText: response.statusMessage ?? '',
            ok: status >= 200 && status < 300,
            headers: headersOf(response),
          },
          read: (maxBytes) => readWhole(response, maxBytes, signal),
          discard: async () => {
            response.destroy();
          },
        });
      });
      request.end(bytes);
    });
}

function headersOf(response: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  return headers;
}

/** The body, decompressed as its content-encoding says, whole; BodyTooLarge once past `maxBytes`. */
async function readWhole(
  response: IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Uint8Array<ArrayBuffer>> {
  const encoding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder = DECODERS[encoding]?.();
  const declared = Number(response.headers['content-length'] ?? Number.NaN);
  if (!decoder && declared > maxBytes) {
    response.destroy();
    throw new BodyTooLarge();
  }
  const source: Readable = decoder
    ? response.pipe(decoder as unknown as NodeJS.WritableStream & Readable)
    : response;
  // A decoder does not end when the response breaks off: pass the failure on, so the read rejects.
  if (decoder) response.once('error', (error) => source.destroy(error));
  const onAbort = () => response.destroy(signal.reason);
  signal.addEventListener('abort', onAbort);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of source as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new BodyTooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    response.destroy();
    source.destroy();
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}
