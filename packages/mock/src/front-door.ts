// The DingTalk-faithful layer in front of every mode (Prism on examples, Prism dynamic, the stateful fake),
// whatever carries the request: the node:http server (node-listener.ts) or MSW (msw.ts). Whatever arrives,
// the answer is DingTalk-shaped, carries a request id, and never takes the process down: an unparsable
// target, an undocumented path, a missing token, an oversized or non-JSON body, a bad query or body are
// answered here, from the spec, the way DingTalk answers them. Only a valid request reaches the mode's
// backend. Every request goes into the journal; a pending injected fault replaces the answer.
// No Node-only API here: the same code runs in a browser under MSW.
import type { JournalEntry, MockControl, RequestHeaders } from './control.js';
import { withDefaults } from './defaults.js';
import { MAX_JSON_DEPTH, parseExactJson, stringifyExactJson } from './exact-json.js';
import { applyFault } from './faults.js';
import type { RequestRecord } from './journal.js';
import { loadSpec, type OpenApiDocument, routeRequest, type SpecOperation } from './spec.js';
import {
  createSpecValidator,
  type ParameterValue,
  type SpecValidator,
  type SpecViolation,
} from './spec-validator.js';

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

/** A request as it arrived, from whichever transport carried it. */
export interface IncomingRequest {
  method: string;
  /** The request target: the path and query, e.g. `/v1.0/storage/spaces?unionId=u-1`. */
  target: string;
  /** Header names in lower case. */
  headers: RequestHeaders;
  /** The body bytes; undefined when the body was larger than MAX_BODY_BYTES (reading stopped there). */
  body: Uint8Array | undefined;
  /**
   * The control's `generation` when the request arrived (before its body was read): one that a reset
   * overtook is not journaled and does not reach the backend. Default: when the front door got it.
   */
  generation?: number;
}

/** A request that passed the front door: routed, authenticated and valid against its operation. */
export interface MockRequest {
  requestId: string;
  operation: SpecOperation;
  /** The path as it arrived (percent-encoded). */
  path: string;
  /** The path parameters, decoded by their schemas (`version` of revertDentryVersion is a number). */
  pathParams: Record<string, ParameterValue>;
  /**
   * The query parameters the operation declares and the request gave, decoded by their schemas:
   * `maxResults: 30`, `toRecycleBin: true`, batchQueryRoles' `dentryIdList: ['a', 'b']`.
   */
  query: Record<string, ParameterValue>;
  /** The query as it arrived, every name (a name given more than once maps to all its values). */
  rawQuery: Record<string, string | string[]>;
  headers: RequestHeaders;
  /**
   * The JSON body with the spec's defaults filled in, integers beyond 2^53 as exact BigInts; `{}` (plus
   * defaults) for an empty one; undefined when the operation takes no body.
   */
  body: unknown;
  /** The raw `Prefer` header, parsed by the backend that uses it. */
  prefer: string | undefined;
}

/** What a backend answers. */
export interface MockAnswer {
  status: number;
  body: unknown;
  /** Extra headers (an injected fault's `retry-after`, …). */
  headers?: Record<string, string>;
}

export type Backend = (request: MockRequest) => MockAnswer | Promise<MockAnswer>;

/** The answer as the transport writes it. */
export interface WireAnswer {
  status: number;
  headers: Record<string, string>;
  /** The body text; undefined for none. */
  body: string | undefined;
  /** Drop the connection without an answer (an injected reset). */
  drop?: boolean;
  /** End the connection after answering (the request body was cut off). */
  close?: boolean;
}

export interface FrontDoor {
  (request: IncomingRequest): Promise<WireAnswer>;
  /**
   * The control's generation now: a transport notes it as a request arrives, before reading its body
   * (absent on a hand-made front door: the generation is then noted when the front door gets the request).
   */
  generation?: () => number;
}

/** DingTalk's error answer: `{ code, message, requestid }`. */
export const dingtalkError = (
  status: number,
  code: string,
  message: string,
  requestId: string,
): MockAnswer => ({ status, body: { code, message, requestid: requestId } });

const MESSAGE_LENGTH = 500;
// Strict: a body that is not UTF-8 is refused, as a strict JSON server does, not read with U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** @param spec the spec the door routes and validates by: the one built into the mock, or a test's own. */
export function createFrontDoor(
  backend: Backend,
  control: MockControl,
  onRequest?: (entry: JournalEntry) => void,
  spec: OpenApiDocument = loadSpec(),
): FrontDoor {
  const validator = createSpecValidator(spec);
  const door = async (incoming: IncomingRequest): Promise<WireAnswer> => {
    const started = performance.now();
    const requestId = crypto.randomUUID().toUpperCase();
    const generation = incoming.generation ?? control.generation;
    const entry: RequestRecord = {
      method: incoming.method,
      path: incoming.target,
      query: {},
      headers: incoming.headers as JournalEntry['headers'],
      status: 0,
      at: Date.now(),
      ms: 0,
    };
    let answer: WireAnswer;
    try {
      answer = await answerRequest(
        incoming,
        requestId,
        { backend, validator, control, spec },
        entry,
        generation,
      );
    } catch (error) {
      const message = `the mock failed: ${(error as Error)?.message ?? error}`;
      answer = toWire(dingtalkError(500, 'systemError', message, requestId), requestId);
    }
    entry.status = answer.drop ? 0 : answer.status;
    entry.ms = Math.round(performance.now() - started);
    const journaled = control.record(entry, { body: incoming.body, generation });
    if (journaled && onRequest) notify(onRequest, journaled);
    return answer;
  };
  return Object.assign(door, { generation: () => control.generation });
}

