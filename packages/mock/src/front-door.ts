// The DingTalk-faithful layer in front of every mode (Prism on examples, Prism dynamic, the stateful fake).
// Whatever arrives, the answer is DingTalk-shaped, carries a request id, and never takes the process down:
// an unparsable target, an undocumented path, a missing token, an oversized or non-JSON body, a bad query
// or body are answered here, from the spec, the way DingTalk answers them. Only a valid request reaches the
// mode's backend. CORS is answered here too, so a web app under test can call every mode.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { withDefaults } from './defaults.js';
import { parseExactJson, stringifyExactJson } from './exact-json.js';
import { queryOf, readBody } from './http.js';
import { loadSpec, routeRequest, type SpecOperation } from './spec.js';
import { createSpecValidator, type SpecValidator, type SpecViolation } from './spec-validator.js';

export const ACCESS_TOKEN_HEADER = 'x-acs-dingtalk-access-token';
export const REQUEST_ID_HEADER = 'x-acs-request-id';
/** The largest request body the mock reads; a larger one is answered 400 `paramError` at this point. */
export const MAX_BODY_BYTES = 1_000_000;

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
  /** End the connection after answering (the request body was cut off). */
  close?: boolean;
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
  validator: SpecValidator = createSpecValidator(),
): RequestListener {
  return (req, res) => {
    const requestId = randomUUID().toUpperCase();
    allowCors(req, res);
    if (req.method === 'OPTIONS' && req.headers.origin && req.headers['access-control-request-method']) {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    answer(req, requestId, backend, validator)
      .catch((error: unknown) =>
        dingtalkError(
          500,
          'systemError',
          `the mock failed: ${(error as Error)?.message ?? error}`,
          requestId,
        ),
      )
      .then((result) => write(req, res, result, requestId));
  };
}

async function answer(
  req: IncomingMessage,
  requestId: string,
  backend: Backend,
  validator: SpecValidator,
): Promise<MockAnswer> {
  const fail = (status: number, code: string, message: string) =>
    dingtalkError(status, code, message.slice(0, MESSAGE_LENGTH), requestId);
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://mock.invalid');
  } catch {
    return fail(400, 'paramError', 'the request target is not a valid URL path');
  }
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

  const raw = await readBody(req, MAX_BODY_BYTES);
  if (!raw)
    return { ...fail(400, 'paramError', `the request body exceeds ${MAX_BODY_BYTES} bytes`), close: true };
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

function write(req: IncomingMessage, res: ServerResponse, result: MockAnswer, requestId: string): void {
  const body = result.body as { requestid?: unknown } | undefined;
  res.writeHead(result.status, {
    'content-type': 'application/json',
    // The body's own request id when it has one (a named example), so header and body agree.
    [REQUEST_ID_HEADER]: typeof body?.requestid === 'string' ? body.requestid : requestId,
    ...(result.close && { connection: 'close' }),
  });
  res.end(body === undefined ? undefined : stringifyExactJson(body));
  if (result.close) {
    // The rest of an oversized upload is never read: stop the connection once the answer is out.
    res.once('finish', () => req.socket.destroySoon());
  }
}
