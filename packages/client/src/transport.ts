// The fetch that openapi-fetch calls: adds the access token, gives each attempt its own timeout (headers and
// body), retries transient failures with backoff, and refreshes the token once on InvalidAuthentication.
// It returns the last answer, buffered, so openapi-fetch (and raw callers) see a plain Response.
import { ACCESS_TOKEN_HEADER } from './constants.js';
import { StorageNetworkError, StorageTimeoutError } from './errors.js';
import type { ResolvedOptions } from './options.js';
import { isRateLimited, isRetryableResponse, parseRetryAfter, retryDelay } from './retry.js';
import { sleep } from './sleep.js';
import { resolveToken } from './token.js';

/** What one call learned, for the error it may throw: attempts made and tokens to redact. */
export interface CallState {
  attempts: number;
  tokens: Set<string>;
  /**
   * The fast path, when no middleware can see or change the exchange: the body as createSpace serialized
   * it (so the Request need not be read back), and the 2xx body text, read under the attempt's timeout
   * (so the answer need not be re-wrapped in a new Response for openapi-fetch to read again).
   */
  direct?: { body: string; text?: string };
}

export const newCallState = (): CallState => ({ attempts: 0, tokens: new Set() });

type Outcome = { response: Response } | { error: StorageNetworkError | StorageTimeoutError };

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function createTransport(options: ResolvedOptions) {
  return async function send(
    request: Request,
    {
      timeoutMs = options.timeoutMs,
      state = newCallState(),
      signal = request.signal,
    }: { timeoutMs?: number; state?: CallState; signal?: AbortSignal | undefined } = {},
  ): Promise<Response> {
    signal.throwIfAborted();
    // Read once: every attempt sends the same bytes.
    const body = state.direct
      ? state.direct.body
      : request.body === null
        ? undefined
        : await request.arrayBuffer();
    const policy = options.retry;
    const refreshable = typeof options.accessToken === 'function';
    let forceRefresh = false;
    let refreshed = false;
    let retry = 0;

    for (;;) {
      state.attempts += 1;
      const token = await resolveToken(options.accessToken, { forceRefresh });
      forceRefresh = false;
      state.tokens.add(token);
      const headers = new Headers(request.headers);
      headers.set(ACCESS_TOKEN_HEADER, token);
      const init = { method: request.method, headers, body, redirect: request.redirect };
      const outcome = await attemptOnce(
        options.fetch(),
        request.url,
        init,
        signal,
        timeoutMs,
        state.attempts,
        state.direct,
      );

      const response = 'response' in outcome ? outcome.response : undefined;
      if (response?.ok) return response;
      const code = response && (await errorCode(response));
      if (
        response &&
        refreshable &&
        !refreshed &&
        response.status === 400 &&
        code === 'InvalidAuthentication'
      ) {
        // One more attempt with a fresh token; it does not use up the retry budget.
        refreshed = forceRefresh = true;
        continue;
      }
      const retryable = response ? isRetryableResponse(response.status, code) : true;
      const budget = policy.maxAttempts + (refreshed ? 1 : 0);
      if (!retryable || state.attempts >= budget) {
        if (response) return response;
        throw (outcome as { error: Error }).error;
      }
      const delayMs = retryDelay(retry, policy, {
        retryAfterMs: parseRetryAfter(response?.headers.get('retry-after') ?? null),
        rateLimited: response !== undefined && isRateLimited(response.status, code),
      });
      policy.onRetry?.({
        attempt: state.attempts,
        delayMs,
        ...(response ? { status: response.status } : { error: (outcome as { error: Error }).error }),
        ...(code ? { code } : {}),
      });
      await sleep(delayMs, signal);
      retry += 1;
    }
  };
}

async function attemptOnce(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  callerSignal: AbortSignal,
  timeoutMs: number,
  attempt: number,
  direct: CallState['direct'],
): Promise<Outcome> {
  const controller = new AbortController();
  let phase: 'headers' | 'body' = 'headers';
  let timedOut = false;
  const onCallerAbort = () => controller.abort(callerSignal.reason);
  callerSignal.addEventListener('abort', onCallerAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    // The signal goes in the init, not in a Request: undici stops following a Request's signal once that
    // Request object is garbage-collected, and fetch does not keep it alive (seen on Node 20).
    const response = await fetchImpl(url, { ...init, signal: controller.signal });
    phase = 'body';
    if (direct && response.ok) {
      direct.text = await response.text();
      return { response };
    }
    const bytes = await response.arrayBuffer();
    const buffered = NULL_BODY_STATUSES.has(response.status) ? null : bytes;
    return {
      response: new Response(buffered, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      }),
    };
  } catch (error) {
    if (callerSignal.aborted) throw callerSignal.reason;
    if (timedOut) return { error: new StorageTimeoutError({ timeoutMs, phase, attempts: attempt }) };
    return {
      error: new StorageNetworkError(
        `Attempt ${attempt} failed without an HTTP answer (${describe(error)}). Check the network and baseUrl.`,
        { cause: error, attempts: attempt },
      ),
    };
  } finally {
    clearTimeout(timer);
    callerSignal.removeEventListener('abort', onCallerAbort);
  }
}

/** DingTalk's error code from a buffered error response, if it has one. */
async function errorCode(response: Response): Promise<string | undefined> {
  try {
    const body: unknown = await response.clone().json();
    const code = (body as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}
