// A byte leg: one PUT or GET of a file's bytes to the object store, at the URL DingTalk signed, with exactly
// the headers it signed (never the access token, never the client's headers), on the client's wire. Its
// own policies: a timeout per attempt that only fires when nothing moves, retries of transient failures
// with backoff (a PUT to a signed URL is idempotent), the caller's signal. Errors name the URL's origin
// only: its query, and the signed headers, are the signature; they are redacted wherever else they appear.
import {
  apiError,
  StorageApiError,
  StorageNetworkError,
  StorageTimeoutError,
  StorageValidationError,
} from '../errors.js';
import { BodyTooLarge, textOf } from '../read-body.js';
import { redactValue } from '../redact.js';
import { isRetryableResponse, type RetryPolicy, retryDelay } from '../retry.js';
import { sleep } from '../sleep.js';
import type { AnswerHead, StreamWatch, Wire, WireAnswer } from '../wire.js';
import type { Part } from './body-parts.js';

/** A signed request, as getFileUploadInfo, getMultipartFileUploadInfos and getFileDownloadInfo answer it. */
export interface HeaderSignatureInfo {
  resourceUrls?: string[];
  headers?: Record<string, string>;
  /** How long the signature holds, from when it was given. */
  expirationSeconds?: number;
}

export interface ByteLegPolicy {
  wire: Wire;
  timeoutMs: number;
  retry: RetryPolicy;
  signal?: AbortSignal | undefined;
}

/** A signed target: its URL, headers (lower-case names), and what must never be shown of it. */
export interface SignedTarget {
  url: string;
  origin: string;
  headers: Record<string, string>;
  secrets: Set<string>;
}

/** The most of an error answer read, to find the object store's `<Code>` in it. */
const ERROR_BODY_BYTES = 64 * 1024;
/** Pieces of a signed value this long are redacted on their own too (a signature inside `Authorization`). */
const SECRET_PIECE_LENGTH = 16;

/** The signed target of a headerSignatureInfo: its first (preferred) URL and its headers, as given. */
export function signedTarget(info: HeaderSignatureInfo | undefined, operationId: string): SignedTarget {
  const url = info?.resourceUrls?.[0];
  let parsed: URL | undefined;
  try {
    parsed = url === undefined ? undefined : new URL(url);
  } catch {}
  if (!parsed || !/^https?:$/.test(parsed.protocol))
    throw new StorageValidationError(
      `${operationId}.headerSignatureInfo.resourceUrls`,
      'an http(s) URL to send the bytes to (DingTalk answered none)',
    );
  const headers: Record<string, string> = {};
  // The whole query first, then each signed value and its long pieces: the longest is redacted first, so a
  // piece replaced early cannot leave the rest of a longer secret unmatched.
  const found = [parsed.search.slice(1)];
  for (const [name, value] of Object.entries(info?.headers ?? {})) {
    headers[name.toLowerCase()] = String(value);
    found.push(String(value));
  }
  found.push(...parsed.searchParams.values());
  const pieces = found.flatMap((value) => [value, ...value.split(/[\s,;:=&/]+/)]);
  const secrets = new Set(
    pieces.filter((piece) => piece.length >= SECRET_PIECE_LENGTH).sort((a, b) => b.length - a.length),
  );
  return { url: parsed.href, origin: parsed.origin, headers, secrets };
}

/**
 * PUTs a part (sent again as it is on each attempt) to the target `targetOf` answers for each attempt (a
 * retry after a long backoff may need a fresh signature); resolves once the object store took it.
 */
export async function putBytes(
  policy: ByteLegPolicy,
  targetOf: () => SignedTarget | Promise<SignedTarget>,
  part: Part,
  what: string,
): Promise<void> {
  const { answer } = await withRetries(policy, targetOf, (target, attempt) =>
    send(policy, target, 'PUT', {}, part.pieces, what, attempt),
  );
  await answer.discard().catch(() => {});
}

/** GETs the bytes (`range` e.g. `bytes=0-99`): the answer's head and its body, streamed. */
export async function getBytes(
  policy: ByteLegPolicy,
  target: SignedTarget,
  range: string | undefined,
  what: string,
): Promise<{ head: AnswerHead; body: ReadableStream<Uint8Array> }> {
  const extra: Record<string, string> = range === undefined ? {} : { range };
  const { answer, watch } = await withRetries(
    policy,
    () => target,
    (target, attempt) => send(policy, target, 'GET', extra, undefined, what, attempt),
  );
  return { head: answer.head, body: answer.stream(watch) };
}

interface Sent {
  answer: WireAnswer;
  /** Keeps the body's stream under the idle timeout and the caller's signal until it ends. */
  watch: StreamWatch;
}

