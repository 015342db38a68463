// Access tokens: a fixed string or a provider function, and createTokenCache, which turns DingTalk's
// token endpoint into a cached, single-flight provider.
import { check } from './errors.js';

export interface TokenContext {
  /** True when DingTalk rejected the previous token (`InvalidAuthentication`): return a fresh one. */
  forceRefresh: boolean;
}

export type AccessTokenProvider = (context: TokenContext) => string | Promise<string>;

/** What DingTalk's OAuth endpoint answers: the token and its lifetime in seconds (7200). */
export interface FetchedToken {
  accessToken: string;
  expireIn: number;
}

export interface TokenCacheOptions {
  /** Refresh this long before the token expires. Default 300_000 (5 minutes). */
  refreshMarginMs?: number;
}

export async function resolveToken(
  accessToken: string | AccessTokenProvider,
  context: TokenContext,
): Promise<string> {
  const token = typeof accessToken === 'function' ? await accessToken(context) : accessToken;
  check(
    typeof token === 'string' && token !== '',
    'accessToken',
    'the provider to return a non-empty string',
    token,
  );
  return token;
}

/**
 * Wraps `fetchToken` into an `accessToken` provider that caches the token until `refreshMarginMs` before it
 * expires, shares one fetch between concurrent callers, refetches on `forceRefresh`, and never caches a
 * failed fetch.
 */
export function createTokenCache(
  fetchToken: () => Promise<FetchedToken>,
  { refreshMarginMs = 300_000 }: TokenCacheOptions = {},
): AccessTokenProvider {
  check(typeof fetchToken === 'function', 'fetchToken', 'a function returning { accessToken, expireIn }');
  check(
    Number.isFinite(refreshMarginMs) && refreshMarginMs >= 0,
    'refreshMarginMs',
    'a number of milliseconds >= 0',
    refreshMarginMs,
  );
  let token: string | undefined;
  let refreshAt = 0;
  let inflight: Promise<string> | undefined;

  const refresh = async (): Promise<string> => {
    const { accessToken, expireIn } = (await fetchToken()) ?? {};
    check(
      typeof accessToken === 'string' && accessToken !== '',
      'accessToken',
      'fetchToken() to resolve to a non-empty accessToken string',
    );
    check(
      Number.isFinite(expireIn) && expireIn > 0,
      'expireIn',
      'fetchToken() to resolve to a positive expireIn (seconds)',
      expireIn,
    );
    refreshAt = Date.now() + expireIn * 1_000 - refreshMarginMs;
    token = accessToken;
    return token;
  };

  return ({ forceRefresh } = { forceRefresh: false }) => {
    if (forceRefresh) token = undefined;
    if (token && Date.now() < refreshAt) return token;
    inflight ??= refresh().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };
}
