// The DingTalk-faithful layer in front of every mode (Prism on examples, Prism dynamic, the stateful fake).
// Whatever arrives, the answer is DingTalk-shaped, carries a request id, and never takes the process down:
// an unparsable target, an undocumented path, a missing token, an oversized or non-JSON body, a bad query
// or body are answered here, from the spec, the way DingTalk answers them. Only a valid request reaches the
// mode's backend. CORS is answered here too, so a web app under test can call every mode.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { JournalEntry, MockControl } from './control.js';
import { withDefaults } from './defaults.js';
import { parseExactJson, stringifyExactJson } from './exact-json.js';
import { queryOf, readBody } from './http.js';
import { loadSpec, routeRequest, type SpecOperation } from './spec.js';
import { createSpecValidator, type SpecValidator, type SpecViolation } from './spec-validator.js';

export const ACCESS_TOKEN_HEADER = 'x-acs-dingtalk-access-token';
export const REQUEST_ID_HEADER = 'x-acs-request-id';
/** The largest request body the mock reads; a larger one is answered 400 `paramError` at this point. */
export const MAX_BODY_BYTES = 1_000_000;
/** The admin API's prefix: no DingTalk path starts with it. */
export const ADMIN_PREFIX = '/__mock/';

/** What `Prefer: code=400, example=paramError.name, dynamic=true` asked for (Prism modes use it). */
export interface Prefer {
  code?: number;
  example?: string;
  dynamic?: boolean;
}

/** A request that passed the front door: routed, authenticated and valid against its operation. */
export interface MockRequest {
  requestId: string;
  operation: SpecOperation;
  path: string;
  pathParams: Record<string, string>;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /**
   * The JSON body with the spec's defaults filled in, integers beyond 2^53 as exact BigInts; `{}` (plus
   * defaults) for an empty one; undefined when the operation takes no body.
   */
  body: unknown;
  /** The raw `Prefer` header, parsed by the backend that uses it. */
  prefer: string | undefined;
}

export interface MockAnswer {
  status: number;
  body: unknown;
  /** Extra headers (an injected fault's `retry-after`, …). */
  headers?: Record<string, string>;
  /** End the connection after answering (the request body was cut off). */
  close?: boolean;
  /** Answer this text instead of the JSON body (an injected malformed answer). */
  raw?: { text: string; contentType: string };
  /** Drop the connection without an answer (an injected reset). */
  destroy?: boolean;
}

export type Backend = (request: MockRequest) => MockAnswer | Promise<MockAnswer>;

/** DingTalk's error answer: `{ code, message, requestid }`. */
export const dingtalkError = (
  status: number,
  code: string,
  message: string,
  requestId: string,
): MockAnswer => ({ status, body: { code, message, requestid: requestId } });

const MESSAGE_LENGTH = 500;

export function frontDoor(
  backend: Backend,
  control: MockControl,
  reset: () => void,
  validator: SpecValidator = createSpecValidator(),
): RequestListener {
  return (req, res) => {
    const requestId = randomUUID().toUpperCase();
    allowCors(req, res);
    if (req.url?.startsWith(ADMIN_PREFIX)) {
      admin(req, res, control, reset);
      return;
    }
    if (req.method === 'OPTIONS' && req.headers.origin && req.headers['access-control-request-method']) {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const entry: JournalEntry = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      query: {},
      headers: req.headers,
      body: undefined,
      status: 0,
      at: Date.now(),
    };
    answer(req, requestId, backend, validator, control, entry)
      .catch((error: unknown) =>
        dingtalkError(
          500,
          'systemError',
          `the mock failed: ${(error as Error)?.message ?? error}`,
          requestId,
        ),
      )
      .then((result) => {
        entry.status = result.destroy ? 0 : result.status;
        control.journal.push(entry);
        write(req, res, result, requestId);
      });
  };
}

/** The admin API: `GET /__mock/requests`, `POST /__mock/reset`, `POST /__mock/inject`. */
async function admin(req: IncomingMessage, res: ServerResponse, control: MockControl, reset: () => void) {
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const route = `${req.method} ${new URL(req.url ?? '/', 'http://mock.invalid').pathname}`;
  const raw = await readBody(req, MAX_BODY_BYTES);
  try {
    if (route === `GET ${ADMIN_PREFIX}requests`) return reply(200, control.journal);
    if (route === `POST ${ADMIN_PREFIX}reset`) {
      reset();
      return reply(200, { reset: true });
    }
    if (route === `POST ${ADMIN_PREFIX}inject`) {
      const { operationId, fault, times } = JSON.parse(raw?.toString('utf8') || '{}');
      control.inject(operationId, fault, times === undefined ? {} : { times });
      return reply(200, { injected: operationId, times: times ?? 1 });
    }
    reply(404, {
      message: `no admin API at ${route}; there are GET ${ADMIN_PREFIX}requests, POST ${ADMIN_PREFIX}reset, POST ${ADMIN_PREFIX}inject`,
    });
  } catch (error) {
    reply(400, { message: (error as Error).message });
  }
}

