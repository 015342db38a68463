// The options of createStorageClient, checked once up front: a bad option is a StorageValidationError
// naming it, thrown before any request.
import type { Middleware } from 'openapi-fetch';
import { DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT, DINGTALK_INTL_BASE_URL } from './constants.js';
import { check } from './errors.js';
import { DEFAULT_RETRY, NO_RETRY, type RetryOptions, type RetryPolicy } from './retry.js';
import type { AccessTokenProvider } from './token.js';

export interface StorageClientOptions {
  /** The access token, or a provider called once per attempt (see createTokenCache). Required. */
  accessToken: string | AccessTokenProvider;
  /** Default DINGTALK_INTL_BASE_URL; use DINGTALK_CN_BASE_URL for mainland China. */
  baseUrl?: string;
  /** The fetch to use. Default: globalThis.fetch, read at call time. */
  fetch?: typeof fetch;
  /** Timeout of each attempt, headers and body included, in milliseconds. Default 10_000. */
  timeoutMs?: number;
  /** Retry policy, or false to make a single attempt. Default { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 }. */
  retry?: false | RetryOptions;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** The User-Agent header. Default 'dingtalk-storage-client/<version>'. */
  userAgent?: string;
  /** openapi-fetch middleware, applied to createSpace and raw calls alike. */
  middleware?: Middleware[];
  /** Allow a plain-http baseUrl that is not loopback. Default false: the token must not cross a network in clear. */
  allowInsecureHttp?: boolean;
}

export interface ResolvedOptions {
  accessToken: string | AccessTokenProvider;
  baseUrl: string;
  fetch: () => typeof fetch;
  timeoutMs: number;
  retry: RetryPolicy;
  headers: Record<string, string>;
  middleware: Middleware[];
}

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

export function resolveOptions(options: StorageClientOptions): ResolvedOptions {
  check(
    typeof options === 'object' && options !== null,
    'options',
    'an object with at least { accessToken }',
  );
  const { accessToken, fetch: userFetch, retry = {} } = options;
  check(
    typeof accessToken === 'function' || (typeof accessToken === 'string' && accessToken !== ''),
    'accessToken',
    'a non-empty string or a function returning one',
    accessToken,
  );
  check(userFetch === undefined || typeof userFetch === 'function', 'fetch', 'a fetch function', userFetch);
  check(
    retry === false || (typeof retry === 'object' && retry !== null),
    'retry',
    'false or { maxAttempts, baseDelayMs, maxDelayMs }',
    retry,
  );
  return {
    accessToken,
    baseUrl: checkBaseUrl(options.baseUrl ?? DINGTALK_INTL_BASE_URL, options.allowInsecureHttp === true),
    fetch: () => userFetch ?? globalThis.fetch,
    timeoutMs: checkTimeout('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    retry: retry ? checkRetry({ ...DEFAULT_RETRY, ...retry }) : NO_RETRY,
    headers: { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, ...options.headers },
    middleware: options.middleware ?? [],
  };
}

function checkBaseUrl(baseUrl: string, allowInsecureHttp: boolean): string {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {}
  check(url !== undefined, 'baseUrl', 'an absolute URL such as https://api.dingtalk.io', baseUrl);
  const { protocol, hostname, origin } = url;
  check(
    protocol === 'https:' || (protocol === 'http:' && (allowInsecureHttp || LOOPBACK_HOSTS.test(hostname))),
    'baseUrl',
    'an https:// URL (plain http only for loopback hosts, or with allowInsecureHttp: true)',
    origin,
  );
  return baseUrl.replace(/\/+$/, '');
}

export function checkTimeout(field: string, value: number): number {
  check(Number.isFinite(value) && value > 0, field, 'a positive number of milliseconds', value);
  return value;
}

function checkRetry(policy: RetryPolicy): RetryPolicy {
  const { maxAttempts, baseDelayMs, maxDelayMs, onRetry } = policy;
  check(
    Number.isInteger(maxAttempts) && maxAttempts >= 1,
    'retry.maxAttempts',
    'an integer >= 1',
    maxAttempts,
  );
  check(
    Number.isFinite(baseDelayMs) && baseDelayMs >= 0,
    'retry.baseDelayMs',
    'a number of milliseconds >= 0',
    baseDelayMs,
  );
  check(
    Number.isFinite(maxDelayMs) && maxDelayMs >= 0,
    'retry.maxDelayMs',
    'a number of milliseconds >= 0',
    maxDelayMs,
  );
  check(onRetry === undefined || typeof onRetry === 'function', 'retry.onRetry', 'a function', onRetry);
  return policy;
}
