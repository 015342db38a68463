// The seam between the client's policies (transport.ts: token, timeouts, redirects refused, size caps,
// retries, redaction) and the runtime's HTTP: one request out, the answer's head back, its body read on
// demand up to a limit. Two carry it: fetch (wire-fetch.ts; browsers, workers, any runtime) and node:http
// with a keep-alive agent (wire-node.ts; the `node` export condition). default-wire.ts picks one.

/** The head of an answer: what the client reads of it besides the body. */
export type AnswerHead = Pick<Response, 'status' | 'statusText' | 'ok' | 'headers'>;

export interface WireRequest {
  url: string;
  method: string;
  headers: Headers;
  body?: string | Uint8Array<ArrayBuffer> | ArrayBuffer | undefined;
}

export interface WireAnswer {
  head: AnswerHead;
  /** A redirect whose status the runtime hides (a browser's `opaqueredirect` under `redirect: 'manual'`). */
  hiddenRedirect?: boolean;
  /** The body, whole; rejects with BodyTooLarge (read-body.ts) past `maxBytes` inflated, the rest dropped. */
  read(maxBytes: number): Promise<Uint8Array<ArrayBuffer>>;
  /** Drops the body unread. */
  discard(): Promise<void>;
}

/**
 * Sends one request and resolves with the answer's head; never follows a redirect. Rejects with the
 * failure as the runtime reports it (an error with a `code`, or a `cause` with one), or, once `signal`
 * aborts, with an error (the caller tells its own abort from a timeout by the signal it holds).
 */
export type Wire = (request: WireRequest, signal: AbortSignal) => Promise<WireAnswer>;
