// The errors createSpace throws. Every one is an instance of StorageError, says what happened and what to
// do, and never carries the access token (see redact.ts). Each class names itself literally: a minifier
// renames classes, so `constructor.name` would turn into `J`.
import type { StorageErrorCode } from '@dingtalk-storage/types';
import { REQUEST_ID_HEADER } from './constants.js';
import { excerpt, redactValue } from './redact.js';
import type { AnswerHead } from './wire.js';

/**
 * Codes the client itself assigns when a response is not a DingTalk answer:
 * - `unexpectedErrorBody`: a non-2xx response whose body is not DingTalk's `{ code, message }` JSON
 *   (an HTML 502 from a gateway, an empty 503, …);
 * - `invalidResponseBody`: a 2xx response whose body is not JSON or has no `space` object;
 * - `unexpectedRedirect`: a 3xx; DingTalk does not redirect, and the client never follows one (the token
 *   would go with it);
 * - `responseTooLarge`: a body larger than `maxResponseBytes`; the client stopped reading it.
 */
export type ClientErrorCode =
  | 'unexpectedErrorBody'
  | 'invalidResponseBody'
  | 'unexpectedRedirect'
  | 'responseTooLarge';

/** A DingTalk error code, a client-assigned code, or a code the server added after this release. */
export type StorageApiErrorCode = StorageErrorCode | ClientErrorCode | (string & {});

/** Base class of every error the client throws. */
export abstract class StorageError extends Error {
  override get name(): string {
    return 'StorageError';
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this as object) };
  }
}

/** What a StorageApiError tells, besides its message. */
export interface StorageApiErrorFields {
  status: number;
  code: StorageApiErrorCode;
  /** From the body's `requestid`, else the `x-acs-request-id` header. */
  requestId: string | undefined;
  /** Whether the client considers this failure transient (it retried it while attempts were left). */
  retryable: boolean;
  /** How many HTTP attempts the call made. */
  attempts: number;
  /** The response body: parsed JSON when it was JSON, else a short excerpt of the text. */
  body: unknown;
}

/** DingTalk (or something in between) answered with an error status, or with a 2xx body that is unusable. */
export class StorageApiError extends StorageError {
  // Fields are assigned in one go below; `declare` keeps them out of the emitted class.
  declare readonly status: number;
  declare readonly code: StorageApiErrorCode;
  declare readonly requestId: string | undefined;
  declare readonly retryable: boolean;
  declare readonly attempts: number;
  declare readonly body: unknown;

  constructor(serverMessage: string, fields: StorageApiErrorFields) {
    const requestId = fields.requestId ? `, request id ${fields.requestId}` : '';
    super(`${serverMessage} (code ${fields.code}, HTTP ${fields.status}${requestId})`);
    Object.assign(this, fields);
  }

  override get name(): string {
    return 'StorageApiError';
  }
}

/**
 * A StorageApiError about `response`, with every secret redacted from every field (message, code, request
 * id, body keys and values) and the server's message cut to a short excerpt.
 */
export function apiError(
  response: AnswerHead,
  secrets: ReadonlySet<string>,
  attempts: number,
  code: string,
  message: string,
  body: unknown,
  retryable = false,
): StorageApiError {
  const requestId = (body as { requestid?: unknown } | null)?.requestid;
  const fields: StorageApiErrorFields = {
    status: response.status,
    code,
    requestId:
      typeof requestId === 'string' ? requestId : (response.headers.get(REQUEST_ID_HEADER) ?? undefined),
    retryable,
    attempts,
    body,
  };
  return new StorageApiError(excerpt(message, secrets), redactValue(fields, secrets));
}

/** The request never got an HTTP answer (DNS, refused or reset connection, TLS, …). `cause` has the detail. */
export class StorageNetworkError extends StorageError {
  declare readonly attempts: number;

  constructor(message: string, cause: unknown, attempts: number) {
    super(message, { cause });
    this.attempts = attempts;
  }

  override get name(): string {
    return 'StorageNetworkError';
  }
}

/** Which wait timed out: the access token provider, the response headers, the body, or a task (waitForTask). */
export type TimeoutPhase = 'token' | 'headers' | 'body' | 'task';

/**
 * An attempt ran past `timeoutMs`: waiting for the token provider, the response headers, or the body; or
 * a task was not done by waitForTask's deadline.
 */
export class StorageTimeoutError extends StorageError {
  declare readonly timeoutMs: number;
  /**
   * `'token'` (the provider did not settle), `'headers'` (no response yet), `'body'` (the body stalled) or
   * `'task'` (waitForTask's deadline passed).
   */
  declare readonly phase: TimeoutPhase;
  /** HTTP attempts made; a `'token'` timeout happens before the next one is sent; for `'task'`, getTask calls. */
  declare readonly attempts: number;

  /** `note` ends the message, e.g. why the call was not retried, or which task. */
  constructor(timeoutMs: number, phase: TimeoutPhase, attempts: number, note = '') {
    super(
      (phase === 'token'
        ? `The access token provider did not settle within ${timeoutMs} ms, so no request was sent. ` +
          'Make it answer faster, or let it cancel its own fetch with the `signal` it is given.'
        : phase === 'task'
          ? `Waited ${timeoutMs} ms (timeoutMs) for a task to finish, polling getTask ${attempts}×: `
          : `Attempt ${attempts} timed out after ${timeoutMs} ms ${phase === 'headers' ? 'for the response' : 'while reading the response body'}. ` +
            'Raise `timeoutMs` (per attempt) if DingTalk is slow for you.') + note,
    );
    Object.assign(this, { timeoutMs, phase, attempts });
  }

  override get name(): string {
    return 'StorageTimeoutError';
  }
}

/** An option or argument is invalid; thrown before any request is sent. */
export class StorageValidationError extends StorageError {
  /** The option or argument at fault, e.g. `unionId`, `accessToken`, `baseUrl`, `retry.maxAttempts`. */
  declare readonly field: string;
  /** What the field must be. */
  declare readonly expected: string;

  constructor(field: string, expected: string, received?: string) {
    super(`Invalid \`${field}\`: expected ${expected}${received ? `, received ${received}` : ''}.`);
    Object.assign(this, { field, expected });
  }

  override get name(): string {
    return 'StorageValidationError';
  }
}

/** Throws a StorageValidationError naming `field` unless `ok`; `received` (never a secret) is described. */
export function check(ok: boolean, field: string, expected: string, ...received: [unknown?]): asserts ok {
  if (!ok)
    throw new StorageValidationError(field, expected, received.length ? describe(received[0]) : undefined);
}

/** A rejected value in a message: strings quoted (or "an empty string"/"a blank string"), else its type. */
export function describe(value: unknown): string {
  if (typeof value === 'string')
    return value === '' ? 'an empty string' : value.trim() ? JSON.stringify(value) : 'a blank string';
  return typeof value === 'number' || value === null ? String(value) : typeof value;
}
