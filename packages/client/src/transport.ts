// The fetch that openapi-fetch calls: adds the access token, gives each attempt its own timeout (headers and
// body), retries transient failures with backoff, and refreshes the token once on InvalidAuthentication.
// It returns the last answer, buffered, so openapi-fetch (and raw callers) see a plain Response.
import { ACCESS_TOKEN_HEADER } from './constants.js';
import { StorageError, StorageNetworkError, StorageTimeoutError } from './errors.js';
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

export function createTransport({
  accessToken,
  retry: policy,
  fetch,
  timeoutMs: defaultTimeoutMs,
}: ResolvedOptions) {
  return async function send(
    request: Request,
    {
      timeoutMs = defaultTimeoutMs,
      state = newCallState(),
      signal = request.signal,
    }: { timeoutMs?: number; state?: CallState; signal?: AbortSignal | undefined } = {},
  ): Promise<Response> {
    signal.throwIfAborted();
    // Read once: every attempt sends the same bytes.
    const body = state.direct ? state.direct.body : request.body ? await request.arrayBuffer() : undefined;
    let forceRefresh = false;
    let refreshed = false;
    for (let retry = 0; ; retry++) {
      const token = await resolveToken(accessToken, { forceRefresh });
      state.tokens.add(token);
      const headers = new Headers(request.headers);
      headers.set(ACCESS_TOKEN_HEADER, token);
      const attempt = ++state.attempts;
      let response: Response | undefined;
      let failure: StorageError | undefined;
      try {
        response = await attemptOnce(
          fetch(),
          request,
          { method: request.method, headers, body },
          signal,
          timeoutMs,
          attempt,
          state.direct,
        );
        if (response.ok) return response;
      } catch (error) {
        if (!(error instanceof StorageError)) throw error; // the caller's abort reason
        failure = error;
      }
      const code = response && (await errorCode(response));
      const status = response?.status ?? 0;
      forceRefresh =
        !refreshed && typeof accessToken === 'function' && status === 400 && code === 'InvalidAuthentication';
      if (forceRefresh) {
        // One more attempt with a fresh token; it does not use up the retry budget.
        refreshed = true;
        retry--;
        continue;
      }
      if ((response && !isRetryableResponse(status, code)) || retry + 1 >= policy.maxAttempts) {
        if (response) return response;
        throw failure;
      }
      const delayMs = retryDelay(retry, policy, {
        retryAfterMs: parseRetryAfter(response?.headers.get('retry-after') ?? null),
        rateLimited: isRateLimited(status, code),
      });
      policy.onRetry?.({
        attempt,
        delayMs,
        ...(response ? { status } : { error: failure }),
        ...(code ? { code } : {}),
      });
      await sleep(delayMs, signal);
    }
  };
}

/** One HTTP exchange under its own timeout; throws a StorageNetworkError, StorageTimeoutError or the caller's abort reason. */
async function attemptOnce(
  fetchImpl: typeof fetch,
  request: Request,
  init: RequestInit,
  callerSignal: AbortSignal,
  timeoutMs: number,
  attempt: number,
  direct: CallState['direct'],
): Promise<Response> {
  const controller = new AbortController();
  let phase: 'headers' | 'body' = 'headers';
  let timedOut = false;
  const onCallerAbort = () => controller.abort(callerSignal.reason);
  callerSignal.addEventListener('abort', onCallerAbort);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    // The signal goes in the init, not in a Request: undici stops following a Request's signal once that
    // Request object is garbage-collected, and fetch does not keep it alive (seen on Node 20).
    const response = await fetchImpl(request.url, {
      ...init,
      redirect: request.redirect,
      signal: controller.signal,
    });
    phase = 'body';
    if (direct && response.ok) {
      direct.text = await response.text();
      return response;
    }
    const bytes = await response.arrayBuffer();
    // An empty body becomes a null one, which a 204 or 304 requires.
    return new Response(bytes.byteLength ? bytes : null, response);
  } catch (error) {
    if (callerSignal.aborted) throw callerSignal.reason;
    if (timedOut) throw new StorageTimeoutError(timeoutMs, phase, attempt);
    const cause =
      (error as { cause?: { code?: unknown } })?.cause?.code ?? (error as Error)?.message ?? error;
    throw new StorageNetworkError(
      `Attempt ${attempt} failed without an HTTP answer (${cause}). Check the network and baseUrl.`,
      error,
      attempt,
    );
  } finally {
    clearTimeout(timer);
    callerSignal.removeEventListener('abort', onCallerAbort);
  }
}

/** DingTalk's error code from a buffered error response, if it has one. */
async function errorCode(response: Response): Promise<string | undefined> {
  const code = await response
    .clone()
    .json()
    .then(
      (body) => body?.code,
      () => undefined,
    );
  return typeof code === 'string' ? code : undefined;
}
