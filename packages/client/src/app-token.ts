// createAppTokenProvider: sign in with an app's appKey and appSecret. The token comes from DingTalk's token
// endpoint (the spec's getAccessToken, called through the same client and transport: timeouts, retries,
// redirects refused, size caps) and is cached by createTokenCache. The appSecret is a secret exactly like
// the token: redacted from every error and retry event, and never quoted in a validation message.
import { createStorageClient } from './client.js';
import { check, StorageValidationError } from './errors.js';
import type { StorageClientOptions } from './options.js';
import { type AccessTokenProvider, createTokenCache, type TokenCacheOptions } from './token.js';

export interface AppTokenProviderOptions
  extends TokenCacheOptions,
    Pick<StorageClientOptions, 'baseUrl' | 'fetch' | 'timeoutMs' | 'retry' | 'allowInsecureHttp'> {
  /** The app's AppKey. */
  appKey: string;
  /** The app's AppSecret: redacted wherever it could show. */
  appSecret: string;
}

export function createAppTokenProvider(options: AppTokenProviderOptions): AccessTokenProvider {
  check(typeof options === 'object' && options !== null, 'options', 'an object with { appKey, appSecret }');
  const { appKey, appSecret, refreshMarginMs, ...transport } = options;
  check(
    typeof appKey === 'string' && appKey.trim() !== '',
    'appKey',
    "the app's AppKey, a non-empty string",
    appKey,
  );
  if (typeof appSecret !== 'string' || appSecret.trim() === '') {
    // Described, never quoted: it is a secret even when it is wrong.
    throw new StorageValidationError(
      'appSecret',
      "the app's AppSecret, a non-empty string",
      typeof appSecret,
    );
  }
  // The token endpoint takes no token (`security: []`); this provider is never called.
  const client = createStorageClient({
    ...transport,
    accessToken: () => '',
    secrets: [appSecret],
  });
  return createTokenCache(
    ({ signal }) => client.getAccessToken({ appKey, appSecret }, { signal }),
    refreshMarginMs === undefined ? {} : { refreshMarginMs },
  );
}
