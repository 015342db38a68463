// The options of createStorageClient, checked once up front: a bad option is a StorageValidationError
// naming it, thrown before any request.
import type { Middleware } from 'openapi-fetch';
import { DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT, DINGTALK_INTL_BASE_URL } from './constants.js';
import { StorageValidationError } from './errors.js';
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
  if (!options || typeof options !== 'object') {
    throw new StorageValidationError('options', 'an object with at least { accessToken }');
  }
  const { accessToken } = options;
  if (typeof accessToken !== 'function' && (typeof accessToken !== 'string' || accessToken === '')) {
    throw new StorageValidationError(
      'accessToken',
      'a non-empty string or a function returning one',
      accessToken === '' ? 'an empty string' : typeof accessToken,
    );
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new StorageValidationError('fetch', 'a fetch function', typeof options.fetch);
  }
  const userFetch = options.fetch;
  return {
    accessToken,
    baseUrl: checkBaseUrl(options.baseUrl ?? DINGTALK_INTL_BASE_URL, options.allowInsecureHttp === true),
    fetch: () => userFetch ?? globalThis.fetch,
    timeoutMs: checkTimeout('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    retry: options.retry === false ? NO_RETRY : checkRetry(options.retry ?? {}),
    headers: { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, ...options.headers },
    middleware: options.middleware ?? [],
  };
}

function checkBaseUrl(baseUrl: string, allowInsecureHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new StorageValidationError(
      'baseUrl',
      'an absolute URL such as https://api.dingtalk.io',
      String(baseUrl),
    );
  }
  const secure = url.protocol === 'https:';
  const plainHttpAllowed =
    url.protocol === 'http:' && (allowInsecureHttp || LOOPBACK_HOSTS.test(url.hostname));
  if (!secure && !plainHttpAllowed) {
    throw new StorageValidationError(
      'baseUrl',
      'an https:// URL (plain http only for loopback hosts, or with allowInsecureHttp: true)',
      url.origin,
    );
  }
  return baseUrl.replace(/\/+$/, '');
}

export function checkTimeout(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new StorageValidationError(field, 'a positive number of milliseconds', String(value));
  }
  return value;
}

function checkRetry(retry: RetryOptions): RetryPolicy {
  if (typeof retry !== 'object' || retry === null) {
    throw new StorageValidationError(
      'retry',
      'false or { maxAttempts, baseDelayMs, maxDelayMs }',
      String(retry),
    );
  }
  const policy = { ...DEFAULT_RETRY, ...retry };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new StorageValidationError('retry.maxAttempts', 'an integer >= 1', String(policy.maxAttempts));
  }
  for (const key of ['baseDelayMs', 'maxDelayMs'] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0) {
      throw new StorageValidationError(`retry.${key}`, 'a number of milliseconds >= 0', String(policy[key]));
    }
  }
  if (policy.onRetry !== undefined && typeof policy.onRetry !== 'function') {
    throw new StorageValidationError('retry.onRetry', 'a function', typeof policy.onRetry);
  }
  return policy;
}
