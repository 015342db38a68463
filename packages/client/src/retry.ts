// When to retry and how long to wait: full-jitter exponential backoff (as in AWS SDK v3 and Stripe),
// Retry-After honoured up to the cap, and DingTalk's rate-limit answers waited out for at least a second.

export interface RetryOptions {
  /** Attempts in total, the first one included. Default 3. */
  maxAttempts?: number;
  /** The backoff base: the n-th retry waits a random time in [0, min(maxDelayMs, baseDelayMs·2^n)]. Default 200. */
  baseDelayMs?: number;
  /** The longest wait between attempts, also for `Retry-After`. Default 5000. */
  maxDelayMs?: number;
  /** Called before each retry, e.g. to log it. */
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  /** The attempt that just failed (1-based). */
  attempt: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  /** The HTTP status, when the attempt got an answer. */
  status?: number;
  /** DingTalk's error code, when the answer had one. */
  code?: string;
  /** The network or timeout error, when the attempt got no answer. */
  error?: Error;
}

export type RetryPolicy = Required<Omit<RetryOptions, 'onRetry'>> & Pick<RetryOptions, 'onRetry'>;

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 };
export const NO_RETRY: RetryPolicy = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

const RETRYABLE_STATUSES = [429, 500, 502, 503, 504];
/** DingTalk's per-app / per-API QPS limits (403), which clear within about a second. */
const RATE_LIMIT_CODE = /^Forbidden\.AccessDenied\.QpsLimit/;
const RATE_LIMIT_MIN_DELAY_MS = 1_000;

export const isRateLimited = (status: number, code: string | undefined): boolean =>
  status === 403 && RATE_LIMIT_CODE.test(code ?? '');

/** Transient answers worth another attempt. Other 4xx (paramError*, permissionDenied, …) never are. */
export const isRetryableResponse = (status: number, code: string | undefined): boolean =>
  RETRYABLE_STATUSES.includes(status) || isRateLimited(status, code);

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  const trimmed = value?.trim() ?? '';
  // An HTTP date always names a weekday and month; anything else (e.g. "-1") is unreadable.
  const ms = /^\d+$/.test(trimmed)
    ? +trimmed * 1_000
    : /[a-z]/i.test(trimmed)
      ? Date.parse(trimmed) - now
      : Number.NaN;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

/** The wait before retry number `retry` (0 for the first retry). */
export function retryDelay(
  retry: number,
  policy: RetryPolicy,
  hints: { retryAfterMs?: number | undefined; rateLimited?: boolean } = {},
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  const delay =
    hints.retryAfterMs !== undefined
      ? Math.min(hints.retryAfterMs, policy.maxDelayMs)
      : Math.floor(random() * (ceiling + 1));
  return hints.rateLimited ? Math.max(delay, RATE_LIMIT_MIN_DELAY_MS) : delay;
}
