// Access tokens: a fixed string or a provider function, and createTokenCache, which turns DingTalk's
// token endpoint into a cached, single-flight provider.
import { StorageValidationError } from './errors.js';

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
  if (typeof token !== 'string' || token === '') {
    throw new StorageValidationError(
      'accessToken',
      'the access token provider to return a non-empty string',
      token === '' ? 'an empty string' : typeof token,
    );
  }
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
  if (typeof fetchToken !== 'function') {
    throw new StorageValidationError('fetchToken', 'a function returning { accessToken, expireIn }');
  }
  if (!Number.isFinite(refreshMarginMs) || refreshMarginMs < 0) {
    throw new StorageValidationError(
      'refreshMarginMs',
      'a number of milliseconds >= 0',
      String(refreshMarginMs),
    );
  }
  let cached: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  const refresh = async (): Promise<string> => {
    const fetched = await fetchToken();
    if (typeof fetched?.accessToken !== 'string' || fetched.accessToken === '') {
      throw new StorageValidationError(
        'accessToken',
        'fetchToken() to resolve to a non-empty accessToken string',
      );
    }
    if (!Number.isFinite(fetched.expireIn) || fetched.expireIn <= 0) {
      throw new StorageValidationError(
        'expireIn',
        'fetchToken() to resolve to a positive expireIn (seconds)',
        String(fetched.expireIn),
      );
    }
    cached = {
      token: fetched.accessToken,
      refreshAt: Date.now() + fetched.expireIn * 1_000 - refreshMarginMs,
    };
    return fetched.accessToken;
  };

  return ({ forceRefresh } = { forceRefresh: false }) => {
    if (!forceRefresh && cached && Date.now() < cached.refreshAt) return cached.token;
    if (forceRefresh) cached = undefined;
    inflight ??= refresh().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };
}
