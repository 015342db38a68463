// The options of createStorageClient, checked once up front: a bad option is a StorageValidationError
// naming it, thrown before any request.
import type { Middleware } from 'openapi-fetch';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  DINGTALK_INTL_BASE_URL,
} from './constants.js';
import { defaultWire } from './default-wire.js';
import { check } from './errors.js';
import { DEFAULT_RETRY, NO_RETRY, type RetryOptions, type RetryPolicy } from './retry.js';
import { type AccessTokenProvider, checkToken } from './token.js';
import type { Wire } from './wire.js';

export interface StorageClientOptions {
  /** The access token, or a provider called once per attempt (see createTokenCache). Required. */
  accessToken: string | AccessTokenProvider;
  /** Default DINGTALK_INTL_BASE_URL; use DINGTALK_CN_BASE_URL for mainland China. */
  baseUrl?: string;
  /**
   * The fetch to use. Default on Node (the package's `node` export condition, which Bun and Deno resolve
   * too): node:http with a keep-alive agent, faster than fetch; elsewhere globalThis.fetch, read at call time.
   */
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
  /**
   * More secrets to redact (`[REDACTED]`) wherever the access token is: from every error and retry event.
   * createAppTokenProvider passes its appSecret here.
   */
  secrets?: string[];
  /**
   * The largest response body the client reads, in bytes. A larger one is cut off and becomes a
   * StorageApiError with code `responseTooLarge`. Default 1_048_576 (1 MiB; a space is about 1 KB).
   */
  maxResponseBytes?: number;
}

export interface ResolvedOptions {
  accessToken: string | AccessTokenProvider;
  baseUrl: string;
  /** How requests go out: the user's fetch, else this build's default (default-wire.ts). */
  wire: Wire;
  timeoutMs: number;
  retry: RetryPolicy;
  headers: Record<string, string>;
  middleware: Middleware[];
  maxResponseBytes: number;
  secrets: string[];
}

/** Timers fire after about 1 ms for longer delays (Node and browsers clamp), so longer ones are refused. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

export function resolveOptions(options: StorageClientOptions): ResolvedOptions {
  check(
    typeof options === 'object' && options !== null,
    'options',
    'an object with at least { accessToken }',
  );
  const {
    accessToken,
    fetch: userFetch,
    retry = {},
    maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES,
  } = options;
  if (typeof accessToken !== 'function') checkToken(accessToken, 'a provider function or a string');
  check(userFetch === undefined || typeof userFetch === 'function', 'fetch', 'a fetch function', userFetch);
  const retryPolicy = retryPolicyOf(retry);
  check(
    Number.isSafeInteger(maxResponseBytes) && maxResponseBytes > 0,
    'maxResponseBytes',
    'a positive integer number of bytes',
    maxResponseBytes,
  );
  const { secrets = [] } = options;
  check(
    Array.isArray(secrets) && secrets.every((secret) => typeof secret === 'string' && secret !== ''),
    'secrets',
    'an array of non-empty strings',
  );
  return {
    accessToken,
    maxResponseBytes,
    secrets,
    baseUrl: checkBaseUrl(options.baseUrl ?? DINGTALK_INTL_BASE_URL, options.allowInsecureHttp === true),
    wire: defaultWire(userFetch),
    timeoutMs: checkTimeout('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    retry: retryPolicy,
    headers: { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, ...options.headers },
    middleware: options.middleware ?? [],
  };
}

/**
 * The base URL, checked once: absolute, https (or loopback http), and nothing that would change where a
 * call goes or leak: no credentials, no query, no fragment. A rejected URL is shown without its password.
 */
function checkBaseUrl(baseUrl: unknown, allowInsecureHttp: boolean): string {
  check(typeof baseUrl === 'string', 'baseUrl', 'a URL string such as https://api.dingtalk.io', baseUrl);
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {}
  check(
    url !== undefined,
    'baseUrl',
    'an absolute URL such as https://api.dingtalk.io',
    baseUrl.replace(/\/\/[^/]*@/, '//…@'),
  );
  const { protocol, hostname, origin, username, password, search, hash, pathname } = url;
  check(
    !username && !password,
    'baseUrl',
    'a URL without credentials (user:password@); the access token goes in `accessToken`',
    origin,
  );
  check(
    !search && !hash,
    'baseUrl',
    'a URL without a query or fragment: the operation paths are appended to it',
    origin,
  );
  check(
    protocol === 'https:' || (protocol === 'http:' && (allowInsecureHttp || LOOPBACK_HOSTS.test(hostname))),
    'baseUrl',
    'an https:// URL (plain http only for loopback hosts, or with allowInsecureHttp: true)',
    origin,
  );
  return origin + pathname.replace(/\/+$/, '');
}

export function checkTimeout(field: string, value: number): number {
  check(
    typeof value === 'number' && value > 0 && value <= MAX_TIMER_MS,
    field,
    `a positive number of milliseconds, at most ${MAX_TIMER_MS} (about 24.8 days)`,
    value,
  );
  return value;
}

/** The `retry` option (the client's, or a byte leg's) as a policy: false, or the defaults with its fields; checked. */
export function retryPolicyOf(retry: false | RetryOptions): RetryPolicy {
  check(
    retry === false || (typeof retry === 'object' && retry !== null),
    'retry',
    'false or { maxAttempts, baseDelayMs, maxDelayMs }',
    retry,
  );
  return retry ? checkRetry({ ...DEFAULT_RETRY, ...retry }) : NO_RETRY;
}

function checkRetry(policy: RetryPolicy): RetryPolicy {
  const { maxAttempts, baseDelayMs, maxDelayMs, onRetry } = policy;
  check(
    Number.isInteger(maxAttempts) && maxAttempts >= 1,
    'retry.maxAttempts',
    'an integer >= 1',
    maxAttempts,
  );
  for (const [field, value] of [
    ['retry.baseDelayMs', baseDelayMs],
    ['retry.maxDelayMs', maxDelayMs],
  ] as const) {
    check(
      typeof value === 'number' && value >= 0 && value <= MAX_TIMER_MS,
      field,
      `a number of milliseconds from 0 to ${MAX_TIMER_MS}`,
      value,
    );
  }
  check(onRetry === undefined || typeof onRetry === 'function', 'retry.onRetry', 'a function', onRetry);
  return policy;
}