async function answer(
  req: IncomingMessage,
  requestId: string,
  backend: Backend,
  validator: SpecValidator,
  control: MockControl,
  entry: JournalEntry,
): Promise<MockAnswer> {
  const fail = (status: number, code: string, message: string) =>
    dingtalkError(status, code, message.slice(0, MESSAGE_LENGTH), requestId);
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://mock.invalid');
  } catch {
    return fail(400, 'paramError', 'the request target is not a valid URL path');
  }
  entry.path = url.pathname;
  entry.query = queryOf(url);
  const route = routeRequest(req.method ?? 'GET', url.pathname);
  if (!route) return fail(404, 'notFound', `no API at ${url.pathname}`);
  if ('allowed' in route) {
    return fail(
      405,
      'methodNotAllowed',
      `${url.pathname} accepts ${route.allowed.join(', ')}, not ${req.method}`,
    );
  }
  const { operation, pathParams } = route;
  entry.operationId = operation.operationId;

  const raw = await readBody(req, MAX_BODY_BYTES);
  if (!raw)
    return { ...fail(400, 'paramError', `the request body exceeds ${MAX_BODY_BYTES} bytes`), close: true };
  entry.body = journalBody(raw);
  // An injected fault replaces the answer (a delay only postpones it).
  const fault = control.take(operation.operationId);
  if (fault && 'reset' in fault) return { status: 0, body: undefined, destroy: true };
  if (fault && 'body' in fault) {
    const raw = { text: fault.body, contentType: fault.contentType ?? 'text/html' };
    return { status: fault.status ?? 200, body: undefined, raw };
  }
  if (fault && 'code' in fault) {
    const injected = fail(fault.status, fault.code, fault.message ?? `${fault.code} (injected)`);
    return { ...injected, ...(fault.headers && { headers: fault.headers }) };
  }
  if (fault && 'delayMs' in fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  if (operation.secured && !String(req.headers[ACCESS_TOKEN_HEADER] ?? '').trim()) {
    return fail(400, 'InvalidAuthentication', `missing ${ACCESS_TOKEN_HEADER} header: pass an access token`);
  }
  let body: unknown = operation.requestBody ? {} : undefined;
  if (raw.length) {
    if (!/^application\/(.+\+)?json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return fail(
        400,
        'paramError',
        'the request body must be JSON, sent with content-type: application/json',
      );
    }
    try {
      body = parseExactJson(raw.toString('utf8'));
    } catch (error) {
      return fail(400, 'paramError', `the request body is not JSON: ${(error as Error).message}`);
    }
  }
  const query = queryOf(url);
  const problems = [
    ...validator.parameters(operation.operationId, { ...query, ...pathParams }),
    ...validator.request(operation.operationId, operation.requestBody ? body : undefined),
  ];
  if (problems[0]) return fail(400, codeFor(operation, problems[0]), describe(problems));

  return backend({
    requestId,
    operation,
    path: url.pathname,
    pathParams,
    query: query as Record<string, string>,
    headers: req.headers,
    body: withDefaults(loadSpec(), operation.requestBody?.schema, body),
    prefer: [req.headers.prefer ?? []].flat().join(', ') || undefined,
  });
}

/**
 * DingTalk's code for an invalid field, from the spec's named 400 examples: `paramError.<field>` where the
 * spec documents one for that field (e.g. `paramError.name`), else `paramError`.
 */
function codeFor(operation: SpecOperation, problem: SpecViolation): string {
  const specific = `paramError.${problem.path.split('.').pop()}`;
  return operation.responses.get(400)?.examples[specific] ? specific : 'paramError';
}

function describe(problems: SpecViolation[]): string {
  return problems
    .slice(0, 5)
    .map((p) => `${(p.path || 'body').slice(0, 100)} ${p.message}`)
    .join('; ');
}

function allowCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
  res.setHeader('access-control-expose-headers', `${REQUEST_ID_HEADER}, retry-after`);
  res.setHeader('vary', 'origin');
}

/** The journal's copy of a body: JSON when it parses, else the text; undefined when empty. */
function journalBody(raw: Buffer): unknown {
  if (!raw.length) return undefined;
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function write(req: IncomingMessage, res: ServerResponse, result: MockAnswer, requestId: string): void {
  if (result.destroy) {
    req.socket.destroy();
    return;
  }
  const body = result.body as { requestid?: unknown } | undefined;
  res.writeHead(result.status, {
    'content-type': result.raw?.contentType ?? 'application/json',
    // The body's own request id when it has one (a named example), so header and body agree.
    [REQUEST_ID_HEADER]: typeof body?.requestid === 'string' ? body.requestid : requestId,
    ...result.headers,
    ...(result.close && { connection: 'close' }),
  });
  res.end(result.raw ? result.raw.text : body === undefined ? undefined : stringifyExactJson(body));
  if (result.close) {
    // The rest of an oversized upload is never read: stop the connection once the answer is out.
    res.once('finish', () => req.socket.destroySoon());
  }
}
