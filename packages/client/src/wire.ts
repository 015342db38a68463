// The seam between the client's policies (transport.ts: token, timeouts, redirects refused, size caps,
// retries, redaction) and the runtime's HTTP: one request out, the answer's head back, its body read on
// demand up to a limit. Two carry it: fetch (wire-fetch.ts; browsers, workers, any runtime) and node:http
// with a keep-alive agent (wire-node.ts; the `node` export condition). default-wire.ts picks one.

/** The head of an answer: what the client reads of it besides the body. */
export type AnswerHead = Pick<Response, 'status' | 'statusText' | 'ok' | 'headers'>;

export interface WireRequest {
  url: string;
  method: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  /**
   * A body in memory (whole, or in pieces sent one after another: a file's part as its chunks came), or
   * streamed (sent as it comes, never buffered whole).
   */
  body?:
    | string
    | Uint8Array<ArrayBuffer>
    | ArrayBuffer
    | readonly Uint8Array[]
    | AsyncIterable<Uint8Array>
    | undefined;
}

export interface WireAnswer {
  head: AnswerHead;
  /** A redirect whose status the runtime hides (a browser's `opaqueredirect` under `redirect: 'manual'`). */
  hiddenRedirect?: boolean;
  /** The body, whole; rejects with BodyTooLarge (read-body.ts) past `maxBytes` inflated, the rest dropped. */
  read(maxBytes: number): Promise<Uint8Array<ArrayBuffer>>;
  /**
   * The body as it arrives (a download), decompressed, never buffered whole; `cancel` ends it too. `watch`
   * is told when it waits on the network, to time that, without a stream wrapped around it per chunk.
   */
  stream(watch?: StreamWatch): ReadableStream<Uint8Array>;
  /** Drops the body unread. */
  discard(): Promise<void>;
}

/**
 * Sends one request; `answer` resolves with the answer's head (never following a redirect) or rejects
 * with the failure as the runtime reports it (an error with a `code`, or a `cause` with one). `cancel`
 * ends the exchange at any stage (the head or the body still to come): both then reject. A handle, not an
 * AbortSignal, because an AbortController per attempt is measurable on every call (apps/bench).
 */
export type Wire = (request: WireRequest) => WireCall;

export interface WireCall {
  answer: Promise<WireAnswer>;
  cancel(reason?: unknown): void;
}

/** What a streamed body tells its watcher (the file helpers' idle timeout, files/byte-leg.ts). */
export interface StreamWatch {
  /** The stream has room for more and waits on the network (true), or holds what its reader wants (false). */
  waiting(on: boolean): void;
  /** The body ended: read to its end, failed or cancelled. */
  ended(): void;
  /** The error the reader is given for a failure of the body. */
  failed(error: unknown): unknown;
}
