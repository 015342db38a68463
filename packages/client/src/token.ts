// Access tokens: a fixed string or a provider function, and createTokenCache, which turns DingTalk's
// token endpoint into a cached, single-flight provider. A provider runs under the call's signal and the
// attempt timeout, like the request it is for.
import { check, StorageTimeoutError, StorageValidationError } from './errors.js';

export interface TokenContext {
  /** True when DingTalk rejected the previous token (`InvalidAuthentication`): return a fresh one. */
  forceRefresh: boolean;
  /**
   * With `forceRefresh`: the token DingTalk rejected. A provider shared by concurrent calls can tell a
   * token already replaced (hand out the new one) from the one it still holds (fetch a fresh one).
   */
  rejectedToken?: string;
  /**
   * Aborted when the call is aborted or the provider runs past the attempt timeout: pass it to your own
   * fetch. The call does not wait for a provider after this fires, and sends no request.
   */
  signal: AbortSignal;
}

export type AccessTokenProvider = (context: TokenContext) => string | Promise<string>;

/** What DingTalk's OAuth endpoint answers: the token and its lifetime in seconds (7200). */
export interface FetchedToken {
  accessToken: string;
  expireIn: number;
}

export interface TokenCacheOptions {
  /**
   * Refresh this long before the token expires, but at most half its lifetime (so a short-lived token is
   * still used for half its life). Default 300_000 (5 minutes).
   */
  refreshMarginMs?: number;
}

/** The default `refreshMarginMs`: 5 minutes of DingTalk's 2-hour tokens. */
export const DEFAULT_REFRESH_MARGIN_MS = 300_000;

// What an HTTP header value can carry unchanged: visible ASCII. Headers would strip surrounding spaces,
// and refuse CR, LF and NUL with a TypeError that quotes the whole value.
const SENDABLE_TOKEN = /^[\x21-\x7e]+$/;

/** Refuses a token that cannot be sent as it is, describing it without ever quoting it. */
export function checkToken(token: unknown, expected: string): asserts token is string {
  if (typeof token === 'string' && SENDABLE_TOKEN.test(token)) return;
  const received =
    typeof token !== 'string'
      ? typeof token
      : token.trim() === ''
        ? 'an empty or blank string'
        : 'a string with spaces, control or non-ASCII characters';
  throw new StorageValidationError(
    'accessToken',
    `${expected} of visible ASCII characters (no spaces, line breaks or control characters)`,
    received,
  );
}

/**
 * The token for one attempt. A provider gets a signal that aborts with the caller's signal or after
 * `timeoutMs`; the wait ends then too, whether or not the provider listens.
 */
export async function resolveToken(
  accessToken: string | AccessTokenProvider,
  rejectedToken: string | undefined,
  callerSignal: AbortSignal,
  timeoutMs: number,
  attempts: number,
): Promise<string> {
  if (typeof accessToken === 'string') return accessToken; // checked when the client was created
  callerSignal.throwIfAborted();
  const controller = new AbortController();
  const { signal } = controller;
  const onCallerAbort = () => controller.abort(callerSignal.reason);
  callerSignal.addEventListener('abort', onCallerAbort);
  const timer = setTimeout(
    () => controller.abort(new StorageTimeoutError(timeoutMs, 'token', attempts)),
    timeoutMs,
  );
  try {
    const token = await new Promise<unknown>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason));
      Promise.resolve()
        .then(() =>
          accessToken({
            forceRefresh: rejectedToken !== undefined,
            ...(rejectedToken !== undefined && { rejectedToken }),
            signal,
          }),
        )
        .then(resolve, reject);
    });
    checkToken(token, 'the provider to return a string');
    return token;
  } finally {
    clearTimeout(timer);
    callerSignal.removeEventListener('abort', onCallerAbort);
  }
}

/**
 * Wraps `fetchToken` into an `accessToken` provider that caches the token until `refreshMarginMs` (at most
 * half its lifetime) before it expires, shares one fetch between concurrent callers, refetches on `forceRefresh` (once: callers whose
 * `rejectedToken` was already replaced get the new token), and never caches a
 * failed fetch. When every caller waiting for a fetch has given up (aborted or timed out), the fetch is
 * aborted through its `signal` and dropped, so a hung fetch never blocks the calls after it.
 */
export function createTokenCache(
  fetchToken: (context: { signal: AbortSignal }) => Promise<FetchedToken>,
  { refreshMarginMs = DEFAULT_REFRESH_MARGIN_MS }: TokenCacheOptions = {},
): (context?: Partial<TokenContext>) => string | Promise<string> {
  check(typeof fetchToken === 'function', 'fetchToken', 'a function returning { accessToken, expireIn }');
  check(
    Number.isFinite(refreshMarginMs) && refreshMarginMs >= 0,
    'refreshMarginMs',
    'a number of milliseconds >= 0',
    refreshMarginMs,
  );
  let token: string | undefined;
  let refreshAt = 0;
  let inflight: { promise: Promise<string>; controller: AbortController; waiting: number } | undefined;

  const refresh = async (signal: AbortSignal): Promise<string> => {
    const { accessToken, expireIn } = (await fetchToken({ signal })) ?? {};
    checkToken(accessToken, 'fetchToken() to resolve to an accessToken string');
    check(
      Number.isFinite(expireIn) && expireIn > 0,
      'expireIn',
      'fetchToken() to resolve to a positive expireIn (seconds)',
      expireIn,
    );
    // A fetch that every caller gave up on does not overwrite what a newer fetch brought.
    if (!signal.aborted) {
      // A margin as long as the lifetime would refetch on every call (a 60 s token, a 5 min margin).
      const lifetimeMs = expireIn * 1_000;
      refreshAt = Date.now() + lifetimeMs - Math.min(refreshMarginMs, lifetimeMs / 2);
      token = accessToken;
    }
    return accessToken;
  };

  return ({ forceRefresh, rejectedToken, signal } = {}) => {
    if (forceRefresh && (rejectedToken === undefined || rejectedToken === token)) token = undefined;
    if (token && Date.now() < refreshAt) return token;
    if (!inflight) {
      const controller = new AbortController();
      const entry = {
        controller,
        waiting: 0,
        promise: refresh(controller.signal).finally(() => {
          if (inflight === entry) inflight = undefined;
        }),
      };
      inflight = entry;
    }
    const entry = inflight;
    entry.waiting++;
    let left = false;
    const leave = () => {
      left = true;
      if (--entry.waiting > 0) return;
      entry.controller.abort(signal?.reason);
      if (inflight === entry) inflight = undefined;
    };
    signal?.addEventListener('abort', leave, { once: true });
    return entry.promise.finally(() => {
      signal?.removeEventListener('abort', leave);
      if (!left) entry.waiting--;
    });
  };
}
