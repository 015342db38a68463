// The node:http side of the mock: reads a request (its body up to MAX_BODY_BYTES), answers CORS for
// browsers, sends `/__mock/` to the admin API (which answers CORS only to the origins the user named) and
// everything else to the front door, and writes the answer.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { ADMIN_PREFIX, type AdminApi } from './admin-api.js';
import { type FrontDoor, MAX_BODY_BYTES, REQUEST_ID_HEADER, type WireAnswer } from './front-door.js';
import { readBody } from './http.js';

export function nodeListener(frontDoor: FrontDoor, admin: AdminApi): RequestListener {
  return async (req, res) => {
    const method = req.method ?? 'GET';
    const forAdmin = (req.url ?? '/').startsWith(ADMIN_PREFIX);
    if (!forAdmin) allowCors(req, res);
    if (
      !forAdmin &&
      method === 'OPTIONS' &&
      req.headers.origin &&
      req.headers['access-control-request-method']
    ) {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    // Noted before the body is read: a reset during a slow upload overtakes the request.
    const generation = frontDoor.generation?.();
    const body = await readBody(req, MAX_BODY_BYTES).catch(() => undefined);
    const target = req.url ?? '/';
    const request = { method, target, headers: req.headers, body, generation };
    const answer = await (forAdmin ? admin : frontDoor)(request);
    // The rest of an oversized upload is never read: the connection cannot carry another request.
    write(req, res, body ? answer : { ...answer, close: true });
  };
}

function allowCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
  res.setHeader('access-control-expose-headers', `${REQUEST_ID_HEADER}, retry-after`);
  res.setHeader('vary', 'origin');
}

/** Writes the answer; one Node refuses to write is answered 500 (writeUnwritable). */
export function write(req: IncomingMessage, res: ServerResponse, answer: WireAnswer): void {
  if (answer.drop) {
    req.socket.destroy();
    return;
  }
  try {
    res.writeHead(answer.status, { ...answer.headers, ...(answer.close && { connection: 'close' }) });
    res.end(answer.body);
  } catch (error) {
    writeUnwritable(req, res, answer, error);
    return;
  }
  if (answer.close) res.once('finish', () => req.socket.destroySoon());
}

/**
 * An answer Node refuses to write (a status or header it rejects; injected faults are checked so that none
 * is) becomes a 500 `systemError`, or a dropped connection once headers went out: never an exception past
 * the request, which would end the process.
 */
function writeUnwritable(
  req: IncomingMessage,
  res: ServerResponse,
  answer: WireAnswer,
  error: unknown,
): void {
  try {
    if (res.headersSent) throw error;
    const requestid = String(answer.headers[REQUEST_ID_HEADER] ?? '');
    const message = `the mock could not write its answer: ${(error as Error)?.message ?? error}`;
    res.writeHead(500, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify({ code: 'systemError', message, requestid }));
  } catch {
    req.socket.destroy();
  }
}
