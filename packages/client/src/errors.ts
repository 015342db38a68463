// The errors createSpace throws. Every one is an instance of StorageError, says what happened and what to
// do, and never carries the access token (see redact.ts).
import type { StorageErrorCode } from '@dingtalk-storage/types';

/**
 * Codes the client itself assigns when a response is not a DingTalk answer:
 * - `unexpectedErrorBody`: a non-2xx response whose body is not DingTalk's `{ code, message }` JSON
 *   (an HTML 502 from a gateway, an empty 503, …);
 * - `invalidResponseBody`: a 2xx response whose body is not JSON or has no `space` object.
 */
export type ClientErrorCode = 'unexpectedErrorBody' | 'invalidResponseBody';

/** A DingTalk error code, a client-assigned code, or a code the server added after this release. */
export type StorageApiErrorCode = StorageErrorCode | ClientErrorCode | (string & {});

/** Base class of every error the client throws. */
export abstract class StorageError extends Error {
  override get name(): string {
    return this.constructor.name;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this as unknown as Record<string, unknown>) };
  }
}

/** DingTalk (or something in between) answered with an error status, or with a 2xx body that is unusable. */
export class StorageApiError extends StorageError {
  readonly status: number;
  readonly code: StorageApiErrorCode;
  readonly requestId: string | undefined;
  /** Whether the client considers this failure transient (it retried it while attempts were left). */
  readonly retryable: boolean;
  /** How many HTTP attempts the call made. */
  readonly attempts: number;
  /** The response body: parsed JSON when it was JSON, else a short excerpt of the text. */
  readonly body: unknown;

  constructor(init: {
    status: number;
    code: StorageApiErrorCode;
    serverMessage: string;
    requestId: string | undefined;
    retryable: boolean;
    attempts: number;
    body: unknown;
  }) {
    const requestId = init.requestId ? `, request id ${init.requestId}` : '';
    super(`${init.serverMessage} (code ${init.code}, HTTP ${init.status}${requestId})`);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.retryable = init.retryable;
    this.attempts = init.attempts;
    this.body = init.body;
  }
}

/** The request never got an HTTP answer (DNS, refused or reset connection, TLS, …). `cause` has the detail. */
export class StorageNetworkError extends StorageError {
  readonly attempts: number;

  constructor(message: string, init: { cause: unknown; attempts: number }) {
    super(message, { cause: init.cause });
    this.attempts = init.attempts;
  }
}

/** An attempt ran past `timeoutMs`: waiting for the response headers, or while reading the body. */
export class StorageTimeoutError extends StorageError {
  readonly timeoutMs: number;
  /** Which wait timed out: `'headers'` (no response yet) or `'body'` (the body stalled). */
  readonly phase: 'headers' | 'body';
  readonly attempts: number;

  constructor(init: { timeoutMs: number; phase: 'headers' | 'body'; attempts: number }) {
    const waiting = init.phase === 'headers' ? 'for the response' : 'while reading the response body';
    super(
      `Attempt ${init.attempts} timed out after ${init.timeoutMs} ms ${waiting}. ` +
        'Raise `timeoutMs` (per attempt) if DingTalk is slow for you.',
    );
    this.timeoutMs = init.timeoutMs;
    this.phase = init.phase;
    this.attempts = init.attempts;
  }
}

/** An option or argument is invalid; thrown before any request is sent. */
export class StorageValidationError extends StorageError {
  /** The option or argument at fault, e.g. `unionId`, `accessToken`, `baseUrl`, `retry.maxAttempts`. */
  readonly field: string;
  /** What the field must be. */
  readonly expected: string;

  constructor(field: string, expected: string, received?: string) {
    super(`Invalid \`${field}\`: expected ${expected}${received ? `, received ${received}` : ''}.`);
    this.field = field;
    this.expected = expected;
  }
}
