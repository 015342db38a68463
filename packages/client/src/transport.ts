// One HTTP exchange as a call makes it: retries of transient failures with backoff where retrying is safe,
// around one token refresh on InvalidAuthentication, around one attempt (the access token, a timeout per
// attempt covering the token provider, the headers and the body). It never follows a redirect and never buffers more than
// `maxResponseBytes`. It takes `{ url, method, headers, body }` and returns the last answer, read whole.
import { ACCESS_TOKEN_HEADER } from './constants.js';
import {
  apiError,
  StorageApiError,
  type StorageError,
  StorageNetworkError,
  StorageTimeoutError,
} from './errors.js';
import type { ResolvedOptions } from './options.js';
import { BodyTooLarge, textOf } from './read-body.js';
import { redactValue } from './redact.js';
import { isRateLimited, isRetryableResponse, parseRetryAfter, retryDelay } from './retry.js';
import { sleep } from './sleep.js';
import { resolveToken } from './token.js';
import type { AnswerHead, Wire, WireRequest } from './wire.js';

/** What one call learned, for the error it may throw: attempts made and tokens to redact. */
export interface CallState {
  attempts: number;
  tokens: Set<string>;
}

/** A new call's state; `secrets` (e.g. an app secret) are redacted like the tokens it will use. */
export const newCallState = (secrets: readonly string[] = []): CallState => ({
  attempts: 0,
  tokens: new Set(secrets),
});

/** The request, as it goes on the wire (the token header is added per attempt). */
export interface Exchange {
  url: string;
  method: string;
  /** A Request's headers, or names and values (any case). */
  headers: Headers | Record<string, string>;
  body?: WireRequest['body'];
}

/** The answer: status and headers in `response`, the body (read whole) in `bytes`. */
export interface Answer {
  response: AnswerHead;
  bytes: Uint8Array<ArrayBuffer>;
}

export interface SendOptions {
  state?: CallState;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /**
   * Why this call must not be retried (a POST the spec does not mark idempotent); set, it makes one attempt
   * (plus the token refresh, which DingTalk refused before doing anything) and the note ends the message of
   * a transient failure, so the caller knows why it was not retried.
   */
  notRetried?: string | undefined;
  /** Send without the access token (an operation the spec gives `security: []`, the token endpoint). */
  anonymous?: boolean | undefined;
}

export function createTransport({
  accessToken,
  retry: policy,
  wire,
  timeoutMs: defaultTimeoutMs,
  maxResponseBytes,
}: ResolvedOptions) {
  return async function send(
    exchange: Exchange,
    { state = newCallState(), signal, timeoutMs = defaultTimeoutMs, notRetried, anonymous }: SendOptions = {},
  ): Promise<Answer> {
    signal?.throwIfAborted();
    // Made only where a wait needs one (a token provider, a retry's pause): most calls have no signal.
    const waitSignal = () => signal ?? new AbortController().signal;
    if (typeof accessToken === 'string') state.tokens.add(accessToken);
    const maxAttempts = notRetried === undefined ? policy.maxAttempts : 1;
    const note = notRetried !== undefined && policy.maxAttempts > 1 ? notRetried : '';

    let sentToken: string | undefined;
    /** One attempt with the current token, or a fresh one in place of `rejectedToken`. */
    const attempt = async (rejectedToken?: string): Promise<Answer> => {
      const headers = headerRecord(exchange.headers);
      if (!anonymous) {
        sentToken = await resolveToken(accessToken, rejectedToken, waitSignal(), timeoutMs, state.attempts);
        state.tokens.add(sentToken);
        headers[ACCESS_TOKEN_HEADER] = sentToken;
      }
      ++state.attempts;
      return attemptOnce(wire, { ...exchange, headers }, signal, timeoutMs, maxResponseBytes, state, note);
    };

    // The refresh: once per call, a provider is asked for a fresh token after DingTalk answered
    // InvalidAuthentication, and the request goes once more. It is outside the retry budget and safe for
    // every operation: DingTalk refused the call before doing anything.
    let refreshed = anonymous || typeof accessToken === 'string';
    const attemptWithRefresh = async (): Promise<Answer> => {
      const answer = await attempt();
      if (refreshed || answer.response.status !== 400 || errorCode(answer.bytes) !== 'InvalidAuthentication')
        return answer;
      refreshed = true;
      return attempt(sentToken);
    };

    for (let retry = 0; ; retry++) {
      let answer: Answer | undefined;
      let failure: StorageError | undefined;
      try {
        answer = await attemptWithRefresh();
        if (answer.response.ok) return answer;
      } catch (error) {
        // Only a lost or timed-out exchange is retried; not the caller's abort reason, an answer that must not
        // be retried (a redirect, a huge body), or the token provider's failure or timeout (it is the
        // provider's to retry).
        const transient =
          error instanceof StorageNetworkError ||
          (error instanceof StorageTimeoutError && error.phase !== 'token');
        if (!transient) throw error;
        failure = error;
      }
      const code = answer && errorCode(answer.bytes);
      const status = answer?.response.status ?? 0;
      if ((answer && !isRetryableResponse(status, code)) || retry + 1 >= maxAttempts) {
        if (answer) return answer;
        throw failure;
      }
      const delayMs = retryDelay(retry, policy, {
        retryAfterMs: parseRetryAfter(answer?.response.headers.get('retry-after') ?? null),
        rateLimited: isRateLimited(status, code),
      });
      policy.onRetry?.({
        attempt: state.attempts,
        delayMs,
        ...(answer ? { status } : { error: failure }),
        ...(code ? { code: redactValue(code, state.tokens) } : {}),
      });
      await sleep(delayMs, waitSignal());
    }
  };
}