/** Calls the user's onRequest; an error it throws (or rejects with) is reported, never thrown past the answer. */
export function notify(onRequest: (entry: JournalEntry) => void, entry: JournalEntry): void {
  const report = (error: unknown) =>
    console.error('dingtalk-storage mock: the onRequest callback failed (the request was answered):', error);
  try {
    const result: unknown = onRequest(entry);
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
      (result as PromiseLike<unknown>).then(undefined, report);
    }
  } catch (error) {
    report(error);
  }
}

interface Door {
  backend: Backend;
  validator: SpecValidator;
  control: MockControl;
  spec: OpenApiDocument;
}

async function answerRequest(
  incoming: IncomingRequest,
  requestId: string,
  { backend, validator, control, spec }: Door,
  entry: RequestRecord,
  generation: number,
): Promise<WireAnswer> {
  const fail = (status: number, code: string, message: string) =>
    toWire(dingtalkError(status, code, message.slice(0, MESSAGE_LENGTH), requestId), requestId);
  let url: URL;
  try {
    url = new URL(incoming.target, 'http://mock.invalid');
  } catch {
    return fail(400, 'paramError', 'the request target is not a valid URL path');
  }
  entry.path = url.pathname;
  entry.query = queryOf(url);
  const route = routeRequest(incoming.method, url.pathname, spec);
  if (!route) return fail(404, 'notFound', `no API at ${url.pathname}`);
  if ('allowed' in route) {
    return fail(
      405,
      'methodNotAllowed',
      `${url.pathname} accepts ${route.allowed.join(', ')}, not ${incoming.method}`,
    );
  }
  const { operation, pathParams } = route;
  entry.operationId = operation.operationId;

  const raw = incoming.body;
  if (!raw)
    return { ...fail(400, 'paramError', `the request body exceeds ${MAX_BODY_BYTES} bytes`), close: true };
  // An injected fault replaces the answer (a delay only postpones it).
  const fault = control.take(operation.operationId);
  const injected = fault && (await applyFault(fault, requestId));
  if (injected) return { ...injected, headers: { [REQUEST_ID_HEADER]: requestId, ...injected.headers } };
  if (operation.secured && !String(incoming.headers[ACCESS_TOKEN_HEADER] ?? '').trim()) {
    return fail(400, 'InvalidAuthentication', `missing ${ACCESS_TOKEN_HEADER} header: pass an access token`);
  }
  let body: unknown = operation.requestBody ? {} : undefined;
  if (raw.length) {
    if (!/^application\/(.+\+)?json\s*(;|$)/i.test(String(incoming.headers['content-type'] ?? ''))) {
      return fail(
        400,
        'paramError',
        'the request body must be JSON, sent with content-type: application/json',
      );
    }
    let text: string;
    try {
      text = utf8.decode(raw);
    } catch {
      return fail(400, 'paramError', 'the request body is not valid UTF-8');
    }
    try {
      body = parseExactJson(text);
    } catch (error) {
      if (error instanceof RangeError) {
        const limit = `${MAX_JSON_DEPTH} levels (MAX_JSON_DEPTH)`;
        return fail(400, 'paramError', `the request body nests arrays and objects deeper than ${limit}`);
      }
      return fail(400, 'paramError', `the request body is not JSON: ${(error as Error).message}`);
    }
  }
  const rawQuery = entry.query;
  const parameters = validator.decodeParameters(operation.operationId, { path: pathParams, query: rawQuery });
  const problems = [
    ...parameters.problems,
    ...validator.request(operation.operationId, operation.requestBody ? body : undefined),
  ];
  if (problems[0]) return fail(400, codeFor(operation, problems[0]), describe(problems));
  // Reset while this request waited (an injected delay, a slow upload): it must not touch the new state.
  if (control.generation !== generation) {
    return fail(
      503,
      'operationTimeout',
      'the mock was reset while this request was in flight; it was not carried out',
    );
  }

  const answer = await backend({
    requestId,
    operation,
    path: url.pathname,
    pathParams: parameters.path,
    query: parameters.query,
    rawQuery,
    headers: incoming.headers,
    body: withDefaults(spec, operation.requestBody?.schema, body),
    prefer: [incoming.headers.prefer ?? []].flat().join(', ') || undefined,
  });
  return toWire(answer, requestId);
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

/**
 * The query parameters; a name given more than once maps to all its values, so a validator can flag it.
 * Any name is the parameter's own, `constructor` or `__proto__` too (a Map, not an object's inherited names).
 */
export function queryOf(url: URL): Record<string, string | string[]> {
  const query = new Map<string, string | string[]>();
  for (const [name, value] of url.searchParams) {
    const seen = query.get(name);
    query.set(name, seen === undefined ? value : [...[seen].flat(), value]);
  }
  return Object.fromEntries(query);
}

function toWire(answer: MockAnswer, requestId: string): WireAnswer {
  const body = answer.body as { requestid?: unknown } | undefined;
  return {
    status: answer.status,
    headers: {
      'content-type': 'application/json',
      // The body's own request id when it has one (a named example), so header and body agree.
      [REQUEST_ID_HEADER]: typeof body?.requestid === 'string' ? body.requestid : requestId,
      ...answer.headers,
    },
    body: body === undefined ? undefined : stringifyExactJson(body),
  };
}
