// createStorageClient: one method per operation of the spec, from the generated operation table, all
// through one generic call path (inputs checked, the request built, the answer typed or a typed error),
// and `raw`, openapi-fetch over the generated `paths`, on the same transport.
import type { OperationInput, OperationOutput, paths } from '@dingtalk-storage/types';
import openapiFetch, { type Client } from 'openapi-fetch';
import { keepWire } from './client-wire.js';
import { apiError, check, StorageValidationError } from './errors.js';
import type { StorageOperations } from './generated/methods.js';
import { OPERATIONS } from './generated/operations.js';
import type { OperationSpec } from './operation-spec.js';
import { checkTimeout, resolveOptions, type StorageClientOptions } from './options.js';
import { type Paginated, type PaginatedOperationId, paginate } from './paginate.js';
import { fillPath, pathParamNames, pathParamsGuard } from './path-params.js';
import { textOf } from './read-body.js';
import { excerpt } from './redact.js';
import { isRetryableResponse } from './retry.js';
import {
  type AsyncOperationId,
  type PollTask,
  TASK_STATUS_OPERATION,
  type Task,
  type WaitForTaskOptions,
  waitForTask,
  waitForTasks,
} from './tasks.js';
import { type CallState, createTransport, newCallState, type SendOptions } from './transport.js';
import { urlTexts } from './url-inputs.js';
import type { AnswerHead } from './wire.js';

export interface CallOptions {
  /** Aborts the call at once, also between attempts; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout for this call. */
  timeoutMs?: number;
}

/** Every method of the spec (generated: src/generated/methods.ts), and `raw`. */
export interface StorageClient extends StorageOperations {
  /** The openapi-fetch client, with the same auth, timeout, redirect and size policies. */
  raw: Client<paths>;
  /**
   * Every item of a list operation (one the spec marks `x-pagination`), page after page:
   * `for await (const dentry of storage.paginate('listDentries', input))`. `.pages()` yields the whole
   * answers. Starts at the input's cursor, if any, keeps its page size; `options` apply to each page's call.
   */
  paginate<K extends PaginatedOperationId>(
    operationId: K,
    input: OperationInput<K>,
    options?: CallOptions,
  ): Paginated<K>;
  /**
   * Polls the task (the operation the spec marks `x-task-status`), with backoff, until it is SUCCESS
   * (resolves to it) or FAIL (a StorageTaskError);
   * a StorageTimeoutError (phase `'task'`) when `timeoutMs` (the whole wait) passes first.
   */
  waitForTask(taskId: string, options: WaitForTaskOptions): Promise<Task>;
  /**
   * Waits for the tasks of an answer that may be async (an operation the spec marks `x-async`): the
   * answer's own (`{ async: true, taskId }`) or each async item's of a batch (`resultItems`), in order,
   * within one deadline. Resolves to the finished tasks: none when nothing was async.
   */
  waitForTasks<K extends AsyncOperationId>(
    operationId: K,
    answer: OperationOutput<K>,
    options: WaitForTaskOptions,
  ): Promise<Task[]>;
}

// Methods whose repetition has the effect of one call (RFC 9110 §9.2.2): retried like any transient
// failure. A POST is retried only when the spec marks it `x-idempotent`.
const IDEMPOTENT_METHODS = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'];
const notRetried = (method: string, what: string) =>
  IDEMPOTENT_METHODS.includes(method)
    ? undefined
    : ` Not retried: ${what} is not marked idempotent in the spec (x-idempotent), so another attempt could repeat its effect.`;

// tsdown's CommonJS build of a "type": "module" package hands back openapi-fetch's whole exports object as
// the default import (rolldown/rolldown#10800); unwrap it there. In ESM it is the function itself.
const createClient: typeof openapiFetch =
  (openapiFetch as unknown as { default?: typeof openapiFetch }).default ?? openapiFetch;

