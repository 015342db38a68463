// createStorageClient: openapi-fetch over the generated `paths`, with the transport's auth, timeouts and
// retries, and createSpace, which resolves to the typed body or throws a typed error.
import type {
  CreateSpaceQuery,
  CreateSpaceRequest,
  CreateSpaceResponse,
  paths,
} from '@dingtalk-storage/types';
import openapiFetch, { type Client } from 'openapi-fetch';
import { apiError, check, type StorageApiError, StorageValidationError } from './errors.js';
import { checkTimeout, resolveOptions, type StorageClientOptions } from './options.js';
import { excerpt } from './redact.js';
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
    { signal, timeoutMs }: CallOptions = {},
  ): Promise<CreateSpaceResponse> {
    const unionId = input?.unionId;
    check(
      typeof unionId === 'string' && unionId.trim() !== '',
      'unionId',
      "the operator's unionId, a non-empty string",
      unionId,
    );
    if (timeoutMs !== undefined) checkTimeout('timeoutMs', timeoutMs);
    const body = input.option === undefined ? {} : { option: input.option };
    const text = serialize(body);
    const state = newCallState();
    // Without middleware nothing else reads the exchange, so the transport may skip re-reading the request
    // and re-wrapping the answer (see CallState.direct).
    const direct: CallState['direct'] = resolved.middleware.length ? undefined : { body: text };
    state.direct = direct;
    const { data, error, response } = await raw.POST(PATH, {
      params: { query: { unionId } },
      body,
      // On the fast path the 2xx text is in `direct`: 'stream' keeps openapi-fetch from reading the consumed
      // body (the cast only keeps the result's type; `data` is not used then).
      parseAs: (direct ? 'stream' : 'text') as 'text',
      bodySerializer: () => text,
      ...(signal && { signal }),
      // The caller's signal is passed on directly: a Request's signal stops following it once the Request
      // object is garbage-collected (undici), which can happen mid-call.
      fetch: (request: Request) => send(request, { state, signal, timeoutMs }),
    });
    if (response.ok) return spaceFrom((direct ? direct.text : data) ?? '', response, state);
    throw errorFrom(error, response, state);
  }

  return { createSpace, raw };
}

/** The JSON body; a BigInt or a circular reference is a validation error instead of a raw TypeError. */
function serialize(body: { option?: unknown }): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new StorageValidationError(
      'option',
      'JSON data: numbers (not BigInt), strings, booleans, plain objects, no circular references',
      (error as Error).message,
    );
  }
}

/** The `{ space }` of a 2xx answer; a body that is not JSON or has no `space` object is an error. */
function spaceFrom(text: string, response: Response, state: CallState): CreateSpaceResponse {
  const answered = `DingTalk answered HTTP ${response.status} with`;
  let body: { space?: unknown } | null;
  try {
    body = JSON.parse(text);
  } catch {
    const shown = excerpt(text, state.tokens);
    throw apiError(
      response,
      state.tokens,
      state.attempts,
      'invalidResponseBody',
      `${answered} a body that is not JSON: "${shown}"`,
      shown,
    );
  }
  const space = body?.space;
  if (space && typeof space === 'object' && !Array.isArray(space)) return body as CreateSpaceResponse;
  throw apiError(
    response,
    state.tokens,
    state.attempts,
    'invalidResponseBody',
    `${answered} JSON without a \`space\` object`,
    body,
  );
}

/** The error of a non-2xx answer, which openapi-fetch hands over parsed when it is JSON, else as text. */
function errorFrom(error: unknown, response: Response, state: CallState): StorageApiError {
  const { status, statusText } = response;
  const body = error as { code?: unknown; message?: unknown } | string | undefined;
  if (typeof body === 'object' && typeof body?.code === 'string') {
    // DingTalk's `{ code, message, requestid }`.
    const message = typeof body.message === 'string' ? body.message : 'DingTalk returned an error';
    return apiError(
      response,
      state.tokens,
      state.attempts,
      body.code,
      message,
      body,
      isRetryableResponse(status, body.code),
    );
  }
  const shown = excerpt(typeof body === 'string' ? body : (JSON.stringify(body) ?? ''), state.tokens);
  const what = shown ? `a body that is not a DingTalk error: "${shown}"` : 'an empty body';
  const message = `HTTP ${status} ${statusText} with ${what}`;
  return apiError(
    response,
    state.tokens,
    state.attempts,
    'unexpectedErrorBody',
    message,
    shown,
    isRetryableResponse(status, undefined),
  );
}