async function withRetries(
  policy: ByteLegPolicy,
  targetOf: () => SignedTarget | Promise<SignedTarget>,
  attempt: (target: SignedTarget, attempt: number) => Promise<Sent>,
): Promise<Sent> {
  const { retry, signal } = policy;
  for (let n = 1; ; n++) {
    signal?.throwIfAborted();
    // Outside the byte leg's retries: signing is an API call, with the client's own.
    const target = await targetOf();
    let failure: StorageApiError | StorageNetworkError | StorageTimeoutError;
    try {
      return await attempt(target, n);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const retryable =
        error instanceof StorageNetworkError ||
        error instanceof StorageTimeoutError ||
        (error instanceof StorageApiError && error.retryable);
      if (!retryable || n >= retry.maxAttempts) throw error;
      failure = error;
    }
    const delayMs = retryDelay(n - 1, retry);
    retry.onRetry?.({
      attempt: n,
      delayMs,
      ...(failure instanceof StorageApiError
        ? { status: failure.status, code: String(failure.code) }
        : { error: failure }),
    });
    await sleep(delayMs, signal ?? new AbortController().signal);
  }
}

/** One attempt: the request, its answer's head under the timeout; an error status becomes a typed error. */
async function send(
  { wire, timeoutMs, signal }: ByteLegPolicy,
  target: SignedTarget,
  method: 'PUT' | 'GET',
  extraHeaders: Record<string, string>,
  body: readonly Uint8Array[] | undefined,
  what: string,
  attempt: number,
): Promise<Sent> {
  const call = wire({ url: target.url, method, headers: { ...target.headers, ...extraHeaders }, body });
  let phase: 'headers' | 'body' = 'headers';
  let timedOut = false;
  // The idle watch: since when the exchange has waited on the network (undefined while the body's stream
  // holds what its reader wants) and one timer that looks at it, not a timer cleared and set again per
  // chunk of a download (measured in apps/bench).
  let waitingSince: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const look = () => {
    timer = undefined;
    if (waitingSince === undefined) return;
    const left = waitingSince + timeoutMs - Date.now();
    if (left > 0) {
      timer = setTimeout(look, left);
      return;
    }
    timedOut = true;
    call.cancel();
  };
  const idle = (on: boolean) => {
    waitingSince = on ? Date.now() : undefined;
    if (on && timer === undefined) timer = setTimeout(look, timeoutMs);
  };
  const onAbort = () => call.cancel(signal?.reason);
  signal?.addEventListener('abort', onAbort);
  const finish = () => {
    waitingSince = undefined;
    clearTimeout(timer);
    timer = undefined;
    signal?.removeEventListener('abort', onAbort);
  };
  /** What a failure of the exchange is, as the caller should see it. */
  const failed = (error: unknown): unknown => {
    if (signal?.aborted) return signal.reason;
    if (timedOut)
      return new StorageTimeoutError(
        timeoutMs,
        phase,
        attempt,
        ` (${what} to the file host ${target.origin})`,
      );
    if (error instanceof StorageApiError) return error;
    const failure = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown } | undefined;
    const cause = failure?.cause?.code ?? failure?.code ?? failure?.message ?? error;
    return new StorageNetworkError(
      redactValue(
        `${what} to the file host ${target.origin}: attempt ${attempt} failed without an HTTP answer (${cause}).`,
        target.secrets,
      ),
      error,
      attempt,
    );
  };
  idle(true);
  try {
    const answer = await call.answer;
    phase = 'body';
    const { status } = answer.head;
    if (status < 200 || status >= 300) throw await errorOf(answer, target, what, attempt);
    // A PUT is done; a GET's body is watched by its stream (a slow reader, the stream full, is not idle).
    if (method === 'PUT') finish();
    else idle(false);
    return { answer, watch: { waiting: idle, ended: finish, failed } };
  } catch (error) {
    finish();
    throw failed(error);
  }
}

/** An error status as a StorageApiError: the object store's XML `<Code>` and `<Message>`, redacted. */
async function errorOf(
  answer: WireAnswer,
  target: SignedTarget,
  what: string,
  attempt: number,
): Promise<StorageApiError> {
  const { head } = answer;
  const redirect = head.status >= 300 && head.status < 400;
  let text = '';
  if (redirect) await answer.discard().catch(() => {});
  else
    text = await answer.read(ERROR_BODY_BYTES).then(textOf, (error) => {
      if (error instanceof BodyTooLarge) return '';
      throw error;
    });
  const field = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
  const code = redirect ? 'unexpectedRedirect' : (field('Code') ?? 'unexpectedErrorBody');
  const retryable = !redirect && isRetryableResponse(head.status, undefined);
  const message = redirect
    ? `${what}: the file host ${target.origin} answered HTTP ${head.status}, a redirect, which was not followed`
    : `${what}: the file host ${target.origin} answered HTTP ${head.status}: ${field('Message') ?? (text || 'an empty body')}`;
  const requestid = field('RequestId') ?? head.headers.get('x-oss-request-id') ?? undefined;
  return apiError(head, target.secrets, attempt, code, message, { code, requestid }, retryable);
}
