// The fetch that openapi-fetch calls: adds the access token, gives each attempt its own timeout (headers and
// body), retries transient failures with backoff, and refreshes the token once on InvalidAuthentication.
// It never follows a redirect and never buffers more than `maxResponseBytes`. It returns the last answer,
// buffered, so openapi-fetch (and raw callers) see a plain Response.
import { ACCESS_TOKEN_HEADER } from './constants.js';
import {
  apiError,
  StorageApiError,
  StorageError,
  StorageNetworkError,
  StorageTimeoutError,
} from './errors.js';
import type { ResolvedOptions } from './options.js';
import { BodyTooLarge, readBody } from './read-body.js';
import { redactValue } from './redact.js';
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
  maxResponseBytes,
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
    if (typeof accessToken === 'string') state.tokens.add(accessToken);
    // Read once: every attempt sends the same bytes.
    const body = state.direct ? state.direct.body : request.body ? await request.arrayBuffer() : undefined;
    let forceRefresh = false;
    let refreshed = false;
    for (let retry = 0; ; retry++) {
      const token = await resolveToken(accessToken, forceRefresh, signal, timeoutMs, state.attempts);
      state.tokens.add(token);
      const headers = new Headers(request.headers);
      headers.set(ACCESS_TOKEN_HEADER, token);
      const attempt = ++state.attempts;
      let response: Response | undefined;
      let failure: StorageError | undefined;
      try {
        response = await attemptOnce(
          fetch(),
          request.url,
          { method: request.method, headers, body },
          signal,
          timeoutMs,
          maxResponseBytes,
          state,
        );
        if (response.ok) return response;
      } catch (error) {
        // The caller's abort reason, or an answer that must not be retried (a redirect, a huge body).
        if (!(error instanceof StorageError) || error instanceof StorageApiError) throw error;
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
        ...(code ? { code: redactValue(code, state.tokens) } : {}),
      });
      await sleep(delayMs, signal);
    }
  };
}

/**
 * One HTTP exchange under its own timeout, redirects refused and the body read up to `maxBytes`; throws a
 * StorageNetworkError, StorageTimeoutError, StorageApiError (redirect, body too large) or the caller's
 * abort reason.
 */
async function attemptOnce(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  callerSignal: AbortSignal,
  timeoutMs: number,
  maxBytes: number,
  state: CallState,
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
    // `manual`: a redirect would carry the token header to wherever it points.
    const response = await fetchImpl(url, { ...init, redirect: 'manual', signal: controller.signal });
    phase = 'body';
    if (isRedirect(response)) throw await redirectError(response, url, state);
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = await readBody(response, maxBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      throw apiError(
        response,
        state.tokens,
        state.attempts,
        'responseTooLarge',
        `DingTalk answered HTTP ${response.status} with a body over ${maxBytes} bytes; the client stopped reading it. Raise \`maxResponseBytes\` if the answer is expected to be that large.`,
        undefined,
      );
    }
    if (state.direct && response.ok) {
      state.direct.text = new TextDecoder().decode(bytes);
      return response;
    }
    // An empty body becomes a null one, which a 204 or 304 requires.
    return new Response(bytes.byteLength ? bytes : null, response);
  } catch (error) {
    if (callerSignal.aborted) throw callerSignal.reason;
    if (error instanceof StorageApiError) throw error;
    if (timedOut) throw new StorageTimeoutError(timeoutMs, phase, state.attempts);
    const cause =
      (error as { cause?: { code?: unknown } })?.cause?.code ?? (error as Error)?.message ?? error;
    throw new StorageNetworkError(
      redactValue(
        `Attempt ${state.attempts} failed without an HTTP answer (${cause}). Check the network and baseUrl.`,
        state.tokens,
      ),
      error,
      state.attempts,
    );
  } finally {
    clearTimeout(timer);
    callerSignal.removeEventListener('abort', onCallerAbort);
  }
}

/** A 3xx, or what a browser hands back for one under `redirect: 'manual'` (type opaqueredirect, status 0). */
const isRedirect = (response: Response) =>
  response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);

async function redirectError(response: Response, url: string, state: CallState): Promise<StorageApiError> {
  await response.body?.cancel();
  let target = 'a target the browser does not reveal';
  const location = response.headers.get('location');
  if (location !== null) {
    try {
      // The origin only: a query could carry anything, the token included.
      target = new URL(location, url).origin;
    } catch {
      target = 'an unreadable location';
    }
  }
  return apiError(
    response,
    state.tokens,
    state.attempts,
    'unexpectedRedirect',
    `DingTalk answered HTTP ${response.status}, a redirect to ${target}. DingTalk's API does not redirect, so the client did not follow it (the access token would have gone with it). Check baseUrl.`,
    undefined,
  );
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