export function createStorageClient(options: StorageClientOptions): StorageClient {
  const resolved = resolveOptions(options);
  const send = createTransport(resolved);
  const { baseUrl, middleware, secrets } = resolved;
  // raw, and every call when middleware is set (so the middleware sees it): Request in, Response out.
  const viaRequest = async (request: Request, sendOptions: SendOptions) => {
    const body = request.body ? await request.arrayBuffer() : undefined;
    const { response, bytes } = await send(
      { url: request.url, method: request.method, headers: request.headers, body },
      sendOptions,
    );
    // An empty body becomes a null one, which a 204 or 304 requires.
    return new Response(bytes.byteLength ? bytes : null, response);
  };
  const raw = createClient<paths>({
    baseUrl,
    headers: resolved.headers,
    fetch: (request: Request) =>
      viaRequest(request, {
        state: newCallState(secrets),
        signal: request.signal,
        notRetried: notRetried(request.method, `raw ${request.method} ${new URL(request.url).pathname}`),
      }),
  });
  // First, so that no request with a path parameter that would not stay one segment goes anywhere.
  raw.use(pathParamsGuard);
  for (const m of middleware) raw.use(m);

  /** The one call path of every operation; `note` says why it is not retried, when it is not. */
  async function call(
    operationId: string,
    spec: OperationSpec,
    note: string | undefined,
    input: Record<string, unknown> | undefined,
    { signal, timeoutMs }: CallOptions = {},
  ): Promise<unknown> {
    const values = input ?? {};
    // Path parameters are always required; a query parameter when the spec says so.
    const texts = (name: string, required?: boolean) =>
      urlTexts(name, values[name], spec.kinds?.[name], required ? operationId : undefined);
    const path = fillPath(spec.path, values, operationId, (name) => texts(name, true)?.[0] ?? '');
    const search = spec.query
      .flatMap((name) => (texts(name, spec.required.includes(name)) ?? []).map((text) => `${name}=${text}`))
      .join('&');
    for (const name of spec.body ?? []) {
      const value = values[name];
      check(
        value !== undefined || !spec.required.includes(name),
        name,
        `a value (${operationId} requires it)`,
        value,
      );
    }
    if (timeoutMs !== undefined) checkTimeout('timeoutMs', timeoutMs);
    const pick = (names: readonly string[]) =>
      Object.fromEntries(names.filter((n) => values[n] !== undefined).map((n) => [n, values[n]]));
    const body = spec.body && pick(spec.body);
    const text = body && serialize(body);
    const state = newCallState(secrets);
    const sendOptions = {
      anonymous: spec.anonymous,
      state,
      signal,
      timeoutMs,
      notRetried: note,
    };
    let response: AnswerHead;
    let answerText: string;
    if (middleware.length) {
      // Through openapi-fetch, so that its middleware sees the call, on the same transport.
      const result = await raw.request(
        spec.method.toLowerCase() as 'get',
        spec.path as never,
        {
          // The values as given, for the middleware to see; the URL exactly as without middleware.
          params: { path: pick(pathParamNames(spec.path)), query: pick(spec.query) },
          pathSerializer: () => `${baseUrl}${path}`,
          querySerializer: () => search,
          ...(text !== undefined && { body, bodySerializer: () => text }),
          parseAs: 'text',
          ...(signal && { signal }),
          fetch: (request: Request) => viaRequest(request, sendOptions),
        } as never,
      );
      const { data, error } = result as { data?: string; error?: unknown };
      response = result.response;
      answerText = response.ok
        ? (data ?? '')
        : typeof error === 'string'
          ? error
          : (JSON.stringify(error) ?? '');
    } else {
      const answer = await send(
        {
          url: `${baseUrl}${path}${search && `?${search}`}`,
          method: spec.method,
          headers:
            text === undefined
              ? resolved.headers
              : { ...resolved.headers, 'content-type': 'application/json' },
          body: text,
        },
        sendOptions,
      );
      response = answer.response;
      answerText = textOf(answer.bytes);
    }
    if (response.ok) return resultFrom(answerText, response, spec.result ?? [], state);
    throw errorFrom(answerText, response, state, note);
  }

  // The task helpers poll, through the client's own method (the same policies as every call), the operation
  // the spec marks `x-task-status`.
  const pollTask: PollTask = (input, options) => {
    const poll =
      TASK_STATUS_OPERATION &&
      (client as unknown as Record<string, PollTask | undefined>)[TASK_STATUS_OPERATION];
    check(
      !!poll,
      'waitForTask',
      'an operation marked x-task-status in the spec to poll (this build has none)',
    );
    return poll(input, options);
  };
  const client = {
    raw,
    paginate: (operationId: string, input: never, options?: CallOptions) =>
      paginate(client as never, operationId, input, options),
    waitForTask: (taskId: string, options: WaitForTaskOptions) => waitForTask(pollTask, taskId, options),
    waitForTasks: (operationId: string, answer: never, options: WaitForTaskOptions) =>
      waitForTasks(pollTask, operationId, answer, options),
  } as StorageClient;
  keepWire(client, resolved.wire);
  for (const [operationId, spec] of Object.entries(OPERATIONS) as [string, OperationSpec][]) {
    const note = spec.idempotent ? undefined : notRetried(spec.method, `${operationId} (${spec.method})`);
    (client as unknown as Record<string, unknown>)[operationId] = (input: never, callOptions?: CallOptions) =>
      call(operationId, spec, note, input, callOptions);
  }
  return client;
}