/**
 * One HTTP exchange under its own timeout, redirects refused and the body read up to `maxBytes`; throws a
 * StorageNetworkError, StorageTimeoutError (`note` appended to either), StorageApiError (redirect, body too
 * large) or the caller's abort reason.
 */
async function attemptOnce(
  wire: Wire,
  request: WireRequest,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
  maxBytes: number,
  state: CallState,
  note: string,
): Promise<Answer> {
  const call = wire(request);
  let phase: 'headers' | 'body' = 'headers';
  let timedOut = false;
  const onCallerAbort = () => call.cancel(callerSignal?.reason);
  callerSignal?.addEventListener('abort', onCallerAbort);
  const timer = setTimeout(() => {
    timedOut = true;
    call.cancel();
  }, timeoutMs);
  try {
    const answer = await call.answer;
    const response = answer.head;
    phase = 'body';
    if (answer.hiddenRedirect || (response.status >= 300 && response.status < 400)) {
      await answer.discard().catch(() => {});
      throw redirectError(response, request.url, state);
    }
    try {
      return { response, bytes: await answer.read(maxBytes) };
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
  } catch (error) {
    if (callerSignal?.aborted) throw callerSignal.reason;
    if (error instanceof StorageApiError) throw error;
    if (timedOut) throw new StorageTimeoutError(timeoutMs, phase, state.attempts, note);
    // fetch (undici) puts the system's code in `cause`; node:http on the error itself.
    const failure = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown } | undefined;
    const cause = failure?.cause?.code ?? failure?.code ?? failure?.message ?? error;
    throw new StorageNetworkError(
      redactValue(
        `Attempt ${state.attempts} failed without an HTTP answer (${cause}). Check the network and baseUrl.${note}`,
        state.tokens,
      ),
      error,
      state.attempts,
    );
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}

/** A 3xx, or what a browser hands back for one under `redirect: 'manual'` (opaqueredirect, status 0). */
function redirectError(response: AnswerHead, url: string, state: CallState): StorageApiError {
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

/** The headers as lower-case names and values, as they go on the wire (a fresh object per attempt). */
function headerRecord(given: Headers | Record<string, string>): Record<string, string> {
  const record: Record<string, string> = {};
  if (given instanceof Headers) {
    given.forEach((value, name) => {
      record[name] = value;
    });
  } else {
    for (const name in given) record[name.toLowerCase()] = given[name] as string;
  }
  return record;
}

/** DingTalk's error code from an answer's body, if it is JSON with one. */
function errorCode(bytes: Uint8Array): string | undefined {
  try {
    const code = JSON.parse(textOf(bytes))?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
