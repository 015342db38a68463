// createStorageClient: openapi-fetch over the generated `paths`, with the transport's auth, timeouts and
// retries, and createSpace, which resolves to the typed body or throws a typed error.
import type {
  CreateSpaceQuery,
  CreateSpaceRequest,
  CreateSpaceResponse,
  paths,
} from '@dingtalk-storage/types';
import openapiFetch, { type Client } from 'openapi-fetch';
import { REQUEST_ID_HEADER } from './constants.js';
import { StorageApiError, StorageValidationError } from './errors.js';
import { checkTimeout, resolveOptions, type StorageClientOptions } from './options.js';
import { excerpt, redactValue } from './redact.js';
import { isRetryableResponse } from './retry.js';
import { type CallState, createTransport, newCallState } from './transport.js';

export interface CreateSpaceInput {
  /** The unionId of the operator. Required. */
  unionId: CreateSpaceQuery['unionId'];
  /** The space to create; every field is optional (scene "default", sceneId "0", ownerType USER). */
  option?: CreateSpaceRequest['option'];
}

export interface CallOptions {
  /** Aborts the call at once, also between attempts; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout for this call. */
  timeoutMs?: number;
}

export interface StorageClient {
  /**
   * Creates a storage space, or returns the existing one for the same `scene` and `sceneId` (so a retried
   * create never makes a second space). Resolves to `{ space }`; throws a StorageError on every failure.
   */
  createSpace(input: CreateSpaceInput, options?: CallOptions): Promise<CreateSpaceResponse>;
  /** The openapi-fetch client, with the same auth, timeout and retry behaviour. */
  raw: Client<paths>;
}

const PATH = '/v1.0/storage/spaces';

// tsdown's CommonJS build of a "type": "module" package hands back openapi-fetch's whole exports object as
// the default import (rolldown/rolldown#10800); unwrap it there. In ESM it is the function itself.
const createClient: typeof openapiFetch =
  (openapiFetch as unknown as { default?: typeof openapiFetch }).default ?? openapiFetch;

export function createStorageClient(options: StorageClientOptions): StorageClient {
  const resolved = resolveOptions(options);
  const send = createTransport(resolved);
  const raw = createClient<paths>({
    baseUrl: resolved.baseUrl,
    headers: resolved.headers,
    fetch: (request: Request) => send(request),
  });
  for (const middleware of resolved.middleware) raw.use(middleware);

  async function createSpace(
    input: CreateSpaceInput,
    callOptions: CallOptions = {},
  ): Promise<CreateSpaceResponse> {
    const unionId = input?.unionId;
    if (typeof unionId !== 'string' || unionId.trim() === '') {
      throw new StorageValidationError(
        'unionId',
        "the operator's unionId, a non-empty string",
        describe(unionId),
      );
    }
    const timeoutMs =
      callOptions.timeoutMs === undefined ? undefined : checkTimeout('timeoutMs', callOptions.timeoutMs);
    const state = newCallState();
    // Without middleware nothing else reads the exchange, so the transport may skip re-reading the request
    // and re-wrapping the answer (see CallState.direct).
    const direct: CallState['direct'] = resolved.middleware.length === 0 ? { body: '' } : undefined;
    if (direct) state.direct = direct;
    const { data, error, response } = await raw.POST(PATH, {
      params: { query: { unionId } },
      body: input.option === undefined ? {} : { option: input.option },
      // On the fast path the 2xx text is in `direct`: 'stream' keeps openapi-fetch from reading the consumed
      // body (the cast only keeps the result's type; `data` is not used then).
      parseAs: (direct ? 'stream' : 'text') as 'text',
      ...(direct ? { bodySerializer: (value: unknown) => (direct.body = JSON.stringify(value)) } : {}),
      ...(callOptions.signal ? { signal: callOptions.signal } : {}),
      // The caller's signal is passed on directly: a Request's signal stops following it once the Request
      // object is garbage-collected (undici), which can happen mid-call.
      fetch: (request: Request) =>
        send(request, { state, signal: callOptions.signal, ...(timeoutMs ? { timeoutMs } : {}) }),
    });
    if (response.ok) return parseSuccess(direct ? direct.text : data, response, state);
    throw apiError(error, response, state);
  }

  return { createSpace, raw };
}

function parseSuccess(text: string | undefined, response: Response, state: CallState): CreateSpaceResponse {
  let body: unknown;
  try {
    body = JSON.parse(text ?? '');
  } catch {
    throw invalidSuccess(
      `a body that is not JSON: "${excerpt(text ?? '', state.tokens)}"`,
      text,
      response,
      state,
    );
  }
  const space = (body as { space?: unknown } | null)?.space;
  if (typeof space !== 'object' || space === null || Array.isArray(space)) {
    throw invalidSuccess('JSON without a `space` object', redactValue(body, state.tokens), response, state);
  }
  return body as CreateSpaceResponse;
}

function invalidSuccess(what: string, body: unknown, response: Response, state: CallState): StorageApiError {
  return new StorageApiError({
    status: response.status,
    code: 'invalidResponseBody',
    serverMessage: `DingTalk answered HTTP ${response.status} with ${what}`,
    requestId: response.headers.get(REQUEST_ID_HEADER) ?? undefined,
    retryable: false,
    attempts: state.attempts,
    body: typeof body === 'string' ? excerpt(body, state.tokens) : body,
  });
}

/** A StorageApiError from an error response: DingTalk's `{ code, message, requestid }`, or whatever came. */
function apiError(body: unknown, response: Response, state: CallState): StorageApiError {
  const dingtalk = body as { code?: unknown; message?: unknown; requestid?: unknown } | null;
  const headerRequestId = response.headers.get(REQUEST_ID_HEADER) ?? undefined;
  if (dingtalk && typeof dingtalk === 'object' && typeof dingtalk.code === 'string') {
    const redacted = redactValue(dingtalk, state.tokens) as {
      code: string;
      message?: unknown;
      requestid?: unknown;
    };
    return new StorageApiError({
      status: response.status,
      code: dingtalk.code,
      serverMessage: typeof redacted.message === 'string' ? redacted.message : 'DingTalk returned an error',
      requestId: typeof dingtalk.requestid === 'string' ? dingtalk.requestid : headerRequestId,
      retryable: isRetryableResponse(response.status, dingtalk.code),
      attempts: state.attempts,
      body: redacted,
    });
  }
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const shown = excerpt(text, state.tokens);
  return new StorageApiError({
    status: response.status,
    code: 'unexpectedErrorBody',
    serverMessage: `HTTP ${response.status} ${response.statusText} with ${shown ? `a body that is not a DingTalk error: "${shown}"` : 'an empty body'}`,
    requestId: headerRequestId,
    retryable: isRetryableResponse(response.status, undefined),
    attempts: state.attempts,
    body: shown,
  });
}

function describe(value: unknown): string {
  if (value === '') return 'an empty string';
  if (typeof value === 'string') return 'a blank string';
  return value === null ? 'null' : typeof value;
}