/** The JSON body; a BigInt or a circular reference is a validation error instead of a raw TypeError. */
function serialize(body: Record<string, unknown>): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new StorageValidationError(
      Object.keys(body).join(', ') || 'body',
      'JSON data: numbers (not BigInt), strings, booleans, plain objects, no circular references',
      (error as Error).message,
    );
  }
}

/** A 2xx body: JSON, an object, with the properties the spec requires of it (e.g. `space`). */
function resultFrom(
  text: string,
  response: AnswerHead,
  required: readonly string[],
  state: CallState,
): unknown {
  const answered = `DingTalk answered HTTP ${response.status} with`;
  let body: Record<string, unknown> | null;
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
  const missing = required.find((name) => {
    const value = body?.[name];
    return !value || typeof value !== 'object' || Array.isArray(value);
  });
  if (body && typeof body === 'object' && missing === undefined) return body;
  throw apiError(
    response,
    state.tokens,
    state.attempts,
    'invalidResponseBody',
    `${answered} JSON without a \`${missing ?? 'JSON object'}\` object`,
    body,
  );
}

/** The error of a non-2xx answer: DingTalk's `{ code, message, requestid }`, or whatever else came. */
function errorFrom(text: string, response: AnswerHead, state: CallState, note = '') {
  const { status, statusText } = response;
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  const dingtalk = body as { code?: unknown; message?: unknown } | null;
  if (typeof dingtalk === 'object' && typeof dingtalk?.code === 'string') {
    const retryable = isRetryableResponse(status, dingtalk.code);
    const message = typeof dingtalk.message === 'string' ? dingtalk.message : 'DingTalk returned an error';
    return apiError(
      response,
      state.tokens,
      state.attempts,
      dingtalk.code,
      excerpt(message, state.tokens) + (retryable ? note : ''),
      body,
      retryable,
    );
  }
  const shown = excerpt(text, state.tokens);
  const what = shown ? `a body that is not a DingTalk error: "${shown}"` : 'an empty body';
  const retryable = isRetryableResponse(status, undefined);
  return apiError(
    response,
    state.tokens,
    state.attempts,
    'unexpectedErrorBody',
    `HTTP ${status} ${statusText} with ${what}${retryable ? note : ''}`,
    shown,
    retryable,
  );
}
